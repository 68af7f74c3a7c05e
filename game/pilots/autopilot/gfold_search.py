"""The search over the final time of the G-FOLD problem.

For a fixed final time the landing problem is convex; the final time is found outside it by
a line search, as in Acikmese & Ploen (2007) and Blackmore et al. (2010), who show that the
fuel used is unimodal in the final time over the interval where a landing exists. Our
problem penalises the miss distance instead of forbidding it (gfold_problem), so the cost is
defined, and slopes toward that interval, outside it too.

1. Bounds (Acikmese & Ploen): no landing is shorter than ``m_dry |v0| / T_max``, and the
   propellant lasts at most ``(m0 - m_dry) / (alpha T_min)`` at the minimum thrust.
2. A coarse scan: the caller's guess plus ``SCAN_POINTS`` times spread evenly over the
   bounds (a feasible interval can be a few seconds wide).
3. A golden-section search between the neighbours of the best scanned time, to
   ``tolerance_s``.

A solve that fails counts as an infinite cost. The best solution seen is returned.

``minimum_time`` bisects for the shortest final time at which a landing exists, between a
time known to miss and one known to land (the landing times form an interval).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from game.pilots.autopilot.gfold_problem import GfoldSolution

SCAN_POINTS = 10
_INVPHI = (math.sqrt(5.0) - 1.0) / 2.0


def final_time_bounds(speed_mps: float, mass_kg: float, dry_mass_kg: float,
                      min_thrust_n: float, max_thrust_n: float,
                      alpha_s_per_m: float) -> tuple[float, float]:
    """(shortest, longest) final time worth trying."""
    shortest = max(dry_mass_kg * speed_mps / max_thrust_n, 1.0)
    longest = (mass_kg - dry_mass_kg) / (alpha_s_per_m * min_thrust_n)
    return shortest, max(longest, shortest)


class FinalTimeSearch:
    """Evaluate ``solve(final_time_s)`` at well-chosen times; keep the best."""

    def __init__(self, solve: Callable[[float], GfoldSolution], max_solves: int = 40,
                 max_thrust_n: float = math.nan, min_thrust_n: float = math.nan) -> None:
        self._solve = solve
        self.max_thrust_n = max_thrust_n  # the ceiling ``solve`` uses (for bounds)
        self.min_thrust_n = min_thrust_n  # ... and its floor
        self._max_solves = max_solves
        self.solves = 0
        self.solver_time_s = 0.0
        self.best: GfoldSolution | None = None
        self._last: GfoldSolution | None = None

    def cost(self, final_time_s: float) -> float:
        """The problem's objective at one final time (inf when the solve failed)."""
        sol = self._last = self._solve(final_time_s)
        self.solves += 1
        if not math.isnan(sol.solver_time_s):
            self.solver_time_s += sol.solver_time_s
        if self.best is None or sol.cost < self.best.cost:
            self.best = sol
        return sol.cost

    def run(self, lo_s: float, hi_s: float, guess_s: float | None,
            tolerance_s: float) -> GfoldSolution | None:
        """Scan, then refine by golden section around the best scanned time."""
        times = list(np.linspace(lo_s, hi_s, SCAN_POINTS))
        if guess_s is not None and lo_s < guess_s < hi_s:
            times = sorted([*times, guess_s])
        costs = [self.cost(t) for t in times]
        i = int(np.argmin(costs))
        if math.isinf(costs[i]):
            return self.best
        a = times[max(i - 1, 0)]
        b = times[min(i + 1, len(times) - 1)]
        self.golden(a, b, tolerance_s)
        return self.best

    def golden(self, a: float, b: float, tolerance_s: float) -> None:
        """Golden-section search for the minimum cost on [a, b]."""
        c, d = b - _INVPHI * (b - a), a + _INVPHI * (b - a)
        fc, fd = self.cost(c), self.cost(d)
        while b - a > tolerance_s and self.solves < self._max_solves:
            if fc <= fd:
                b, d, fd = d, c, fc
                c = b - _INVPHI * (b - a)
                fc = self.cost(c)
            else:
                a, c, fc = c, d, fd
                d = a + _INVPHI * (b - a)
                fd = self.cost(d)

    def minimum_time(self, miss_s: float, land_s: float,
                     tolerance_s: float) -> GfoldSolution | None:
        """Bisect between a missing and a landing final time; the shortest landing found."""
        shortest = None
        while land_s - miss_s > tolerance_s and self.solves < self._max_solves:
            mid = (miss_s + land_s) / 2.0
            self.cost(mid)
            sol = self._last
            if sol.ok:
                land_s, shortest = mid, sol
            else:
                miss_s = mid
        return shortest
