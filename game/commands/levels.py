"""``hoverslam levels``: the levels with their titles."""

from __future__ import annotations

import argparse


def add_parser(sub) -> None:
    sub.add_parser("levels", help="list the levels with their titles")


def run(args: argparse.Namespace) -> int:
    from game.data.loader import list_levels

    for name, title in list_levels():
        print(f"{name:28s} {title}")
    return 0
