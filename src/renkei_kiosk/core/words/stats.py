"""What organisers read in `stats` and `report`.

Data only: part of the one words table, assembled in :mod:`renkei_kiosk.core.words`.
"""

from __future__ import annotations

#: key -> {"ja": template, "en": template}
STATS: dict[str, dict[str, str]] = {
    # --- the tables of `stats` and `report` (docs/analytics.md) ------------------------------
    "stats_title_summary": {
        "ja": "概要",
        "en": "Summary",
    },
    "stats_title_plays_by_item": {
        "ja": "項目ごとの表示",
        "en": "Plays per item",
    },
    "stats_title_plays_by_kind": {
        "ja": "種類ごとの表示",
        "en": "Plays per kind",
    },
    "stats_title_plays_by_playlist_item": {
        "ja": "プレイリスト・項目ごとの表示",
        "en": "Plays per playlist and item",
    },
    "stats_title_skipped": {
        "ja": "表示できなかったファイル",
        "en": "Skipped (unreadable) files",
    },
    "stats_title_touches_by_action": {
        "ja": "操作ごとのタッチ",
        "en": "Touches per action",
    },
    "stats_title_touches_by_item": {
        "ja": "項目ごとのタッチ",
        "en": "Touches per item",
    },
    "stats_title_touches_by_prefecture": {
        "ja": "都道府県ごとのタッチ",
        "en": "Touches per prefecture",
    },
    "stats_title_touches_by_region": {
        "ja": "地域ごとのタッチ",
        "en": "Touches per region",
    },
    "stats_title_touches_by_category": {
        "ja": "区分ごとのタッチ",
        "en": "Touches per category",
    },
    "stats_title_sessions_by_day": {
        "ja": "日ごとの利用（セッション）",
        "en": "Visitor sessions per day",
    },
    "stats_title_sessions_by_hour": {
        "ja": "時間帯ごとの利用（セッション）",
        "en": "Visitor sessions per hour of day",
    },
    "stats_title_session_lengths": {
        "ja": "利用時間の分布",
        "en": "Session lengths",
    },
    "stats_col_kiosk": {
        "ja": "端末",
        "en": "kiosk",
    },
    "stats_col_plays": {
        "ja": "表示回数",
        "en": "plays",
    },
    "stats_col_seconds": {
        "ja": "表示時間（秒）",
        "en": "seconds on screen",
    },
    "stats_col_skipped": {
        "ja": "スキップ",
        "en": "skipped",
    },
    "stats_col_touches": {
        "ja": "タッチ数",
        "en": "touches",
    },
    "stats_col_sessions": {
        "ja": "セッション数",
        "en": "sessions",
    },
    "stats_col_first": {
        "ja": "最初",
        "en": "first",
    },
    "stats_col_last": {
        "ja": "最後",
        "en": "last",
    },
    "stats_col_problems": {
        "ja": "問題",
        "en": "problems",
    },
    "stats_col_item": {
        "ja": "項目",
        "en": "item",
    },
    "stats_col_kind": {
        "ja": "種類",
        "en": "kind",
    },
    "stats_col_ok": {
        "ja": "最後まで",
        "en": "ok",
    },
    "stats_col_interrupted": {
        "ja": "中断",
        "en": "interrupted",
    },
    "stats_col_playlist": {
        "ja": "プレイリスト",
        "en": "playlist",
    },
    "stats_col_action": {
        "ja": "操作",
        "en": "action",
    },
    "stats_col_opened": {
        "ja": "開いた回数",
        "en": "opened",
    },
    "stats_col_from_signage": {
        "ja": "サイネージから",
        "en": "from signage",
    },
    "stats_col_prefecture": {
        "ja": "都道府県",
        "en": "prefecture",
    },
    "stats_col_region": {
        "ja": "地域",
        "en": "region",
    },
    "stats_col_category": {
        "ja": "区分",
        "en": "category",
    },
    "stats_col_day": {
        "ja": "日付",
        "en": "day",
    },
    "stats_col_hour": {
        "ja": "時",
        "en": "hour",
    },
    "stats_col_mean_seconds": {
        "ja": "平均（秒）",
        "en": "mean s",
    },
    "stats_col_median_seconds": {
        "ja": "中央値（秒）",
        "en": "median s",
    },
    "stats_col_longest_seconds": {
        "ja": "最長（秒）",
        "en": "longest s",
    },
    "stats_col_total_seconds": {
        "ja": "合計（秒）",
        "en": "total s",
    },
    "stats_col_length": {
        "ja": "長さ",
        "en": "length",
    },
    "stats_more": {
        "ja": "… ほか {n} 行（すべては --csv または --json で）",
        "en": "… {n} more rows (all of them with --csv or --json)",
    },
    "stats_none": {
        "ja": "（なし）",
        "en": "(none)",
    },
    "stats_all": {
        "ja": "全端末",
        "en": "all kiosks",
    },
    "stats_period": {
        "ja": "期間",
        "en": "period",
    },
    "stats_idle": {
        "ja": "セッションの区切り: {s} 秒以上タッチなし",
        "en": "sessions end after {s} s without a touch",
    },
    "stats_open_end": {
        "ja": "（指定なし）",
        "en": "(any)",
    },
    # --- the `report` page -------------------------------------------------------------------
    "report_title": {
        "ja": "タッチパネル・サイネージ 利用状況レポート",
        "en": "Kiosk usage report",
    },
    "report_period": {
        "ja": "期間",
        "en": "Period",
    },
    "report_kiosks": {
        "ja": "端末",
        "en": "Kiosks",
    },
    "report_made": {
        "ja": "作成",
        "en": "Made",
    },
    "report_any": {
        "ja": "指定なし",
        "en": "any",
    },
    "report_sessions_day": {
        "ja": "日ごとの利用者数（セッション）",
        "en": "Visitor sessions per day",
    },
    "report_sessions_hour": {
        "ja": "時間帯ごとの利用者数（セッション）",
        "en": "Visitor sessions per hour of day",
    },
    "report_opened": {
        "ja": "よく開かれた項目（タッチで閲覧）",
        "en": "Most opened items in browse mode",
    },
    "report_map": {
        "ja": "都道府県ごとのタッチ",
        "en": "Touches per prefecture",
    },
    "report_share": {
        "ja": "項目ごとの表示の割合と計画",
        "en": "Share of plays per item against the plan",
    },
    "report_skipped": {
        "ja": "表示できなかったファイル",
        "en": "Files that could not be shown",
    },
    "report_day": {
        "ja": "日付",
        "en": "day",
    },
    "report_hour": {
        "ja": "時",
        "en": "hour of day",
    },
    "report_sessions": {
        "ja": "セッション数",
        "en": "sessions",
    },
    "report_times_opened": {
        "ja": "開いた回数",
        "en": "times opened",
    },
    "report_touches": {
        "ja": "タッチ数",
        "en": "touches",
    },
    "report_actual": {
        "ja": "実際の割合",
        "en": "actual share",
    },
    "report_planned": {
        "ja": "計画の割合",
        "en": "planned share",
    },
    "report_share_axis": {
        "ja": "表示回数の割合（%）",
        "en": "share of plays (%)",
    },
    "report_nothing": {
        "ja": "この期間のデータはありません。",
        "en": "No data in this period.",
    },
    "report_none_skipped": {
        "ja": "すべてのファイルを表示できました。",
        "en": "Every file could be shown.",
    },
    "report_not_on_map": {
        "ja": "地図にない都道府県名",
        "en": "Prefecture names not on the map",
    },
    "report_more_items": {
        "ja": "上位 {n} 件を表示（全 {total} 件は stats --csv で）",
        "en": "top {n} shown ({total} in all: stats --csv)",
    },
    "report_notes": {
        "ja": "このレポートについて",
        "en": "About this report",
    },
    "report_note_session": {
        "ja": (
            "セッション: 同じ端末で {s} 秒未満の間隔で続いたタッチを一人の利用とみなします（自"
            "動で閉じた記録は除く）。長さは最初から最後のタッチまで。"
        ),
        "en": (
            "Session: touches on one kiosk less than {s} s apart count as one visitor (the "
            "kiosk's own timeout rows left out); its length is from the first to the last "
            "touch."
        ),
    },
    "report_note_planned_content": {
        "ja": (
            "計画の割合: プレイリストの全項目が1巡に1回ずつ表示される前提（各プレイリストは実際"
            "の表示回数の割合で重み付け）。"
        ),
        "en": (
            "Planned share: every item of a playlist once per round (from the playlists; each "
            "playlist weighed by its share of plays)."
        ),
    },
    "report_note_planned_log": {
        "ja": (
            "計画の割合: 記録にあるプレイリストごとの項目が均等に表示される前提（--content を指"
            "定するとプレイリストの内容から計算）。"
        ),
        "en": (
            "Planned share: equal for the items the log saw in each playlist (give --content "
            "to take them from the playlists)."
        ),
    },
    "report_problems": {
        "ja": "読み取りの問題",
        "en": "Problems while reading",
    },
    # --- `stats` and `report` messages -------------------------------------------------------
    "stats_no_db": {
        "ja": (
            "{path}: このフォルダに kiosk.sqlite3 がありません（端末の状態フォルダか、そこから"
            "コピーした kiosk.sqlite3 を指定してください）"
        ),
        "en": (
            "{path}: no kiosk.sqlite3 in this folder (give a kiosk's state folder, or the "
            "kiosk.sqlite3 file copied from one)"
        ),
    },
    "stats_no_path": {
        "ja": "{path}: フォルダもファイルもありません",
        "en": "{path}: no such folder or file",
    },
    "stats_cannot_read": {
        "ja": "{path}: 読み取れません（{error}）",
        "en": "{path}: cannot be read ({error})",
    },
    "stats_not_db": {
        "ja": (
            "{path}: 端末のデータベースではないか、先頭が壊れています（{error}）。端末からコピ"
            "ーし直してください"
        ),
        "en": (
            "{path}: this is not a kiosk database, or its beginning is destroyed ({error}); "
            "copy it again from the kiosk"
        ),
    },
    "stats_damaged": {
        "ja": "{path}: データベースが壊れています（{error}）。端末からコピーし直してください",
        "en": "{path}: the database is damaged ({error}); copy it again from the kiosk",
    },
    "stats_salvaged": {
        "ja": "{damage}。集計は読み取れた記録だけです: {notes}。",
        "en": "{damage}. The figures count only what could still be read: {notes}.",
    },
    "stats_read_none": {
        "ja": "{table}は読み取れませんでした",
        "en": "no {table} could be read",
    },
    "stats_read_all": {
        "ja": "{table} {n} 件を読み取りました",
        "en": "{n} {table} could be read",
    },
    "stats_read_lost": {
        "ja": "{table} {n} 件を読み取りました（{lost} 件は失われました）",
        "en": "{n} {table} could be read ({lost} lost)",
    },
    "stats_read_end_lost": {
        "ja": "{table} {n} 件を読み取りました（表の終わりが失われ、失われた件数は不明）",
        "en": (
            "{n} {table} could be read (the end of the table is lost, so how many are missing "
            "is unknown)"
        ),
    },
    "stats_table_plays": {
        "ja": "表示記録",
        "en": "plays",
    },
    "stats_table_touches": {
        "ja": "タッチ記録",
        "en": "touches",
    },
    "stats_bad_date": {
        "ja": (
            "{option} {value}: 日付ではありません。YYYY-MM-DD の形で書いてください（例: 2024-07"
            "-09）"
        ),
        "en": "{option} {value}: not a date; write it as YYYY-MM-DD, e.g. 2024-07-09",
    },
    "stats_until_before_since": {
        "ja": "--until {until} が --since {since} より前です",
        "en": "--until {until} is before --since {since}",
    },
    "stats_bad_idle": {
        "ja": "--idle-timeout は 0 秒より大きくしてください",
        "en": "--idle-timeout must be more than 0 seconds",
    },
    "stats_no_content": {
        "ja": "--content {path}: フォルダがありません",
        "en": "--content {path}: no such folder",
    },
    "stats_nothing_read": {
        "ja": "読み取れる端末のデータベースがありません（上の表示を見てください）",
        "en": "no kiosk database could be read (see above)",
    },
    "stats_wrote": {
        "ja": "書き出しました: {path}",
        "en": "wrote {path}",
    },
    "report_need_html": {
        "ja": "--out {path}: .html で終わるファイル名を指定してください",
        "en": "--out {path}: give a file name ending in .html",
    },
}
