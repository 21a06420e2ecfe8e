"""The reader at scale: first paint, key latency and peak memory with stores of 100 to 100,000
stories.

    python -m benchmarks.app [--sizes 100,10000,100000] [--runs 9] [--paint-only]

First paint runs the real `tui-reader --offline` in a pseudo-terminal and waits for the newest
story's title to be drawn; a bare Textual app (a header, a line of text, a footer) is timed the
same way in the same run, as the yardstick. Key latency drives the app with Pilot: `j` held
through the story list and `n` across feeds. Peak memory is the child's maximum RSS after moving
the cursor through the whole list.

The package is byte-compiled first, as an installed one is (pip compiles at install): with
PYTHONDONTWRITEBYTECODE set, as on these machines, every start would otherwise compile each
module changed since its last .pyc, while Textual's own are compiled.
"""

from __future__ import annotations

import argparse
import compileall
import os
import pty
import select
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

from benchmarks.common import ROOT, report
from benchmarks.stores import NEWEST, build_store

BARE_APP = textwrap.dedent("""
    from textual.app import App
    from textual.widgets import Footer, Header, Static

    class Bare(App):
        def compose(self):
            yield Header()
            yield Static("Benchmark newest story")
            yield Footer()

    Bare().run()
""")


def first_paint(
    command: list[str], env: dict[str, str], marker: bytes, timeout: float = 60.0
) -> float:
    """Seconds from starting the process to `marker` appearing on its terminal."""
    master, slave = pty.openpty()
    os.set_blocking(master, False)
    started = time.perf_counter()
    child = subprocess.Popen(
        command, stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True
    )
    os.close(slave)
    seen = b""
    try:
        while time.perf_counter() - started < timeout:
            ready, _, _ = select.select([master], [], [], 0.05)
            if ready:
                try:
                    seen += os.read(master, 65536)
                except OSError:
                    break
                if marker in seen:
                    return time.perf_counter() - started
        raise TimeoutError(f"{marker!r} never appeared")
    finally:
        child.kill()
        child.wait(5)
        os.close(master)


def environment(home: Path) -> dict[str, str]:
    return {
        **os.environ,
        "TERM": "xterm-256color",
        "COLUMNS": "120",
        "LINES": "40",
        "TUI_READER_HOME": str(home),
        "PYTHONPATH": str(ROOT),
    }


KEYS_SCRIPT = textwrap.dedent("""
    import asyncio, json, resource, statistics, sys, time
    from tui_reader.core.store import Store
    from tui_reader.ui.app import ReaderApp

    async def main(path, presses):
        app = ReaderApp(Store(path), theme="reader-dark", offline=True)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            stories = app.screen.stories
            j = []
            for _ in range(presses):
                started = time.perf_counter()
                await pilot.press("j")
                j.append(time.perf_counter() - started)
            n = []
            for _ in range(min(presses, 50)):
                started = time.perf_counter()
                await pilot.press("n")
                n.append(time.perf_counter() - started)
            step = max(1, stories.scrollable_content_region.height)
            for index in range(0, stories.total, step):
                stories.move_to(index)
                await pilot.pause()
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        floor = await pilot_floor(presses)
        print(json.dumps({"j": j, "n": n, "rss_mb": rss, "floor": floor}))

    async def pilot_floor(presses):
        # What Pilot itself costs per key: an app whose key does nothing.
        from textual.app import App
        from textual.binding import Binding
        from textual.widgets import Static

        class Idle(App):
            BINDINGS = [Binding("j", "nothing", "")]

            def compose(self):
                yield Static("idle")

            def action_nothing(self):
                pass

        async with Idle().run_test(size=(120, 40)) as pilot:
            times = []
            for _ in range(presses):
                started = time.perf_counter()
                await pilot.press("j")
                times.append(time.perf_counter() - started)
        return times

    asyncio.run(main(sys.argv[1], int(sys.argv[2])))
""")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,10000,100000")
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--presses", type=int, default=200)
    parser.add_argument("--paint-only", action="store_true", help="first paint only, no keys")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    compileall.compile_dir(ROOT / "tui_reader", quiet=1)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        bare = root / "bare.py"
        bare.write_text(BARE_APP)
        print(f"first paint, {args.runs} runs each (process start to the newest title on screen):")
        commands: dict[object, tuple[list[str], dict[str, str]]] = {
            "bare": ([sys.executable, str(bare)], environment(root / "bare-home"))
        }
        for size in sizes:
            home = root / f"home-{size}"
            (home / "data").mkdir(parents=True)
            build_store(home / "data" / "reader.db", size)
            commands[size] = ([sys.executable, "-m", "tui_reader", "--offline"], environment(home))
        # Rounds of one start each, so a shared machine's load falls on every row alike.
        times: dict[object, list[float]] = {key: [] for key in commands}
        for _ in range(args.runs):
            for key, (command, env) in commands.items():
                times[key].append(first_paint(command, env, NEWEST.encode()))
        medians = {"bare": report("bare Textual app (header, text, footer)", times["bare"])}
        for size in sizes:
            medians[size] = report(f"tui-reader, {size:,} stories", times[size])
        largest = sizes[-1]
        print(
            f"ratio {largest:,} stories / bare app: {medians[largest] / medians['bare']:.2f}x;"
            f" {largest:,} / {sizes[0]:,} stories: {medians[largest] / medians[sizes[0]]:.2f}x"
        )
        if args.paint_only:
            return
        print("\nkeys and memory (Pilot, 120x40):")
        for size in sizes[1:]:
            path = root / f"home-{size}" / "data" / "reader.db"
            out = subprocess.run(
                [sys.executable, "-c", KEYS_SCRIPT, str(path), str(args.presses)],
                capture_output=True,
                text=True,
                env={**os.environ, "PYTHONPATH": str(ROOT)},
                timeout=1800,
                check=True,
            )
            import json

            doc = json.loads(out.stdout.strip().splitlines()[-1])
            floor = report("Pilot's own cost per key (an idle app)", doc["floor"], "ms", 1000)
            j = report(f"j (key to redraw), {size:,} stories", doc["j"], "ms", 1000)
            print(f"  j less Pilot's own cost: {j - floor:.1f} ms")
            report(f"n (next unread, across feeds), {size:,} stories", doc["n"], "ms", 1000)
            print(f"peak RSS after moving through all {size:,} stories: {doc['rss_mb']:.0f} MB")


if __name__ == "__main__":
    main()
