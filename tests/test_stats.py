"""`renkei-kiosk stats`: figures from databases written by the real Store and generated
ones with known counts; read-only opening (with and without a WAL), damaged databases,
several kiosks merged, idle timeout, dates, and the text, JSON and CSV outputs."""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
import sqlite3
import subprocess
import sys
import unicodedata
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from renkei_kiosk.cli import main
from renkei_kiosk.core.touches import Touch, TouchAction
from renkei_kiosk.stats.source import Source, kiosk_ids, open_source
from renkei_kiosk.stats.tables import Period, compute, sessions
from renkei_kiosk.store import Store

JST = timezone(timedelta(hours=9))
DAY1 = datetime(2024, 7, 9, 10, 0, tzinfo=JST)
PANELS = [f"media/panels/{name}.jpg" for name in ("新宿", "渋谷", "港")]


def stats_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    code = main(["stats", *args, "--json"])
    out = capsys.readouterr().out
    return code, json.loads(out)


def rows_of(data: dict, table: str) -> list[dict]:  # type: ignore[type-arg]
    return list(data["tables"][table])


def write_with_store(db: Path) -> None:
    """A day as the real kiosk logs it: 9 plays (one skipped, one interrupted by a
    touch), and two visitors (touches 10:05:00-10:05:40 and 10:20:00-10:20:05)."""
    with Store(db) as store:
        t = DAY1
        for n in range(9):
            item = PANELS[n % 3]
            row = store.play_started(item, "image", "main", t)
            outcome = "skipped" if n == 4 else "interrupted" if n == 8 else "ok"
            t += timedelta(seconds=0 if outcome == "skipped" else 8)
            store.play_ended(row, t, outcome)
        row = store.play_started("media/comments/賛同.csv#2", "comment", "main", t)
        store.play_ended(row, t + timedelta(seconds=12), "ok")
        v1 = DAY1 + timedelta(minutes=5)
        store.touch(Touch(TouchAction.OPEN, PANELS[2]), v1)
        store.touch(Touch(TouchAction.MAP, prefecture="北海道", region="北海道"),
                    v1 + timedelta(seconds=10))
        store.touch(Touch(TouchAction.ITEM, "media/comments/賛同.csv#2", prefecture="北海道",
                          region="北海道", category="賛同自治体"), v1 + timedelta(seconds=25))
        store.touch(Touch(TouchAction.SWIPE, "media/comments/賛同.csv#3", prefecture="青森県",
                          region="東北", category="賛同自治体"), v1 + timedelta(seconds=40))
        store.touch(Touch(TouchAction.TIMEOUT), v1 + timedelta(seconds=100))
        v2 = DAY1 + timedelta(minutes=20)
        store.touch(Touch(TouchAction.OPEN, PANELS[0]), v2)
        store.touch(Touch(TouchAction.LIST, target="panels"), v2 + timedelta(seconds=5))


def test_figures_from_a_database_written_by_the_store(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    state = tmp_path / "会場A"
    write_with_store(state / "kiosk.sqlite3")
    code, data = stats_json(capsys, "--state", str(state))
    assert code == 0
    assert data["kiosks"] == ["会場A"] and data["problems"] == []
    assert rows_of(data, "summary") == [{
        "kiosk": "会場A", "plays": 10, "seconds": 76.0, "skipped": 1, "touches": 7,
        "sessions": 2, "first": "2024-07-09T10:00:00.000+09:00",
        "last": "2024-07-09T10:01:04.000+09:00", "problems": 0,
    }]
    by_item = {r["item"]: r for r in rows_of(data, "plays_by_item")}
    assert by_item[PANELS[1]] == {
        "kiosk": "会場A", "item": PANELS[1], "kind": "image", "plays": 3, "ok": 2,
        "skipped": 1, "interrupted": 0, "seconds": 16.0,
    }
    assert by_item[PANELS[2]]["interrupted"] == 1
    assert rows_of(data, "plays_by_kind") == [
        {"kiosk": "会場A", "kind": "image", "plays": 9, "seconds": 64.0},
        {"kiosk": "会場A", "kind": "comment", "plays": 1, "seconds": 12.0},
    ]
    assert [(r["item"], r["skipped"]) for r in rows_of(data, "skipped")] == [(PANELS[1], 1)]
    assert {r["action"]: r["touches"] for r in rows_of(data, "touches_by_action")} == {
        "open": 2, "map": 1, "item": 1, "swipe": 1, "timeout": 1, "list": 1}
    assert {r["prefecture"]: r["touches"] for r in rows_of(data, "touches_by_prefecture")} == {
        "北海道": 2, "青森県": 1}
    assert {r["region"]: r["touches"] for r in rows_of(data, "touches_by_region")} == {
        "北海道": 2, "東北": 1}
    assert {r["category"]: r["touches"] for r in rows_of(data, "touches_by_category")} == {
        "賛同自治体": 2}
    items = {r["item"]: (r["touches"], r["opened"], r["from_signage"])
             for r in rows_of(data, "touches_by_item")}
    assert items == {"media/comments/賛同.csv#2": (1, 1, 0), "media/comments/賛同.csv#3": (1, 0, 0),
                     PANELS[2]: (1, 0, 1), PANELS[0]: (1, 0, 1)}
    # two visitors: 40 s (4 touches) and 5 s (2 touches); the timeout row is not a touch
    assert rows_of(data, "sessions_by_day") == [{
        "kiosk": "会場A", "day": "2024-07-09", "sessions": 2, "touches": 6,
        "mean_seconds": 22.5, "median_seconds": 22.5, "longest_seconds": 40.0,
        "total_seconds": 45.0,
    }]
    assert rows_of(data, "sessions_by_hour") == [{
        "kiosk": "会場A", "hour": 10, "sessions": 2, "touches": 6, "mean_seconds": 22.5,
        "median_seconds": 22.5,
    }]
    lengths = {r["length"]: r["sessions"] for r in rows_of(data, "session_lengths")}
    assert lengths["0-10s"] == 1 and lengths["30-60s"] == 1 and sum(lengths.values()) == 2


# --- generated databases with known counts --------------------------------------------------

def generate(db: Path, *, days: int, plays_per_day: int, visitors_per_hour: int,
             touches_per_visitor: int, gap: float, start: datetime = DAY1) -> None:
    """A database in the Store's schema with exactly known counts: each day from 10:00,
    `plays_per_day` 10-second plays cycling over PANELS (every 7th skipped); each hour
    10:00-17:00, `visitors_per_hour` visitors, each `touches_per_visitor` touches `gap`
    seconds apart, 5 minutes apart from each other, each visitor's touches about 北海道."""
    with Store(db):
        pass
    conn = sqlite3.connect(db)
    plays, touches = [], []
    for d in range(days):
        day = start + timedelta(days=d)
        for n in range(plays_per_day):
            t0 = day + timedelta(seconds=10 * n)
            skipped = n % 7 == 6
            t1 = t0 if skipped else t0 + timedelta(seconds=10)
            plays.append((t0.isoformat(timespec="milliseconds"),
                          t1.isoformat(timespec="milliseconds"), PANELS[n % 3], "image",
                          "main", "skipped" if skipped else "ok"))
        for hour in range(8):
            for v in range(visitors_per_hour):
                t = day + timedelta(hours=hour, minutes=5 * v)
                for k in range(touches_per_visitor):
                    at = (t + timedelta(seconds=gap * k)).isoformat(timespec="milliseconds")
                    action = "open" if k == 0 else "map"
                    touches.append((at, action, PANELS[0] if k == 0 else None,
                                    None if k == 0 else "北海道", None if k == 0 else "北海道"))
    conn.executemany("INSERT INTO plays (started_at, ended_at, item, kind, playlist, outcome) "
                     "VALUES (?, ?, ?, ?, ?, ?)", plays)
    conn.executemany("INSERT INTO touches (at, action, item, prefecture, region) "
                     "VALUES (?, ?, ?, ?, ?)", touches)
    conn.commit()
    conn.close()


def test_generated_counts_are_exact(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    state = tmp_path / "kiosk1"
    generate(state / "kiosk.sqlite3", days=3, plays_per_day=700, visitors_per_hour=4,
             touches_per_visitor=5, gap=20)
    code, data = stats_json(capsys, "--state", str(state))
    assert code == 0
    (summary,) = rows_of(data, "summary")
    assert summary["plays"] == 2100
    assert summary["skipped"] == 300  # every 7th of 700, on 3 days
    assert summary["seconds"] == 18000.0  # 600 shown plays x 10 s x 3 days
    assert summary["touches"] == 3 * 8 * 4 * 5
    assert summary["sessions"] == 3 * 8 * 4
    days = rows_of(data, "sessions_by_day")
    assert [(r["day"], r["sessions"], r["touches"], r["mean_seconds"], r["longest_seconds"])
            for r in days] == [(f"2024-07-{d:02d}", 32, 160, 80.0, 80.0) for d in (9, 10, 11)]
    hours = rows_of(data, "sessions_by_hour")
    assert [(r["hour"], r["sessions"]) for r in hours] == [(h, 12) for h in range(10, 18)]
    assert {r["prefecture"]: r["touches"] for r in rows_of(data, "touches_by_prefecture")} == {
        "北海道": 3 * 8 * 4 * 4}


def test_since_and_until_are_local_days_inclusive(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    state = tmp_path / "kiosk1"
    generate(state / "kiosk.sqlite3", days=3, plays_per_day=10, visitors_per_hour=1,
             touches_per_visitor=2, gap=5)
    _, data = stats_json(capsys, "--state", str(state), "--since", "2024-07-10",
                         "--until", "2024-07-10")
    assert [r["day"] for r in rows_of(data, "sessions_by_day")] == ["2024-07-10"]
    assert rows_of(data, "summary")[0]["plays"] == 10
    _, data = stats_json(capsys, "--state", str(state), "--since", "2024-07-10")
    assert rows_of(data, "summary")[0]["plays"] == 20
    with pytest.raises(SystemExit) as exit_info:
        main(["stats", "--state", str(state), "--since", "7/10"])
    assert exit_info.value.code == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("gaps", "timeout", "expected"),
    [
        ([0, 59.9, 59.9], 60, [(119.8, 3)]),  # less than the timeout: one visitor
        ([0, 60], 60, [(0.0, 1), (0.0, 1)]),  # exactly the timeout: a new one
        ([0, 30, 100, 10], 60, [(30.0, 2), (10.0, 2)]),
        ([0, 30, 100, 10], 120, [(140.0, 4)]),
        ([], 60, []),
    ],
)
def test_sessions_split_at_the_idle_timeout(
    gaps: list[float], timeout: float, expected: list[tuple[float, int]]
) -> None:
    times, t = [], 1000.0
    for g in gaps:
        t += g
        times.append((t, "2024-07-09", 10))
    assert [(round(s[2], 1), s[3]) for s in sessions(reversed(times), timeout)] == expected


def test_the_idle_timeout_comes_from_the_option_or_kiosk_yaml(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    state = tmp_path / "kiosk1"
    # visitors' touches 45 s apart: one session each with 60 s, separate touches with 30 s
    generate(state / "kiosk.sqlite3", days=1, plays_per_day=1, visitors_per_hour=1,
             touches_per_visitor=3, gap=45)
    _, data = stats_json(capsys, "--state", str(state))
    assert data["idle_timeout"] == 60 and rows_of(data, "summary")[0]["sessions"] == 8
    _, data = stats_json(capsys, "--state", str(state), "--idle-timeout", "30")
    assert rows_of(data, "summary")[0]["sessions"] == 24
    content = tmp_path / "content"
    content.mkdir()
    (content / "kiosk.yaml").write_text("idle_timeout: 40\n", encoding="utf-8")
    _, data = stats_json(capsys, "--state", str(state), "--content", str(content))
    assert data["idle_timeout"] == 40 and rows_of(data, "summary")[0]["sessions"] == 24


# --- read-only, WAL, older schema, damage ---------------------------------------------------

def snapshot(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_a_running_kiosks_database_is_read_through_a_copy_and_never_changed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    state = tmp_path / "kiosk1"
    store = Store(state / "kiosk.sqlite3")  # still open: its rows are in the -wal file
    try:
        for n in range(5):
            store.play_started(PANELS[0], "image", "main", DAY1 + timedelta(seconds=n))
        store.touch(Touch(TouchAction.OPEN, PANELS[0]), DAY1)
        assert (state / "kiosk.sqlite3-wal").stat().st_size > 0
        before = snapshot(state)
        code, data = stats_json(capsys, "--state", str(state))
        assert code == 0
        assert rows_of(data, "summary")[0]["plays"] == 5
        assert rows_of(data, "summary")[0]["touches"] == 1
        assert snapshot(state) == before
    finally:
        store.close()


def test_a_database_copied_without_its_wal_is_opened_in_place_read_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    state = tmp_path / "kiosk1"
    write_with_store(state / "kiosk.sqlite3")  # closed: checkpointed, no -wal left
    assert sorted(p.name for p in state.iterdir()) == ["kiosk.sqlite3"]
    before = snapshot(state)
    source = open_source(state, "kiosk1")
    try:
        assert source.tmp is None  # no copy needed
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            source.conn.execute("DELETE FROM plays")
    finally:
        source.close()
    code, data = stats_json(capsys, "--state", str(state / "kiosk.sqlite3"))
    assert code == 0 and rows_of(data, "summary")[0]["plays"] == 10
    assert snapshot(state) == before  # not even a -shm file


def test_a_version_1_database_is_read_without_migrating_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from test_store import write_v1

    state = tmp_path / "old"
    state.mkdir()
    write_v1(state / "kiosk.sqlite3")
    before = snapshot(state)
    code, data = stats_json(capsys, "--state", str(state))
    assert code == 0
    assert {r["action"]: r["touches"] for r in rows_of(data, "touches_by_action")} == {
        "open": 1, "item": 1, "home": 1}  # open_item counts as item
    assert rows_of(data, "touches_by_prefecture") == []
    assert rows_of(data, "summary")[0]["plays"] == 1
    assert snapshot(state) == before


def damage(db: Path) -> None:
    """Scribble over some pages in the middle of the file (not the first)."""
    data = bytearray(db.read_bytes())
    page = 4096
    for offset in range(3 * page, len(data) - page, 7 * page):
        data[offset : offset + page] = b"\xa5" * page
    db.write_bytes(bytes(data))


@pytest.mark.parametrize(
    ("lang", "damaged", "what_to_do", "read"),
    [("en", "the database is damaged", "copy it again from the kiosk", "{n} plays could be read"),
     ("ja", "データベースが壊れています", "端末からコピーし直してください",
      "表示記録 {n} 件を読み取りました")],
)
def test_a_damaged_database_gives_a_clear_error_and_the_rows_that_can_be_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], lang: str, damaged: str,
    what_to_do: str, read: str,
) -> None:
    state = tmp_path / "kiosk1"
    generate(state / "kiosk.sqlite3", days=4, plays_per_day=3000, visitors_per_hour=2,
             touches_per_visitor=3, gap=5)
    damage(state / "kiosk.sqlite3")
    before = snapshot(state)
    code = main(["--lang", lang, "stats", "--state", str(state), "--json"])
    captured = capsys.readouterr()
    assert code == 1
    assert f"{state / 'kiosk.sqlite3'}: {damaged}" in captured.err
    assert what_to_do in captured.err
    data = json.loads(captured.out)
    plays = rows_of(data, "summary")[0]["plays"]
    assert 0 < plays < 12000  # some rows lost, the rest counted
    assert read.format(n=plays) in captured.err
    assert data["problems"] and str(state / "kiosk.sqlite3") in data["problems"][0]
    assert snapshot(state) == before


def test_a_file_that_is_no_database_is_named_and_the_other_kiosks_still_count(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good, bad, empty = tmp_path / "good", tmp_path / "bad", tmp_path / "empty"
    write_with_store(good / "kiosk.sqlite3")
    bad.mkdir()
    (bad / "kiosk.sqlite3").write_bytes(b"not a database at all\n" * 300)
    empty.mkdir()
    code = main(["--lang", "en", "stats", "--state", str(good), "--state", str(bad),
                 "--state", str(empty), "--json"])
    captured = capsys.readouterr()
    assert code == 1
    assert f"{bad / 'kiosk.sqlite3'}: this is not a kiosk database" in captured.err
    assert f"{empty}: no kiosk.sqlite3 in this folder" in captured.err
    data = json.loads(captured.out)
    assert data["kiosks"] == ["good"] and rows_of(data, "summary")[0]["plays"] == 10
    with pytest.raises(SystemExit) as exit_info:
        main(["stats", "--state", str(empty)])
    assert exit_info.value.code == 2


# --- several kiosks --------------------------------------------------------------------------

def test_several_kiosks_merge_and_each_row_keeps_its_kiosk(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a = tmp_path / "新宿会場"
    b = tmp_path / "renkei" / "state"
    c = tmp_path / "other" / "state"  # the same folder name as b
    write_with_store(a / "kiosk.sqlite3")
    generate(b / "kiosk.sqlite3", days=1, plays_per_day=70, visitors_per_hour=1,
             touches_per_visitor=2, gap=5)
    generate(c / "kiosk.sqlite3", days=2, plays_per_day=7, visitors_per_hour=1,
             touches_per_visitor=2, gap=5)
    code, data = stats_json(capsys, "--state", str(a), "--state", str(b), "--state", str(c))
    assert code == 0
    assert data["kiosks"] == ["新宿会場", "state", "state-2"]
    summary = {r["kiosk"]: r for r in rows_of(data, "summary")}
    assert [summary[k]["plays"] for k in ("新宿会場", "state", "state-2", "*")] == [10, 70, 14, 94]
    assert [summary[k]["sessions"] for k in ("新宿会場", "state", "state-2", "*")] == [2, 8, 16, 26]
    days = [(r["kiosk"], r["day"], r["sessions"]) for r in rows_of(data, "sessions_by_day")]
    assert days == [("新宿会場", "2024-07-09", 2), ("state", "2024-07-09", 8),
                    ("state-2", "2024-07-09", 8), ("state-2", "2024-07-10", 8)]
    for name in data["tables"]:
        assert all(r["kiosk"] in summary for r in rows_of(data, name)), name


def test_kiosk_ids_are_folder_names_made_unique(tmp_path: Path) -> None:
    (tmp_path / "x" / "state").mkdir(parents=True)
    (tmp_path / "y" / "state").mkdir(parents=True)
    (tmp_path / "y" / "state" / "kiosk.sqlite3").write_bytes(b"")
    assert kiosk_ids([tmp_path / "x" / "state", tmp_path / "y" / "state" / "kiosk.sqlite3",
                      tmp_path / "A"]) == ["state", "state-2", "A"]


# --- outputs ---------------------------------------------------------------------------------

def test_csv_files_have_a_bom_and_open_in_excels_encoding(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    state = tmp_path / "会場A"
    write_with_store(state / "kiosk.sqlite3")
    out = tmp_path / "集計"
    assert main(["stats", "--state", str(state), "--csv", str(out)]) == 0
    assert capsys.readouterr().out == ""  # files only
    names = sorted(p.name for p in out.iterdir())
    assert "touches_by_prefecture.csv" in names and "sessions_by_day.csv" in names
    raw = (out / "touches_by_prefecture.csv").read_bytes()
    assert raw.startswith(codecs.BOM_UTF8)
    assert b"\r\n" in raw
    text = raw.decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(text))) == [
        ["端末", "都道府県", "タッチ数"], ["会場A", "北海道", "2"], ["会場A", "青森県", "1"]]
    # Excel in Japan saves CSV back as CP932 (Shift_JIS): every character fits it
    for path in out.iterdir():
        decoded = path.read_bytes().decode("utf-8-sig")
        assert decoded.encode("cp932").decode("cp932") == decoded
    from renkei_kiosk.content.loader import decode_text

    resaved = text.encode("cp932")
    assert list(csv.reader(io.StringIO(decode_text(resaved))))[1] == ["会場A", "北海道", "2"]


def test_csv_headers_in_english(tmp_path: Path) -> None:
    state = tmp_path / "k"
    write_with_store(state / "kiosk.sqlite3")
    assert main(["--lang", "en", "stats", "--state", str(state), "--csv", str(tmp_path / "o")]) == 0
    header = (tmp_path / "o" / "sessions_by_day.csv").read_text(encoding="utf-8-sig")
    assert header.splitlines()[0].startswith("kiosk,day,sessions,touches,mean s")


@pytest.mark.parametrize(
    ("lang", "words"),
    [("ja", ["■ 都道府県ごとのタッチ", "都道府県", "北海道", "セッション数"]),
     ("en", ["■ Touches per prefecture", "prefecture", "北海道", "sessions"])],
)
def test_the_text_table_is_labelled_in_the_chosen_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], lang: str, words: list[str]
) -> None:
    state = tmp_path / "k"
    write_with_store(state / "kiosk.sqlite3")
    assert main(["--lang", lang, "stats", "--state", str(state)]) == 0
    out = capsys.readouterr().out
    for w in words:
        assert w in out
    lines = out.splitlines()
    at = lines.index(words[0])
    header, rule, row1, row2 = lines[at + 1 : at + 5]
    # the numbers end under their label, whatever the width of the Japanese text before them
    assert {width(header), width(row1), width(row2)} == {width(rule)}
    assert row1.endswith(" 2") and "北海道" in row1


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text.rstrip())


def test_stats_and_report_run_without_kivy(tmp_path: Path) -> None:
    state = tmp_path / "k"
    write_with_store(state / "kiosk.sqlite3")
    out = tmp_path / "r.html"
    code = (
        "import sys\n"
        "from renkei_kiosk.cli import main\n"
        f"assert main(['stats', '--state', {str(state)!r}, '--json']) == 0\n"
        f"assert main(['report', '--state', {str(state)!r}, '--out', {str(out)!r}]) == 0\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('kivy', 'japanize_kivy')]\n"
        "assert not bad, bad\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=False, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]


def test_compute_on_sources_directly(tmp_path: Path) -> None:
    write_with_store(tmp_path / "a" / "kiosk.sqlite3")
    source: Source = open_source(tmp_path / "a", "a")
    try:
        stats = compute([source], Period(), 60.0)
    finally:
        source.close()
    assert stats.table("summary").rows[0][:2] == ("a", 10)
    assert source.tmp is None
