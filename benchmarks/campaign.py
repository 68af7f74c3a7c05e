"""Monte Carlo throughput: autopilot flights per minute, and where their time goes.

    python benchmarks/campaign.py [--level atlantic_600km] [--flights 2] [--seed 0]

Flies the first ``--flights`` variations of a campaign (the ``hoverslam montecarlo`` flights,
one process) and prints the wall time per flight, the real-time factor, and how that time
splits between the World and the autopilot's parts: the impact predictor (the descent's
targeting and the entry burn's planning integrate the rest of the flight, many times a
second), the landing-burn convex re-plans (cvxpy and Clarabel), the lean planner and the
rest, and the campaign's own work (the landing burn's optimum for the propellant report, by
the same convex solver, and the rest). The baseline, measured in the same run, is the World
alone: the wall time of its steps within the same flights. Each part is timed by wrapping
its entry points, less the wrapped calls inside it (the report's optima keep their solves),
so the figures add up to the flights' wall time.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from game import campaign
from game.campaign import fly_one
from game.data.loader import load_level
from game.pilots.autopilot import gfold_problem, impact, landing_lean
from game.pilots.autopilot.autopilot import Autopilot
from game.sim import world

TOTALS: dict[str, float] = defaultdict(float)
_NESTED: list[float] = []  # per wrapped call in progress, the time of the calls inside it
_WHOLE: list[str] = []  # the part in progress that keeps the calls inside it as its own


def _timed(owner, name: str, part: str, whole: bool = False) -> None:
    """Wrap ``owner.name`` so its own wall time (less that of the wrapped calls inside it;
    ``whole``: with them) adds to ``TOTALS[part]``."""
    inner = getattr(owner, name)

    def wrapper(*args, **kwargs):
        if _WHOLE:
            return inner(*args, **kwargs)
        _NESTED.append(0.0)
        if whole:
            _WHOLE.append(part)
        start = time.perf_counter()
        try:
            return inner(*args, **kwargs)
        finally:
            elapsed = time.perf_counter() - start
            if whole:
                _WHOLE.pop()
            TOTALS[part] += elapsed - _NESTED.pop()
            if _NESTED:
                _NESTED[-1] += elapsed

    setattr(owner, name, wrapper)


# (owner, entry point, part, whether the part keeps the wrapped calls inside it), in the
# order the figures are printed
PARTS = [
    (world.World, "step", "World", False),
    (impact.ImpactPredictor, "predict", "impact predictor", False),
    (gfold_problem.GfoldProblem, "solve", "convex re-plans", False),
    (landing_lean.LeanControl, "lean", "lean planner", False),
    (Autopilot, "command", "autopilot, the rest", False),
    (campaign, "burn_optimum_kg", "the report's optima", True),
]


def _instrument() -> None:
    for owner, name, part, whole in PARTS:
        _timed(owner, name, part, whole)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--level", default="atlantic_600km")
    parser.add_argument("--flights", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    level = load_level(args.level)
    fly_one(level, args.seed, 0)  # warm up: imports, the solver's compilation
    TOTALS.clear()
    _instrument()
    start = time.perf_counter()
    sim_s = 0.0
    for index in range(args.flights):
        sim_s += fly_one(level, args.seed, index).sim_time_s
    wall = time.perf_counter() - start
    print(f"{args.level}: {args.flights} flights, {wall / args.flights:.1f} s wall each, "
          f"{60.0 * args.flights / wall:.1f} flights per minute on one core, "
          f"{sim_s / wall:.1f}x real time")
    print(f"  the World alone (baseline): {TOTALS['World'] / args.flights:.2f} s per flight, "
          f"{sim_s / TOTALS['World']:.1f}x real time")
    for _, _, part, _ in PARTS:
        share = TOTALS[part] / wall
        print(f"  {part:22s} {TOTALS[part] / args.flights:7.2f} s per flight  {share:6.1%}")
    rest = wall - sum(TOTALS.values())
    print(f"  {'the campaign, the rest':22s} {rest / args.flights:7.2f} s per flight  "
          f"{rest / wall:6.1%}")


if __name__ == "__main__":
    main()
