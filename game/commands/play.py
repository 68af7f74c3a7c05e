"""``hoverslam play [LEVEL]``: the game window (what a bare ``hoverslam`` runs).

Without a level it opens the main menu; with one it flies it at once. ``--pilot autopilot``
lets the autopilot fly (take over with Tab). For scripted runs: ``--exit-after SECONDS`` ends
the run, ``--screenshot PATH`` writes a PNG of the last frame, ``--frame-stats`` prints frame
times as JSON on exit. With no display or no OpenGL 3.3 it says so in one line, points to the
headless ``hoverslam fly`` and exits with status 2.
"""

from __future__ import annotations

import argparse
import math
from pathlib import Path

HEADLESS_HINT = "for a headless flight use `hoverslam fly LEVEL`"


def add_parser(sub) -> None:
    play = sub.add_parser("play", help="fly in the game window (the default command)")
    play.add_argument("level", nargs="?", help="a level to fly at once (default: the menu)")
    play.add_argument("--pilot", choices=("human", "autopilot"), default="human",
                      help="who has the controls at the start (Tab swaps in flight)")
    add_window_options(play)


def add_window_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--fullscreen", action="store_true", help="start in full screen")
    parser.add_argument("--exit-after", type=float, metavar="SECONDS",
                        help="quit after this many seconds (scripted runs)")
    parser.add_argument("--screenshot", metavar="PATH",
                        help="write a PNG of the last frame to PATH on exit")
    parser.add_argument("--frame-stats", action="store_true",
                        help="print frame-time statistics as JSON on exit")
    parser.add_argument("--seed", type=int, default=None, help="override the level's seed")


def app_options(args: argparse.Namespace, *, demo: bool = False):
    """Check the window options and turn them into ``AppOptions``."""
    from game.app.app import AppOptions
    from game.cli import UsageError

    if args.exit_after is not None and not (math.isfinite(args.exit_after)
                                            and args.exit_after > 0.0):
        raise UsageError("--exit-after must be a positive number of seconds")
    if args.seed is not None and args.seed < 0:
        raise UsageError("--seed must be a non-negative integer")
    screenshot = Path(args.screenshot) if args.screenshot else None
    if screenshot is not None and screenshot.suffix.lower() != ".png":
        raise UsageError(f"--screenshot {args.screenshot}: the file name must end in .png")
    return AppOptions(level=args.level, pilot=getattr(args, "pilot", "autopilot"),
                      fullscreen=True if args.fullscreen else None,
                      exit_after_s=args.exit_after, screenshot=screenshot,
                      frame_stats=args.frame_stats, demo=demo, seed=args.seed)


def run_app(options) -> int:
    """Load the settings, open the window and run; no display -> one line, status 2."""
    from game.app.app import App
    from game.app.settings import load_settings
    from game.app.window import NoDisplay, NoOpenGL
    from game.cli import UsageError
    from game.render.context import GLUnavailable
    from game.render.gl_util import ShaderError

    app = App(options, load_settings())
    try:
        return app.run()
    except (NoDisplay, NoOpenGL, GLUnavailable) as exc:
        raise UsageError(f"{exc}; {HEADLESS_HINT}") from None
    except ShaderError as exc:  # an OpenGL driver that cannot build the scene's shaders
        raise UsageError(f"this OpenGL driver cannot draw the scene: {exc}; "
                         f"{HEADLESS_HINT}") from None


def check_autopilot() -> None:
    from game.app.session import AutopilotUnavailable, load_autopilot_class
    from game.cli import UsageError

    try:
        load_autopilot_class()
    except AutopilotUnavailable as exc:
        raise UsageError(f"{exc}; fly it yourself with --pilot human") from None


def run(args: argparse.Namespace) -> int:
    from game.data.loader import load_level

    options = app_options(args)
    if args.level:
        load_level(args.level)  # a broken level is one line, before any window opens
    if args.pilot == "autopilot":
        check_autopilot()
    return run_app(options)
