"""The ``hoverslam`` command: sub-commands for headless flights and level listings.

Every user mistake (a missing or broken level file, an unknown pilot) ends in one line on
stderr and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
import time

from game.data.errors import DataError

EXIT_USAGE = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hoverslam",
        description="Fly a Falcon 9 first stage back to a drone ship or a landing pad.",
    )
    sub = parser.add_subparsers(dest="command")
    fly = sub.add_parser("fly", help="fly a level headless (no display) and print a summary")
    fly.add_argument("level", help="a level name (see 'hoverslam levels') or a .toml path")
    fly.add_argument("--pilot", choices=("none", "autopilot"), default="none",
                     help="who flies: nobody (the stage coasts) or the autopilot")
    fly.add_argument("--seed", type=int, default=None, help="override the level's seed")
    fly.add_argument("--json", action="store_true", help="print one JSON object")
    sub.add_parser("levels", help="list the levels with their titles")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "fly":
            return _fly(args)
        if args.command == "levels":
            return _levels()
    except DataError as error:
        print(f"hoverslam: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("hoverslam: interrupted", file=sys.stderr)
        return 130
    print("hoverslam: the game window is not built yet; try 'hoverslam fly "
          "practice_landing_burn' for a headless flight", file=sys.stderr)
    return EXIT_USAGE


def _levels() -> int:
    from game.data.loader import list_levels

    for name, title in list_levels():
        print(f"{name:28s} {title}")
    return 0


def _fly(args: argparse.Namespace) -> int:
    from game.data.loader import load_level
    from game.sim.flight import fly

    if args.pilot == "autopilot":
        print("hoverslam: the autopilot is not built yet; use --pilot none", file=sys.stderr)
        return EXIT_USAGE
    if args.seed is not None and args.seed < 0:
        print("hoverslam: --seed must be a non-negative integer", file=sys.stderr)
        return EXIT_USAGE
    level = load_level(args.level)
    start = time.perf_counter()
    summary = fly(level, seed=args.seed)
    summary["wall_time_s"] = round(time.perf_counter() - start, 4)
    if args.json:
        print(json.dumps(summary))
    else:
        print(_format_summary(summary))
    return 0


def _format_summary(summary: dict) -> str:
    lines = [
        f"{summary['level']}: {summary['outcome']} ({summary['reason']})",
        f"  sim time {summary['sim_time_s']:.1f} s in {summary['steps']} steps, "
        f"wall {summary['wall_time_s']:.2f} s",
        f"  propellant left {summary['propellant_left_kg']:.0f} kg",
    ]
    td = summary.get("touchdown")
    if td:
        lines.append(
            f"  touchdown: vertical {td['vertical_speed_mps']:.2f} m/s, lateral "
            f"{td['lateral_speed_mps']:.2f} m/s, tilt {td['tilt_deg']:.1f} deg, "
            f"{td['distance_from_center_m']:.1f} m from the deck centre"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
