"""Regenerate docs/config.md from the code: `python docs/gen_config.py > docs/config.md`.

tests/test_themes_config.py checks that the page names every setting and every binding id.
"""

from textual.binding import Binding

from tui_reader.core.config import Settings, describe
from tui_reader.ui.app import ReaderApp

DOC = {
    "theme": "Theme name (see `tui-reader config` for the list, or drop a TOML file in the config dir's `themes/`). Empty: `reader-dark`, or `terminal` on a 16-colour terminal (`TERM=xterm`, `screen`, `linux`).",
    "keymap_preset": "`default` or `newsboat` (newsboat's default keys where the action exists: `q` goes back, `Q` quits, `N` toggles read, `u` lists links, `U` undoes).",
    "keymap": 'A table of binding id = "keys" (see below). An entry **replaces** that action\'s default keys; it does not add to them. Several keys: `"j,down"`.',
    "auto_refresh_minutes": "Refresh every feed this often while the reader is open (not while offline: then a quick probe checks for the network every minute); 0 turns it off. 0-1440.",
    "concurrency": "Requests in flight at once during a refresh or prefetch. 1-256.",
    "per_host": "Requests in flight at once to one host. 1-64.",
    "connect_timeout": "Seconds to wait for a connection. 1-300.",
    "read_timeout": "Seconds to wait between two pieces of a response. 1-600.",
    "total_timeout": "Seconds one request may take in all, redirects included. 1-3600.",
    "max_feed_mb": "Largest feed document, after decompression, in MiB. 0.1-512.",
    "max_page_mb": "Largest story page or picture, after decompression, in MiB. 0.1-512.",
    "image_mode": "How the article draws the pictures prefetch stored (it never downloads one): `auto` (Kitty graphics or Sixel when the terminal says at start that it can; only terminals that announce pictures are asked, never inside tmux/screen or over SSH; else half blocks), `halfcell` (half blocks, safe over SSH and in tmux) or `off` (an `[image: alt]` line; prefetch in the app then skips pictures).",
    "browser": "Command that opens links (the URL is added as the last argument; never run through a shell). Empty: `$BROWSER`, else the desktop's opener when there is a display; with none, `o` shows the link and copies it (OSC 52).",
    "article_width": "Widest the article text gets, in columns. 30-400.",
    "mark_read_on_open": "Opening a story marks it read.",
    "keep_days": "`tui-reader cache --prune` removes unstarred stories older than this; 0 keeps them all.",
    "keep_per_feed": "...and keeps at most this many unstarred stories per feed; 0 keeps them all.",
    "cache_max_mb": "...and drops pictures and full texts of the oldest unstarred stories until full texts and pictures fit in this many MB; 0: no limit.",
}


def main() -> None:
    print("# Configuration\n")
    print("One file, `config.toml` in the config directory (`tui-reader config` prints its path; with")
    print("`--home DIR` or `TUI_READER_HOME=DIR` it is `DIR/config/config.toml`). Every key is optional.")
    print("A bad value never stops the reader: the problem is shown (naming the file, the key and what is")
    print("wrong) and that key keeps its default. Starred stories are never pruned.\n")
    print("```toml")
    for key, value in describe(Settings()):
        if key == "keymap":
            continue
        shown = f'"{value}"' if isinstance(value, str) else str(value).lower() if isinstance(value, bool) else value
        print(f"{key} = {shown}")
    print('\n[keymap]\n# "toggle-star" = "f"\n```\n')
    print("| key | default | meaning |\n|---|---|---|")
    for key, value in describe(Settings()):
        print(f"| `{key}` | `{value!r}` | {DOC[key]} |")
    print("\n## Themes\n")
    print("Shipped: `reader-dark`, `reader-light`, `high-contrast`, `paper`, `terminal` (the terminal's own")
    print("16 colours) and `mono`. A theme is a TOML file whose keys are Textual `Theme` fields (`name`,")
    print("`primary`, `secondary`, `accent`, `foreground`, `background`, `surface`, `panel`, `boost`,")
    print("`warning`, `error`, `success`, `dark`, `ansi`, `luminosity_spread`, `text_alpha`) plus a")
    print("`[variables]` table of Textual CSS variables. Put yours in the config dir's `themes/`; every")
    print("colour is checked before the theme is registered, and a broken theme is reported and skipped.")
    print('Pick a theme with `--theme NAME`, `theme = "NAME"`, or live from the command palette')
    print('(`Ctrl+P`, "Change theme"); the palette\'s choice is remembered until the config\'s `theme`')
    print("changes. `NO_COLOR` is honoured.\n")
    print("## Binding ids\n")
    for title, group in ReaderApp.binding_groups():
        print(f"### {title}\n\n| id | default keys | action |\n|---|---|---|")
        for binding in group:
            if isinstance(binding, Binding):
                print(f"| `{binding.id}` | `{binding.key}` | {binding.description} |")
        print()


if __name__ == "__main__":
    main()
