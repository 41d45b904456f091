"""The kiosk's own words, in Japanese and English: one table for every screen and message.

:data:`WORDS` maps a key to ``{"ja": template, "en": template}``. It holds what staff read
about their content (validation and file problems, `check`'s lines), what visitors read
in browse (keys starting ``browse_``) and the standby slide (``standby_``). Both languages
of a key use the same ``{fields}`` (tests/test_words.py checks it). :func:`text` fills a
template in, :func:`template` gives it unfilled (for a label filled in later). The language
is ``ja`` or ``en``; anything else falls back to ``ja``. Turning a pydantic error into these
words is :mod:`renkei_kiosk.schema.errors`' job.
"""

from __future__ import annotations

LANGUAGES = ("ja", "en")
DEFAULT_LANGUAGE = "ja"

#: key -> {"ja": template, "en": template}; ``{got}`` is a localized "you wrote X"
WORDS: dict[str, dict[str, str]] = {
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
    # --- browse: what visitors read on the touch screens ------------------------------
    "browse_back": {"ja": "◀ 戻る", "en": "◀ Back"},
    "browse_home": {"ja": "ホーム", "en": "Home"},
    "browse_close": {"ja": "展示に戻る", "en": "Close"},
    # the language button names the other language
    "browse_lang": {"ja": "English", "en": "日本語"},
    "browse_browse": {"ja": "さがす", "en": "Explore"},
    "browse_panels": {"ja": "パネル", "en": "Panels"},
    "browse_comments": {"ja": "コメント", "en": "Comments"},
    "browse_videos": {"ja": "動画", "en": "Videos"},
    "browse_map": {"ja": "地図から探す（赤い所）", "en": "Tap the map (red)"},
    "browse_regions": {"ja": "地域から探す", "en": "By region"},
    "browse_categories": {"ja": "分類から探す", "en": "By category"},
    "browse_kinds": {"ja": "展示を見る", "en": "See the exhibits"},
    "browse_count": {"ja": "{n}件", "en": "{n}"},
    "browse_countdown": {
        "ja": "まもなく展示に戻ります　{n}",
        "en": "Returning to the exhibition in {n}",
    },
    "browse_touch_to_stay": {
        "ja": "画面に触れると続けられます",
        "en": "Touch the screen to keep browsing",
    },
    "browse_play": {"ja": "▶ 再生", "en": "▶ Play"},
    "browse_pause": {"ja": "‖ 一時停止", "en": "‖ Pause"},
    "browse_loading": {"ja": "読み込み中…", "en": "Loading…"},
    "browse_cannot_show": {"ja": "表示できません", "en": "Cannot be shown"},
    "browse_swipe_hint": {"ja": "左右にスワイプで前後へ", "en": "Swipe left or right for more"},
    "check_no_staff_pin": {
        "ja": "注意: staff_pin がないため、スタッフは画面からスタッフ画面を開けず、"
              "キオスクを終了できません（例: staff_pin: \"2468\"）",
        "en": "warning: no staff_pin, so staff cannot open the staff panel or exit the "
              "kiosk from the screen (add e.g. staff_pin: \"2468\")",
    },
    "check_no_playlists_folder": {
        "en": "there is no playlists folder, so the screen would show only the standby "
              "slide; create a folder named playlists and put a playlist file (.yaml) in it",
        "ja": "playlists フォルダがないため、画面には準備中の表示しか出ません。"
              "playlists という名前のフォルダを作り、プレイリスト（.yaml）を入れてください",
    },
    "check_no_playlists": {
        "en": "there is no playlist file (.yaml) here, so the screen would show only the "
              "standby slide; add a playlist (see docs/content-format.md)",
        "ja": "プレイリスト（.yaml）が1つもないため、画面には準備中の表示しか出ません。"
              "プレイリストを追加してください（docs/content-format.md を参照）",
    },
    "check_nothing_to_show": {
        "en": "no playlist has anything to show, so the screen would show only the "
              "standby slide; fix the problems listed for the playlists",
        "ja": "表示できるものがあるプレイリストが1つもないため、画面には準備中の表示しか"
              "出ません。プレイリストについて表示された問題を直してください",
    },
    "check_long_comment": {
        "en": "warning: row {row}: the comment is {length} characters long, so its card "
              "runs over many pages, each shown for the item's whole duration; shorten it to "
              "{limit} characters or fewer, or split it over several rows",
        "ja": "注意: {row}行目: コメントが {length} 文字あり、カードが何ページにもなります"
              "（1ページごとに項目の表示秒数ずつ表示されます）。{limit} 文字以内に短くするか、"
              "複数の行に分けてください",
    },
    # --- staff: the PIN pad and the staff panel (ui/staff) ---------------------------
    "staff_pin_title": {"ja": "スタッフ用", "en": "Staff"},
    "staff_pin_prompt": {"ja": "暗証番号を入力してください", "en": "Enter the PIN"},
    "staff_pin_wrong": {
        "ja": "暗証番号が違います（あと{left}回で60秒待ちになります）",
        "en": "Wrong PIN ({left} more tries before a 60 s wait)",
    },
    "staff_pin_wait": {
        "ja": "間違いが続いたため、あと{seconds}秒お待ちください",
        "en": "Too many wrong PINs: wait {seconds} s",
    },
    "staff_ok": {"ja": "決定", "en": "OK"},
    "staff_cancel": {"ja": "やめる", "en": "Cancel"},
    "staff_title": {"ja": "スタッフ画面", "en": "Staff panel"},
    "staff_content_root": {"ja": "コンテンツの場所", "en": "Content folder"},
    "staff_playlist": {"ja": "再生中のプレイリスト", "en": "Active playlist"},
    "staff_item": {"ja": "表示中の項目", "en": "On screen"},
    "staff_last_reload": {"ja": "最後の読み込み", "en": "Last reload"},
    "staff_problems": {"ja": "コンテンツの問題（{n}件）", "en": "Content problems ({n})"},
    "staff_skipped": {"ja": "飛ばしている項目（{n}件）", "en": "Skipped items ({n})"},
    "staff_none": {"ja": "なし", "en": "none"},
    "staff_uptime": {"ja": "稼働時間", "en": "Uptime"},
    "staff_fps": {"ja": "フレームレート", "en": "Frame rate"},
    "staff_memory": {"ja": "メモリ", "en": "Memory"},
    "staff_free_disk": {"ja": "ディスクの空き", "en": "Free disk"},
    "staff_version": {"ja": "バージョン", "en": "Version"},
    "staff_reload": {"ja": "再読み込み (R)", "en": "Reload (R)"},
    "staff_skip": {"ja": "次へ (S)", "en": "Skip (S)"},
    "staff_back": {"ja": "展示に戻る (Esc)", "en": "Back to the show (Esc)"},
    "staff_exit": {"ja": "終了 (X)", "en": "Exit (X)"},
    # --- comment cards and the touch invitation (visitors) ------------------------------
    "card_qr_caption": {"ja": "詳しくはこちら", "en": "More online"},
    "invite_touch": {"ja": "画面にタッチしてください", "en": "Touch to explore"},
    # --- the standby slide: nothing to show yet -----------------------------------------
    "standby_title": {"ja": "まもなく表示します", "en": "Coming up shortly"},
    "standby_message": {
        "ja": "表示できるコンテンツがありません。スタッフが準備中です。",
        "en": "Nothing to show yet: staff are preparing the content.",
    },
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


def normalize_lang(lang: str | None) -> str:
    """``"en"`` for English, else ``"ja"`` (the default)."""
    if lang and lang.strip().lower().startswith("en"):
        return "en"
    return DEFAULT_LANGUAGE


def template(key: str, lang: str | None) -> str:
    """The words ``key`` in ``lang``, with their ``{fields}`` not yet filled in."""
    return WORDS[key][normalize_lang(lang)]


def text(key: str, lang: str | None, /, **fields: object) -> str:
    """The words ``key`` in ``lang`` with ``fields`` filled in."""
    return template(key, lang).format(**fields)
