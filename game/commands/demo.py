"""``hoverslam demo [LEVEL]``: the autopilot flies the levels one after another while the
camera cuts between views by itself. Take the controls at any moment with Tab; Esc pauses.
The window options are those of ``hoverslam play``."""

from __future__ import annotations

import argparse


def add_parser(sub) -> None:
    from game.commands.play import add_window_options

    demo = sub.add_parser("demo", help="watch the autopilot fly the levels, cameras cutting")
    demo.add_argument("level", nargs="?", help="the level to start with (default: the first)")
    add_window_options(demo)


def run(args: argparse.Namespace) -> int:
    from game.cli import UsageError
    from game.commands.play import app_options, check_autopilot, run_app
    from game.data.loader import load_level

    options = app_options(args, demo=True)
    if args.level:
        load_level(args.level)
    try:
        check_autopilot()
    except UsageError as exc:
        raise UsageError(str(exc).replace("; fly it yourself with --pilot human",
                                          "; `hoverslam play` lets you fly")) from None
    return run_app(options)
