"""What staff read about their content: validation and file problems, `check` and `schedule`.

Data only: part of the one words table, assembled in :mod:`renkei_kiosk.core.words`.
"""

from __future__ import annotations

#: key -> {"ja": template, "en": template}
CONTENT: dict[str, dict[str, str]] = {
    # --- pydantic's own error types, by key -------------------------------------------
    "missing": {
        "en": "{label} is missing: add it",
        "ja": "{label}が書かれていません。追加してください",
    },
    "extra_forbidden": {
        "en": "unknown key `{key}`{hint}",
        "ja": "`{key}` は使えないキーです{hint}",
    },
    "hint_did_you_mean": {
        "en": ": did you mean `{suggestion}`?",
        "ja": "。`{suggestion}` の書き間違いではありませんか？",
    },
    "hint_allowed_keys": {
        "en": ": remove it or use one of {allowed}",
        "ja": "。消すか、次のどれかにしてください: {allowed}",
    },
    "hint_column": {
        "en": " (did you mean {suggestion}?)",
        "ja": "（{suggestion} の書き間違いではありませんか？）",
    },
    "one_of": {
        "en": "{label} must be one of {expected}{got}",
        "ja": "{label}は {expected} のどれかにしてください{got}",
    },
    "bool": {
        "en": "{label} must be true or false{got}",
        "ja": "{label}は true か false で書いてください{got}",
    },
    "int": {
        "en": "{label} must be a whole number{got}",
        "ja": "{label}は整数で書いてください{got}",
    },
    "number": {
        "en": "{label} must be a number{got}",
        "ja": "{label}は数値で書いてください{got}",
    },
    "greater_than": {
        "en": "{label} must be more than {limit}{got}",
        "ja": "{label}は {limit} より大きい数にしてください{got}",
    },
    "greater_than_equal": {
        "en": "{label} must be {limit} or more{got}",
        "ja": "{label}は {limit} 以上にしてください{got}",
    },
    "less_than": {
        "en": "{label} must be less than {limit}{got}",
        "ja": "{label}は {limit} 未満にしてください{got}",
    },
    "less_than_equal": {
        "en": "{label} must be {limit} or less{got}",
        "ja": "{label}は {limit} 以下にしてください{got}",
    },
    "string": {
        "en": "{label} must be text{got}",
        "ja": "{label}は文字で書いてください{got}",
    },
    "mapping": {
        "en": "{label} must be a group of `key: value` lines{got}",
        "ja": "{label}は「キー: 値」の行のまとまりで書いてください{got}",
    },
    "file_mapping": {
        "en": "the file must be made of `key: value` lines{got}",
        "ja": "このファイルは「キー: 値」の行で書いてください{got}",
    },
    "list": {
        "en": "{label} must be a list (lines starting with `- `){got}",
        "ja": "{label}は「- 」で始まる行のリストで書いてください{got}",
    },
    "too_short": {
        "en": "{label} is empty: list at least one",
        "ja": "{label}が空です。少なくとも1つ書いてください",
    },
    "datetime": {
        "en": "{label} must be a date and time like \"2024-07-09T10:00:00+09:00\"{got}",
        "ja": "{label}は \"2024-07-09T10:00:00+09:00\" のような日時で書いてください{got}",
    },
    "generic": {
        "en": "{label}: {detail}{got}",
        "ja": "{label}: {detail}{got}",
    },
    # --- our own checks -----------------------------------------------------------------
    "duration_format": {
        "en": "{label} must be a number of seconds like 8, \"8s\" or \"1m30s\"{got}",
        "ja": "{label}は 8、\"8s\"、\"1m30s\" のような秒数で書いてください{got}",
    },
    "duration_format_video": {
        "en": "{label} must be full or a number of seconds like 8, \"8s\" or \"1m30s\"{got}",
        "ja": "{label}は full か、8、\"8s\"、\"1m30s\" のような秒数で書いてください{got}",
    },
    "duration_not_positive": {
        "en": "{label} must be a positive number of seconds{got}",
        "ja": "{label}は正の秒数で書いてください{got}",
    },
    "duration_full": {
        "en": "{label}: `full` only works for video: items; write a number of seconds",
        "ja": "{label}: `full` は video: の項目だけに使えます。秒数で書いてください",
    },
    "touch_bool": {
        "en": "{label} must be true (a touchscreen) or false (a screen nobody can touch: "
              "a projector or a monitor without touch){got}",
        "ja": "{label}は true（タッチできる画面）か false（プロジェクターやタッチ機能の"
              "ないモニターなど、触れない画面）で書いてください{got}",
    },
    "touch_in_display": {
        "en": "touch does not go under display: write it at the start of a line of its "
              "own, without indentation, like touch: false",
        "ja": "touch は display: の中には書けません。字下げせずに行の先頭から "
              "touch: false のように書いてください",
    },
    "staff_pin_number": {
        "en": "{label} must be written in quotes, like staff_pin: \"2468\"{got}",
        "ja": "{label}は staff_pin: \"2468\" のように引用符で囲んで書いてください{got}",
    },
    "staff_pin_empty": {
        "en": "{label} is empty: write a PIN in quotes, or delete the line to disable exit",
        "ja": "{label}が空です。引用符で囲んだ番号を書くか、行ごと消してください",
    },
    "closed_message_missing": {
        "en": "closed: mode text needs a message: line with the text to show",
        "ja": "closed: の mode が text のときは、表示する文を message: に書いてください",
    },
    "date_invalid": {
        "en": "{label}: \"{value}\" is not a date; write dates like 2024-07-09 "
              "or a range like 2024-07-09..2024-08-29",
        "ja": "{label}: \"{value}\" は日付として読めません。2024-07-09 や "
              "2024-07-09..2024-08-29 のように書いてください",
    },
    "date_reversed": {
        "en": "{label}: the range ends ({end}) before it starts ({start}); swap the two dates",
        "ja": "{label}: 終わり（{end}）が始まり（{start}）より前です。"
              "2つの日付を入れ替えてください",
    },
    "hours_invalid": {
        "en": "{label}: \"{value}\" is not a time range; write it like \"10:00-18:00\"",
        "ja": "{label}: \"{value}\" は時間帯として読めません。"
              "\"10:00-18:00\" のように書いてください",
    },
    "hours_number": {
        "en": "{label} must be in quotes, like hours: \"10:00-18:00\"",
        "ja": "{label}は hours: \"10:00-18:00\" のように引用符で囲んで書いてください",
    },
    "hours_same": {
        "en": "{label}: \"{value}\" starts and ends at the same time; "
              "for the whole day write \"00:00-24:00\"",
        "ja": "{label}: \"{value}\" は始まりと終わりが同じ時刻です。"
              "一日中なら \"00:00-24:00\" と書いてください",
    },
    "weekday_invalid": {
        "en": "{label}: \"{value}\" is not a day of the week; "
              "use mon, tue, wed, thu, fri, sat, sun (or 月火水木金土日)",
        "ja": "{label}: \"{value}\" は曜日として読めません。"
              "月火水木金土日 か mon, tue, wed, thu, fri, sat, sun で書いてください",
    },
    "colour_invalid": {
        "en": "{label} must be a colour like \"#000000\"{got}",
        "ja": "{label}は \"#000000\" のような色で書いてください{got}",
    },
    "item_no_source": {
        "en": "this item needs one of image, video, folder, comments, text, qr",
        "ja": "この項目には image, video, folder, comments, text, qr のどれか1つが必要です",
    },
    "item_many_sources": {
        "en": "this item has both {first} and {second}: one item shows one thing; "
              "split it into two items",
        "ja": "この項目に {first} と {second} の両方があります。1つの項目には1つだけ書き、"
              "2つの項目に分けてください",
    },
    "option_not_for": {
        "en": "`{key}` does not apply to a {source}: item; remove it",
        "ja": "`{key}` は {source}: の項目には使えません。消してください",
    },
    "value_empty": {
        "en": "{label} is empty: write what to show",
        "ja": "{label}が空です。表示するものを書いてください",
    },
    # --- reading files ------------------------------------------------------------------
    "yaml_syntax": {
        "en": "this is not valid YAML ({problem}); check the indentation, colons "
              "and quotes on or just before this line",
        "ja": "YAMLの書き方に誤りがあります（{problem}）。この行かその直前の字下げ・"
              "コロン・引用符を確かめてください",
    },
    "yaml_duplicate_key": {
        "en": "`{key}` is written twice here; keep only one",
        "ja": "`{key}` が2回書かれています。1つにしてください",
    },
    "file_unreadable": {
        "en": "the file cannot be read ({error}); check that it is not open in another program",
        "ja": "ファイルを読めません（{error}）。他のソフトで開いたままでないか確かめてください",
    },
    "text_encoding": {
        "en": "the text cannot be read; save the file as UTF-8",
        "ja": "文字を読み取れません。UTF-8 で保存し直してください",
    },
    "playlist_extension": {
        "en": "playlist files must end in .yaml; rename it to {name}",
        "ja": "プレイリストのファイル名は .yaml で終わる必要があります。"
              "{name} に名前を変えてください",
    },
    "playlist_nothing": {
        "en": "this playlist has nothing to show; check the problems listed for it",
        "ja": "このプレイリストには表示できるものがありません。"
              "ほかに表示された問題を確かめてください",
    },
    "path_empty": {
        "en": "the path is empty: write one like media/panels/a.jpg",
        "ja": "パスが空です。media/panels/a.jpg のように書いてください",
    },
    "path_absolute": {
        "en": "\"{path}\" is a full path; write it from the content folder, "
              "like media/panels/a.jpg",
        "ja": "\"{path}\" は絶対パスです。コンテンツフォルダからの場所を "
              "media/panels/a.jpg のように書いてください",
    },
    "path_escape": {
        "en": "\"{path}\" leads outside the content folder; copy the file into media/ "
              "and write that path",
        "ja": "\"{path}\" はコンテンツフォルダの外を指しています。ファイルを media/ に"
              "コピーして、そのパスを書いてください",
    },
    "path_symlink": {
        "en": "\"{path}\" is a link to a place outside the content folder; "
              "copy the file itself into media/",
        "ja": "\"{path}\" はコンテンツフォルダの外へのリンクです。ファイルそのものを media/ に"
              "コピーしてください",
    },
    "media_missing": {
        "en": "\"{path}\" does not exist; check the name (capital letters too) "
              "or copy the file in",
        "ja": "\"{path}\" が見つかりません。名前（大文字・小文字も）を確かめるか、"
              "ファイルをコピーしてください",
    },
    "folder_missing": {
        "en": "the folder \"{path}\" does not exist; check the name or create it",
        "ja": "フォルダ \"{path}\" が見つかりません。名前を確かめるか、フォルダを作ってください",
    },
    "not_a_folder": {
        "en": "\"{path}\" is a file, not a folder; write image: or video: for one file",
        "ja": "\"{path}\" はフォルダではなくファイルです。1つのファイルなら image: か video: "
              "と書いてください",
    },
    "not_a_file": {
        "en": "\"{path}\" is a folder; write folder: to show everything in it",
        "ja": "\"{path}\" はフォルダです。中身をすべて表示するなら folder: と書いてください",
    },
    "wrong_type_image": {
        "en": "\"{path}\" is not an image file (JPEG, PNG, WebP, BMP, GIF)",
        "ja": "\"{path}\" は画像ファイル（JPEG, PNG, WebP, BMP, GIF）ではありません",
    },
    "wrong_type_video": {
        "en": "\"{path}\" is not a video file (MP4, MOV, MKV, WebM, AVI)",
        "ja": "\"{path}\" は動画ファイル（MP4, MOV, MKV, WebM, AVI）ではありません",
    },
    "image_is_video": {
        "en": "\"{path}\" is a video: write video: instead of image:",
        "ja": "\"{path}\" は動画です。image: ではなく video: と書いてください",
    },
    "video_is_image": {
        "en": "\"{path}\" is an image: write image: instead of video:",
        "ja": "\"{path}\" は画像です。video: ではなく image: と書いてください",
    },
    "comments_type": {
        "en": "\"{path}\" must be a .csv or .yaml file",
        "ja": "\"{path}\" は .csv か .yaml のファイルにしてください",
    },
    # --- comment files ------------------------------------------------------------------
    "comment_missing_column": {
        "en": "the column {column} is missing; add a column named {column} (or {alias})",
        "ja": "{column} の列がありません。{alias}（または {column}）という列を追加してください",
    },
    "comment_unknown_column": {
        "en": "unknown column \"{column}\"{hint}; the columns are {allowed}",
        "ja": "\"{column}\" は使えない列名です{hint}。使える列名: {allowed}",
    },
    "comment_duplicate_column": {
        "en": "the column {column} appears twice; keep only one",
        "ja": "{column} の列が2つあります。1つにしてください",
    },
    "comment_row_missing": {
        "en": "row {row}: {column} is empty; fill it in or delete the row",
        "ja": "{row}行目: {column} が空です。書き込むか、行ごと消してください",
    },
    "comment_row_not_text": {
        "en": "row {row}: {column} must be text",
        "ja": "{row}行目: {column} は文字で書いてください",
    },
    "comment_row_not_mapping": {
        "en": "entry {row} must be a group of `key: value` lines",
        "ja": "{row}番目の項目は「キー: 値」の行のまとまりで書いてください",
    },
    "comment_not_list": {
        "en": "a comment YAML file must be a list of entries, each starting with `- `",
        "ja": "コメントのYAMLファイルは「- 」で始まる項目のリストで書いてください",
    },
    "comment_url_invalid": {
        "en": "row {row}: url must start with http:// or https://{got}",
        "ja": "{row}行目: url は http:// か https:// で始めてください{got}",
    },
    "comment_no_rows": {
        "en": "the file has no comments in it",
        "ja": "このファイルにはコメントが1件もありません",
    },
    "comment_photo": {
        "en": "row {row}: photo {detail}",
        "ja": "{row}行目: photo {detail}",
    },
    # --- decoding media -----------------------------------------------------------------
    "media_empty": {
        "en": "the file is empty (0 bytes); copy it again",
        "ja": "ファイルが空（0バイト）です。もう一度コピーしてください",
    },
    "image_truncated": {
        "en": "the image is cut short; copy it again or save it again",
        "ja": "画像が途中で切れています。もう一度コピーするか、保存し直してください",
    },
    "image_unknown": {
        "en": "this is not a readable image (was another kind of file renamed?); "
              "save it again as JPEG or PNG",
        "ja": "画像として読めません（別の種類のファイルの名前を変えただけではありませんか？）。"
              "JPEG か PNG で保存し直してください",
    },
    "image_too_large": {
        "en": "the image is too large ({width}×{height} pixels); "
              "make it smaller, e.g. 3840 pixels wide",
        "ja": "画像が大きすぎます（{width}×{height} ピクセル）。"
              "横 3840 ピクセル程度に縮小してください",
    },
    "image_heif_unsupported": {
        "en": "iPhone photos (HEIC) can't be shown on this PC: install pillow-heif "
              "(pip install pillow-heif), or save the photo again as JPEG",
        "ja": "このパソコンでは iPhone の写真（HEIC）を表示できません。pillow-heif を"
              "インストールする（pip install pillow-heif）か、JPEG で保存し直してください",
    },
    "image_unreadable": {
        "en": "the image cannot be read ({error}); save it again as JPEG or PNG",
        "ja": "画像を読めません（{error}）。JPEG か PNG で保存し直してください",
    },
    "video_unreadable": {
        "en": "the video cannot be played (it may be cut short or not a video); "
              "copy it again or convert it to MP4 (H.264)",
        "ja": "動画を再生できません（途中で切れているか、動画ではない可能性があります）。"
              "もう一度コピーするか、MP4（H.264）に変換してください",
    },
    "video_timeout": {
        "en": "the video did not show a picture within {seconds} seconds; "
              "convert it to MP4 (H.264)",
        "ja": "動画が {seconds} 秒以内に映りませんでした。MP4（H.264）に変換してください",
    },
    # --- the check command --------------------------------------------------------------
    "check_no_root": {
        "en": "the content folder \"{path}\" does not exist",
        "ja": "コンテンツフォルダ \"{path}\" がありません",
    },
    "check_summary": {
        "en": "check: {playlists} playlists, {items} items, {media} media files — {result}",
        "ja": "check: プレイリスト {playlists} 件、項目 {items} 件、メディアファイル {media} 件 — "
              "{result}",
    },
    "check_problems": {
        "en": "{count} problems",
        "ja": "問題 {count} 件",
    },
    "check_one_problem": {
        "en": "1 problem",
        "ja": "問題 1 件",
    },
    "check_clean": {
        "en": "no problems",
        "ja": "問題はありません",
    },
    # --- the "you wrote X" fragments ------------------------------------------------------
    "got": {"en": ", got \"{value}\"", "ja": "（\"{value}\" と書かれています）"},
    "got_nothing": {"en": ", but it is empty", "ja": "（何も書かれていません）"},
    "got_list": {"en": ", got a list", "ja": "（リストが書かれています）"},
    "got_mapping": {"en": ", got `key: value` lines", "ja": "（「キー: 値」が書かれています）"},
    # --- the schedule command ------------------------------------------------------------
    "schedule_closed": {"ja": "閉館", "en": "closed"},
    "schedule_until": {"ja": "{playlist}  {until} まで", "en": "{playlist} until {until}"},
    "schedule_forever": {
        "ja": "{playlist}（この先 {days} 日は変わりません）",
        "en": "{playlist} (no change within {days} days)",
    },
    "schedule_warning": {"ja": "警告: {problem}", "en": "warning: {problem}"},
    "schedule_bad_time": {
        "ja": '{option}: "{value}" は日時として読めません。2024-07-13T19:00 のように書いてください',
        "en": '{option}: "{value}" is not a date and time; write it like 2024-07-13T19:00',
    },
    "schedule_need_to": {
        "ja": "--from には --to も必要です（例: --from 2024-07-13T00:00 --to 2024-07-14T00:00）",
        "en": "--from needs --to as well (e.g. --from 2024-07-13T00:00 --to 2024-07-14T00:00)",
    },
    "schedule_need_from": {
        "ja": "--to には --from も必要です（例: --from 2024-07-13T00:00 --to 2024-07-14T00:00）",
        "en": "--to needs --from as well (e.g. --from 2024-07-13T00:00 --to 2024-07-14T00:00)",
    },
    "schedule_at_and_span": {
        "ja": "--at と --from/--to は同時に使えません",
        "en": "--at cannot be combined with --from/--to",
    },
    "schedule_span_order": {
        "ja": "--to（{end}）は --from（{start}）より後にしてください",
        "en": "--to ({end}) must be later than --from ({start})",
    },
    "schedule_no_content": {
        "ja": "--content: フォルダ {path} が見つかりません",
        "en": "--content: there is no folder {path}",
    },
    "weekday_mon": {"ja": "月", "en": "Mon"},
    "weekday_tue": {"ja": "火", "en": "Tue"},
    "weekday_wed": {"ja": "水", "en": "Wed"},
    "weekday_thu": {"ja": "木", "en": "Thu"},
    "weekday_fri": {"ja": "金", "en": "Fri"},
    "weekday_sat": {"ja": "土", "en": "Sat"},
    "weekday_sun": {"ja": "日", "en": "Sun"},
}
