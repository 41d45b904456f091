"""What visitors and staff read on the screen: browse, the staff panel, cards, standby.

Data only: part of the one words table, assembled in :mod:`renkei_kiosk.core.words`.
"""

from __future__ import annotations

#: key -> {"ja": template, "en": template}
SCREENS: dict[str, dict[str, str]] = {
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
    "browse_page_hint": {
        "ja": "スワイプ・タップでページをめくる",
        "en": "Swipe or tap to turn the page",
    },
    "check_no_staff_pin": {
        "ja": "注意: staff_pin がないため、スタッフは画面からスタッフ画面を開けず、"
              "キオスクを終了できません（例: staff_pin: \"2468\"）",
        "en": "warning: no staff_pin, so staff cannot open the staff panel or exit the "
              "kiosk from the screen (add e.g. staff_pin: \"2468\")",
    },
    "check_no_staff_pin_no_touch": {
        "ja": "注意: touch: false で staff_pin もないため、画面はタッチにもクリックにも"
              "反応せず、スタッフは画面からキオスクを終了できません（例: staff_pin: \"2468\" "
              "と書けば、マウスで左上の隅を5秒押してスタッフ画面を開けます）",
        "en": "warning: touch: false and no staff_pin, so the screen answers no touch or "
              "click and staff cannot exit the kiosk from the screen (add e.g. "
              "staff_pin: \"2468\": then holding the top-left corner with a mouse for 5 s "
              "opens the staff panel)",
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
    "staff_touch": {"ja": "タッチ操作", "en": "Touch"},
    "staff_touch_on": {"ja": "有効（タッチで閲覧モード）", "en": "on (a touch opens browse mode)"},
    "staff_touch_off": {"ja": "無効（kiosk.yaml の touch: false）",
                        "en": "off (touch: false in kiosk.yaml)"},
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
}
