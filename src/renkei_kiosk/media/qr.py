"""QR codes as small RGBA pixel blocks (one pixel per module), for a nearest-filtered texture."""

from __future__ import annotations


def qr_rgba(data: str, border: int = 2) -> tuple[int, int, bytes]:
    """(width, height, RGBA bytes) of the QR code for `data`, black on white."""
    import segno  # imported on first use, in a worker thread, not at start-up

    qr = segno.make(data, error="m", micro=False)
    rows = [list(row) for row in qr.matrix_iter(scale=1, border=border)]
    h = len(rows)
    w = len(rows[0]) if rows else 0
    black, white = b"\x00\x00\x00\xff", b"\xff\xff\xff\xff"
    out = bytearray()
    for row in rows:
        for dark in row:
            out += black if dark else white
    return w, h, bytes(out)
