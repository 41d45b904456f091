"""Benchmark of the hot-reload watcher alone (no window): latency and batching.

(a) latency from the moment a dropped file is complete (closed) to the moment its batch
    is delivered, over a number of drops: median and max (goal: stable_seconds + 0.5 s);
(b) many files dropped at once: how many batches, and when the last one arrives.

Run: ``.venv/bin/python bench/bench_reload.py [--drops 20] [--files 5000] [--polling]``
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import threading
import time
from pathlib import Path

from renkei_kiosk.content.watcher import ChangeBatch, ContentWatcher


class Collector:
    """on_batch: remembers when each path was first delivered, and every batch."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.first_seen: dict[str, float] = {}
        self.batches: list[tuple[float, ChangeBatch]] = []

    def __call__(self, batch: ChangeBatch) -> None:
        now = time.monotonic()
        with self.lock:
            self.batches.append((now, batch))
            for rel in batch.changed:
                self.first_seen.setdefault(rel, now)

    def wait(self, rels: set[str], timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if rels <= self.first_seen.keys():
                    return True
            time.sleep(0.005)
        return False


def drop_file(path: Path, size: int, chunks: int = 4) -> float:
    """Write a file in a few chunks, like a copy; the time it was complete (closed)."""
    piece = b"\xff" * (size // chunks)
    with open(path, "wb") as f:
        for _ in range(chunks):
            f.write(piece)
            f.flush()
            time.sleep(0.01)
    return time.monotonic()


def bench_latency(root: Path, drops: int, stable: float, polling: bool) -> None:
    collector = Collector()
    watcher = ContentWatcher(root, collector, stable_seconds=stable, polling=polling)
    watcher.start()
    watcher.wait_ready()
    latencies: list[float] = []
    try:
        for i in range(drops):
            rel = f"media/drop_{i:03d}.jpg"
            done = drop_file(root / rel, 400_000)
            if not collector.wait({rel}, timeout=stable + 10):
                print(f"  drop {i}: not delivered within {stable + 10:.0f} s")
                continue
            latencies.append(collector.first_seen[rel] - done)
    finally:
        watcher.stop()
    if not latencies:
        print("(a) no drop was delivered")
        return
    goal = stable + 0.5
    print(
        f"(a) latency complete -> batch over {len(latencies)} drops "
        f"(stable_seconds={stable}, {'polling' if polling else 'native'} observer): "
        f"median {statistics.median(latencies):.3f} s, max {max(latencies):.3f} s, "
        f"goal <= {goal:.1f} s: {'met' if max(latencies) <= goal else 'NOT met'}"
    )


def bench_many(root: Path, files: int, stable: float, polling: bool) -> None:
    collector = Collector()
    watcher = ContentWatcher(root, collector, stable_seconds=stable, polling=polling)
    watcher.start()
    watcher.wait_ready()
    folder = root / "media" / "many"
    folder.mkdir()
    rels = {f"media/many/{i:05d}.jpg" for i in range(files)}
    try:
        start = time.monotonic()
        for rel in sorted(rels):
            (root / rel).write_bytes(b"\xff" * 2048)
        written = time.monotonic()
        ok = collector.wait(rels, timeout=60)
        time.sleep(stable + 1.0)  # let any straggling batch arrive before counting
    finally:
        watcher.stop()
    with collector.lock:
        batches = [(at, b) for at, b in collector.batches if b.changed & rels]
    last = max(at for at, _ in batches) if batches else float("nan")
    print(
        f"(b) {files} files dropped at once (written in {written - start:.2f} s): "
        f"{'all' if ok else 'NOT all'} delivered in {len(batches)} batch(es); "
        f"last batch {last - written:.2f} s after the last file was complete "
        f"({last - start:.2f} s after the first)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--drops", type=int, default=20)
    parser.add_argument("--files", type=int, default=5000)
    parser.add_argument("--stable", type=float, default=1.0)
    parser.add_argument("--polling", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="renkei-bench-") as tmp:
        root = Path(tmp)
        (root / "media").mkdir()
        bench_latency(root, args.drops, args.stable, args.polling)
        bench_many(root, args.files, args.stable, args.polling)


if __name__ == "__main__":
    main()
