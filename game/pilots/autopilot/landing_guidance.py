"""Landing-burn guidance: fuel-optimal powered descent (G-FOLD) with a closed-form fallback.

What it does. ``LandingBurnPlanner.plan`` takes the present state of a burning stage and
returns a ``LandingPlan``: the thrust vector, position, velocity and mass at ``n_nodes``
times from now to touchdown, using the least propellant, with the thrust between the engine's
minimum and maximum (the lower bound is nonconvex: a lit engine cannot throttle below a thrust
that exceeds the stage's weight), within ``pointing_limit_deg`` of the vertical, above the
glide-slope cone, ending at the target at the target's velocity. It solves the convex
problem of Acikmese & Ploen (2007) / Blackmore, Acikmese & Scharf (2010) by lossless
convexification (gfold_problem) with Clarabel through cvxpy, searching the final time
(gfold_search). The cvxpy problem is built once, on the first ``plan`` (or ``prepare``),
and re-solved with new parameters: pass ``time_guess_s`` (the previous plan's time to go)
and a re-plan is one solve. A fuel-optimal hoverslam ends at the thrust ceiling, so a stage
a little off its plan finds no landing below it: a vehicle with ``reserve_thrust_n`` (see
``LandingVehicle.from_spec``'s ``throttle_reserve_norm``) plans below the reserve and spends
it only then (a second solve at the guessed time, before any full search). Likewise at the
floor: a vehicle with ``floor_relief_n`` (``floor_reserve_norm``) plans above the engine's
floor and plans down to the floor itself only when neither band lands (a stage already too
slow for the planner's floor: the third band). If no landing exists or the solver fails,
the plan is the closed-form constant-deceleration "hoverslam" (hoverslam_fallback),
``solver == "fallback"``, and ``status`` says why; ``plan`` never raises for a hopeless
state.

Before the burn, ``ignition_estimate`` (hoverslam_ignition) says when to light the engine
so that a feasible burn exists with margin, counting the start-up delay and the spool-up.

Frames and units. SI. The caller's frame is any right-handed frame; with the default scalar
``gravity_mps2`` it is the Observation's deck frame (x east, y north, z up, origin at the
deck centre, velocities relative to the deck) and gravity points along -z; a 3-vector
``gravity_mps2`` gives gravity's direction too (the Mars example's x-up frame). The plan ends
at ``target_position_m`` with the velocity ``target_velocity_mps`` (zero for a touchdown; a
sink rate for a hand-over point above the deck). In the deck frame the deck's own motion is
already taken out (its heave is the caller's to aim for). Plans ignore drag (a vacuum model):
drag only helps a falling stage, and the re-plans absorb it.

``throttle_norm`` everywhere is thrust / ``LandingVehicle.throttle_scale_n``: the thrust of
the lit engines at throttle 1 at the ambient pressure, so it is the ``Controls`` throttle.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

import numpy as np

from game.pilots.autopilot import gfold_problem
from game.pilots.autopilot.gfold_search import FinalTimeSearch, final_time_bounds
from game.pilots.autopilot.gfold_vehicle import LandingVehicle
from game.pilots.autopilot.hoverslam_fallback import hoverslam_plan
from game.pilots.autopilot.hoverslam_ignition import IgnitionEstimate, ignition_estimate

__all__ = ["IgnitionEstimate", "LandingBurnPlanner", "LandingPlan", "LandingVehicle",
           "ignition_estimate"]

G0_MPS2 = 9.80665


@dataclass(frozen=True)
class LandingPlan:
    """A landing burn from now (t = 0) to touchdown, in the caller's frame; arrays read-only.

    ``times_s`` (N,), ``positions_m`` (N, 3), ``velocities_mps`` (N, 3), ``thrust_n`` (N, 3)
    (thrust vectors), ``masses_kg`` (N,). A time may repeat where the thrust steps (the
    fallback's ignition after a coast). ``solve_time_s`` is the wall time of the whole
    ``plan`` call, ``solver_time_s`` Clarabel's own share, ``solves`` the convex solves made.
    """

    times_s: np.ndarray
    positions_m: np.ndarray
    velocities_mps: np.ndarray
    thrust_n: np.ndarray
    masses_kg: np.ndarray
    final_time_s: float
    fuel_kg: float
    solver: str  # "clarabel" or "fallback"
    solve_time_s: float
    status: str
    solver_time_s: float = 0.0
    solves: int = 0
    lands: bool = field(default=True)  # ends at the target at zero relative speed

    def __post_init__(self) -> None:
        for name in ("times_s", "positions_m", "velocities_mps", "thrust_n", "masses_kg"):
            array = np.array(getattr(self, name), dtype=float)
            array.setflags(write=False)
            object.__setattr__(self, name, array)


class LandingBurnPlanner:
    """Plans landing burns for one vehicle; holds the compiled convex problem."""

    def __init__(self, vehicle: LandingVehicle, n_nodes: int = 50,
                 fallback_throttle_norm: float = 0.8, time_tolerance_s: float = 0.01) -> None:
        if n_nodes < 3:
            raise ValueError(f"n_nodes must be at least 3, got {n_nodes}")
        self.vehicle = vehicle
        self.n_nodes = int(n_nodes)
        self.fallback_throttle_norm = float(fallback_throttle_norm)
        self.time_tolerance_s = float(time_tolerance_s)
        self._problem: gfold_problem.GfoldProblem | None = None
        self._problem_error = ""

    @property
    def alpha_s_per_m(self) -> float:
        return 1.0 / (self.vehicle.isp_s * G0_MPS2)

    def prepare(self) -> bool:
        """Import cvxpy and build (and compile, by one solve) the problem now; True if ready."""
        if self._problem is None and not self._problem_error:
            try:
                self._problem = gfold_problem.GfoldProblem(self.problem_config())
                self._problem.solve(10.0, np.array([0.0, 0.0, 100.0]),
                                    np.array([0.0, 0.0, -10.0]),
                                    2.0 * self.vehicle.dry_mass_kg, 9.81)
            except Exception as exc:  # no cvxpy, no Clarabel: the fallback flies
                self._problem_error = f"{type(exc).__name__}: {exc}".splitlines()[0]
        return self._problem is not None

    def problem_config(self) -> gfold_problem.GfoldConfig:
        """The fixed data of the convex problem (vehicle limits, node count)."""
        v = self.vehicle
        return gfold_problem.GfoldConfig(
            self.n_nodes, v.dry_mass_kg, v.min_thrust_n, v.max_thrust_n, self.alpha_s_per_m,
            v.pointing_limit_deg, v.glide_slope_deg, v.touchdown_pointing_limit_deg)

    # -- planning --------------------------------------------------------------------------

    def plan(self, position_m, velocity_mps, mass_kg, target_position_m=(0.0, 0.0, 0.0),
             target_velocity_mps=(0.0, 0.0, 0.0), gravity_mps2=9.81,
             time_guess_s: float | None = None, lift_profile=None,
             full_search: bool = True, floor_relief: bool = True) -> LandingPlan:
        """The fuel-optimal landing burn from this state, or the fallback (see the module).

        ``lift_profile(final_time_s)``, if given, returns the upward acceleration besides the
        thrust (the drag along the expected descent) at the ``n_nodes`` nodes of a plan of
        that final time, m/s^2 (canonical z, against gravity). ``full_search=False``: only the
        solves at ``time_guess_s``, then the fallback (a quick re-plan that may fail).
        ``floor_relief=False``: never below the planner's own floor (``_bands``)."""
        start = time.perf_counter()
        frame = _Frame(position_m, velocity_mps, mass_kg, target_position_m,
                       target_velocity_mps, gravity_mps2)
        if mass_kg <= self.vehicle.dry_mass_kg:
            return self._fallback(frame, start, "no propellant left")
        if not self.prepare():
            return self._fallback(frame, start, f"solver unavailable ({self._problem_error})")
        searches = [self._new_search(frame, ceiling, lift_profile, floor)
                    for floor, ceiling in self._bands(floor_relief)]
        if time_guess_s is not None and time_guess_s > 0.0:  # a re-plan: one solve a band
            for search in searches:
                search.cost(float(time_guess_s))
                if _lands(search.best):
                    return self._done(frame, search, searches, start)
            if not full_search:
                return self._fallback(frame, start, "no landing at the guessed time", searches)
        if not full_search:
            return self._fallback(frame, start, "no guess to re-plan from", searches)
        for search in searches:  # the full final-time search, without then with the reserves
            lo, hi = final_time_bounds(float(np.linalg.norm(frame.v0)), frame.mass_kg,
                                       self.vehicle.dry_mass_kg, search.min_thrust_n,
                                       search.max_thrust_n, self.alpha_s_per_m)
            search.run(lo, hi, time_guess_s or self._guess(frame), self.time_tolerance_s)
            if _lands(search.best):
                return self._done(frame, search, searches, start)
        best = searches[0].best
        why = "solver failed" if best is None else _miss_text(best)
        return self._fallback(frame, start, f"no landing found ({why})", searches)

    def _bands(self, floor_relief: bool = True) -> list[tuple[float, float]]:
        """(floor, ceiling) thrust bands to plan in, in order: the planner's own, then with
        the thrust reserve above it (a stage too fast for the band), then with the floor
        relief below it (a stage too slow for it)."""
        v = self.vehicle
        bands = [(v.min_thrust_n, v.max_thrust_n)]
        if v.reserve_thrust_n > 0.0:
            bands.append((v.min_thrust_n, v.max_thrust_n + v.reserve_thrust_n))
        if floor_relief and v.floor_relief_n > 0.0:
            bands.append((v.min_thrust_n - v.floor_relief_n, v.max_thrust_n))
        return bands

    def _new_search(self, frame: _Frame, max_thrust_n: float,
                    lift_profile=None, min_thrust_n: float | None = None) -> FinalTimeSearch:
        floor = self.vehicle.min_thrust_n if min_thrust_n is None else min_thrust_n
        return FinalTimeSearch(lambda tf: self._problem.solve(
            tf, frame.r0, frame.v0, frame.mass_kg, frame.g, frame.v_final, max_thrust_n,
            None if lift_profile is None else lift_profile(tf), floor),
            max_thrust_n=max_thrust_n, min_thrust_n=floor)

    def _done(self, frame, search, searches, start) -> LandingPlan:
        note = ""
        if search.max_thrust_n > self.vehicle.max_thrust_n:
            note += ", thrust reserve used"
        if search.min_thrust_n < self.vehicle.min_thrust_n:
            note += ", floor relief used"
        return self._from_solution(frame, search.best, start, searches, note)

    def minimum_time_plan(self, position_m, velocity_mps, mass_kg,
                          target_position_m=(0.0, 0.0, 0.0), target_velocity_mps=(0.0, 0.0, 0.0),
                          gravity_mps2=9.81) -> LandingPlan:
        """The landing with the shortest final time (the latest, hardest burn), or the fallback.

        Found by bisection below the fuel-optimal final time; how late a burn may still land.
        """
        start = time.perf_counter()
        optimal = self.plan(position_m, velocity_mps, mass_kg, target_position_m,
                            target_velocity_mps, gravity_mps2)
        if optimal.solver != "clarabel":
            return optimal
        frame = _Frame(position_m, velocity_mps, mass_kg, target_position_m,
                       target_velocity_mps, gravity_mps2)
        search = self._new_search(frame, self.vehicle.max_thrust_n)
        lo, _ = final_time_bounds(float(np.linalg.norm(frame.v0)), frame.mass_kg,
                                  self.vehicle.dry_mass_kg, self.vehicle.min_thrust_n,
                                  self.vehicle.max_thrust_n, self.alpha_s_per_m)
        shortest = search.minimum_time(min(lo, optimal.final_time_s), optimal.final_time_s,
                                       self.time_tolerance_s)
        if shortest is None:
            return optimal
        return self._from_solution(frame, shortest, start, [search])

    def _guess(self, frame: _Frame) -> float | None:
        """The burn time of the closed-form hoverslam, a first guess for the search."""
        sol = hoverslam_plan(frame.r0, frame.v0 - frame.v_final, frame.mass_kg, frame.g,
                             self.vehicle.min_thrust_n, self.vehicle.max_thrust_n,
                             self.vehicle.isp_s, 3, self.fallback_throttle_norm)
        burn = float(sol.times_s[-1] - sol.ignition_time_s)
        return burn if burn > 0.0 else None

    def _from_solution(self, frame, sol, start, searches, note="") -> LandingPlan:
        thrust = sol.masses_kg[:, None] * sol.accelerations_mps2
        positions, velocities, thrust = frame.to_caller(sol.positions_m,
                                                        sol.velocities_mps, thrust)
        solves, solver_time = _totals(searches)
        return LandingPlan(
            sol.times_s, positions, velocities, thrust, sol.masses_kg,
            float(sol.times_s[-1]), sol.fuel_kg, "clarabel", time.perf_counter() - start,
            f"optimal (final time {sol.times_s[-1]:.2f} s, {solves} solves{note})",
            solver_time, solves, True)

    def _fallback(self, frame, start, why, searches=()) -> LandingPlan:
        v = self.vehicle  # an emergency: the reserve is the fallback's to use
        sol = hoverslam_plan(frame.r0, frame.v0, frame.mass_kg, frame.g, v.min_thrust_n,
                             v.max_thrust_n + v.reserve_thrust_n, v.isp_s, self.n_nodes,
                             self.fallback_throttle_norm, frame.v_final)
        positions, velocities, thrust = frame.to_caller(sol.positions_m,
                                                        sol.velocities_mps, sol.thrust_n)
        status = f"infeasible: {why}; fallback {sol.status}"
        solves, solver_time = _totals(searches)
        return LandingPlan(
            sol.times_s, positions, velocities, thrust, sol.masses_kg, float(sol.times_s[-1]),
            float(sol.masses_kg[0] - sol.masses_kg[-1]), "fallback",
            time.perf_counter() - start, status, solver_time, solves, sol.lands)

    # -- sampling --------------------------------------------------------------------------

    def thrust_command(self, plan: LandingPlan, t_since_plan_s: float) -> tuple:
        """(thrust vector in N as a tuple, throttle_norm) at ``t_since_plan_s`` into the plan.

        Linear between nodes; before 0 the first node, after the end the last node (the
        caller cuts the engine at touchdown). Zero thrust (a coast) gives throttle 0.
        """
        times = plan.times_s
        t = min(max(float(t_since_plan_s), float(times[0])), float(times[-1]))
        i = int(np.searchsorted(times, t, side="right")) - 1
        i = min(max(i, 0), len(times) - 2)
        span = float(times[i + 1] - times[i])
        frac = (t - float(times[i])) / span if span > 0.0 else 1.0
        a, b = plan.thrust_n[i], plan.thrust_n[i + 1]
        vec = tuple(float(a[k] + (b[k] - a[k]) * frac) for k in range(3))
        return vec, math.sqrt(sum(c * c for c in vec)) / self.vehicle.throttle_scale_n


class _Frame:
    """The canonical frame: z up (against gravity), origin at the target."""

    def __init__(self, position_m, velocity_mps, mass_kg, target_position_m,
                 target_velocity_mps, gravity_mps2) -> None:
        values = [position_m, velocity_mps, target_position_m, target_velocity_mps]
        r, v, rt, vt = (np.asarray(x, dtype=float).reshape(3) for x in values)
        g = np.asarray(gravity_mps2, dtype=float)
        g_vec = np.array([0.0, 0.0, -float(g)]) if g.ndim == 0 else g.reshape(3)
        if not (np.all(np.isfinite([*r, *v, *rt, *vt, *g_vec])) and math.isfinite(mass_kg)
                and mass_kg > 0.0 and np.linalg.norm(g_vec) > 0.0):
            raise ValueError("plan() needs finite position, velocity and targets, mass_kg > 0 "
                             "and a nonzero gravity")
        self.g = float(np.linalg.norm(g_vec))
        self.rotation = _rotation_to_z_up(-g_vec / self.g)
        self.target_m = rt
        self.r0 = self.rotation @ (r - rt)
        self.v0 = self.rotation @ v
        self.v_final = self.rotation @ vt
        self.mass_kg = float(mass_kg)

    def to_caller(self, positions, velocities, thrust) -> tuple:
        back = self.rotation  # row vectors: x_caller = x_canonical @ R
        return positions @ back + self.target_m, velocities @ back, thrust @ back


def _rotation_to_z_up(up: np.ndarray) -> np.ndarray:
    """The rotation matrix taking the unit vector ``up`` to +z (Rodrigues)."""
    z = np.array([0.0, 0.0, 1.0])
    axis = np.cross(up, z)
    s, c = float(np.linalg.norm(axis)), float(up @ z)
    if s < 1e-12:
        return np.eye(3) if c > 0.0 else np.diag([1.0, -1.0, -1.0])
    k = axis / s
    kx = np.array([[0.0, -k[2], k[1]], [k[2], 0.0, -k[0]], [-k[1], k[0], 0.0]])
    return np.eye(3) + s * kx + (1.0 - c) * kx @ kx


def _totals(searches) -> tuple[int, float]:
    """(solves, Clarabel's seconds) over the searches of one plan."""
    return sum(s.solves for s in searches), sum(s.solver_time_s for s in searches)


def _lands(sol: gfold_problem.GfoldSolution | None) -> bool:
    return sol is not None and sol.ok


def _miss_text(sol: gfold_problem.GfoldSolution) -> str:
    if sol.status != "missed":
        return sol.status
    return f"closest plan misses by {sol.miss_m:.1f} m, {sol.miss_mps:.1f} m/s"
