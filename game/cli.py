"""The ``hoverslam`` command. Each sub-command lives in its own module in ``game/commands``
with ``add_parser(subparsers)`` and ``run(args) -> int``; this file only wires them up.

Every user mistake (a missing or broken level file, an unknown pilot, no display) ends in one
line on stderr and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from game.data.errors import DataError

EXIT_USAGE = 2
COMMANDS = ("play", "fly", "levels", "demo", "montecarlo")  # game/commands modules, help order
DEFAULT_COMMAND: list[str] = ["play"]  # what a bare `hoverslam` runs: the game window


class UsageError(Exception):
    """A mistake the user can fix: printed as one line, exit status 2."""


def _parser() -> tuple[argparse.ArgumentParser, dict]:
    parser = argparse.ArgumentParser(
        prog="hoverslam",
        description="Fly a Falcon 9 first stage back to a drone ship or a landing pad.",
    )
    sub = parser.add_subparsers(dest="command")
    modules = {}
    for name in COMMANDS:
        module = importlib.import_module(f"game.commands.{name}")
        module.add_parser(sub)
        modules[name] = module
    return parser, modules


def main(argv: list[str] | None = None) -> int:
    parser, modules = _parser()
    argv = sys.argv[1:] if argv is None else argv
    args = parser.parse_args(argv or DEFAULT_COMMAND)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return modules[args.command].run(args)
    except (DataError, UsageError) as error:
        print(f"hoverslam: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("hoverslam: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
