"""Figures for the organisers from kiosks' play and touch logs: `stats` and `report`.

- `source`: finding and opening `kiosk.sqlite3` read-only (a copy when a WAL must be
  applied), reading what it can from a damaged one;
- `tables`: the figures, as named tables of rows, merged over several kiosks;
- `output`: the tables as a readable text table, JSON or CSV files (UTF-8 with BOM);
- `report`: one self-contained HTML page with plots (matplotlib, Agg);
- `command`: the `stats` and `report` commands.

No Kivy and no UI here: this runs on an office PC with the database copied off a kiosk.
"""
