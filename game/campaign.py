"""Monte Carlo campaigns: fly many seeded variations of a level with the autopilot.

Flight ``i`` of a campaign with seed ``S`` draws its variation from
``numpy.random.default_rng([S, i])`` (``game.sim.dispersion.disperse``: start-state errors
from the level's one-sigma table, wind, gusts, sea height and, through the new level seed,
the sea's phases, the gust pattern and the ship's drift), so any single flight can be
replayed alone, and a campaign gives the same results whatever the number of worker
processes. ``run_campaign`` flies them (in a ``multiprocessing`` pool for ``jobs`` > 1, with a
progress callback); ``summarize`` reduces the results to the success rate, touchdown speed,
tilt and distance statistics and propellant margins, and the landing burn's propellant
against the optimum (``burn_optimum_kg``; from the ignition state, and again from the moment
the engine first runs, where a return lit high in thick air has its only optimum); it
counts the flights on which something failed (a level's fault, a collet that did not latch)
with the acceptance rate of the others, and lists the flights outside the limits
(``hoverslam fly LEVEL --campaign-flight N`` flies one of them again).
``ACCEPTANCE`` is the stricter
touchdown the autopilot is held to (vertical < 2 m/s, lateral < 0.5 m/s relative to the
deck, tilt < 2 deg, within 5 m of the deck centre).
"""

from __future__ import annotations

import math
import multiprocessing
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from game.data.loader import Level

ACCEPTANCE = {"vertical_speed_mps": 2.0, "lateral_speed_mps": 0.5, "tilt_deg": 2.0,
              "distance_from_center_m": 5.0}


@dataclass(frozen=True)
class FlightResult:
    """One flight of a campaign (JSON-ready through ``asdict``)."""

    index: int
    seed: int
    outcome: str
    reason: str
    touchdown: dict | None
    propellant_left_kg: float
    landing_burn_kg: float  # used from the landing-burn ignition to the end (nan: none)
    landing_burn_optimum_kg: float  # the guidance's optimum from the ignition state (nan: none)
    final_east_m: float  # the stage's last measured position relative to the deck centre
    final_north_m: float
    sim_time_s: float
    wall_time_s: float
    faults: tuple[str, ...] = ()  # what went wrong (game.sim.failures: FaultSchedule.happened)
    # the same from the moment the engine first runs at its thrust (start-up and spool-up
    # behind it): the optimum from there may use the engine's whole range at once
    landing_burn_running_kg: float = math.nan
    landing_burn_running_optimum_kg: float = math.nan
    # the same from the guidance's first convex plan, against the optimum the guidance
    # computes there within its own throttle band (``burn_optimum_kg``'s ``own_band``)
    landing_burn_planned_kg: float = math.nan
    landing_burn_planned_optimum_kg: float = math.nan

    @property
    def landed(self) -> bool:
        return self.outcome == "landed"

    @property
    def within_acceptance(self) -> bool:
        return self.landed and not self.limits_missed

    @property
    def limits_missed(self) -> tuple[str, ...]:
        """The ``ACCEPTANCE`` keys a touchdown reached or passed (all of them when the
        stage never touched down)."""
        td = self.touchdown
        if td is None:
            return tuple(ACCEPTANCE)
        return tuple(key for key, limit in ACCEPTANCE.items() if not td[key] < limit)


def variation(level: Level, campaign_seed: int, index: int) -> Level:
    """The level flown as flight ``index`` of a campaign seeded ``campaign_seed``."""
    from game.sim.dispersion import disperse

    return disperse(level, np.random.default_rng([campaign_seed, index]))


def fly_one(level: Level, campaign_seed: int, index: int) -> FlightResult:
    """Fly one variation with a fresh autopilot."""
    from game.pilots.autopilot import Autopilot
    from game.sim.flight import fly

    varied = variation(level, campaign_seed, index)
    pilot = Autopilot(varied)
    start = time.perf_counter()
    summary = fly(varied, pilot=pilot)
    wall = time.perf_counter() - start
    landing = pilot.ctx.landing
    left = float(summary["propellant_left_kg"])

    def burn(obs, own_band: bool = False) -> tuple[float, float]:
        """(propellant used from ``obs`` to the end, the optimum from there); nan: none."""
        if obs is None:
            return math.nan, math.nan
        used = obs.mass_kg - varied.vehicle.mass.dry_mass_kg - left
        return float(used), burn_optimum_kg(pilot, obs, own_band)

    last = pilot.last_observation
    east, north = last.position_rel_deck_m[:2] if last else (math.nan, math.nan)
    used, optimum = burn(landing.start_observation)
    return FlightResult(index, int(summary["seed"]), summary["outcome"], summary["reason"],
                        summary["touchdown"], left, used, optimum, float(east), float(north),
                        float(summary["sim_time_s"]), wall, tuple(summary["faults"]),
                        *burn(landing.running_observation),
                        *burn(landing.first_plan_observation, own_band=True))


_PLANNERS: dict[object, object] = {}  # one compiled problem per LandingVehicle and process


def burn_optimum_kg(pilot, obs=None, own_band: bool = False) -> float:
    """The propellant of the fuel-optimal landing burn from the state at ignition (or
    ``obs``) to rest on the deck centre (sinking at the touchdown speed), as the guidance
    computes it: G-FOLD over the engine's whole throttle range (no reserves), with the drag
    along the descent the autopilot's plans counted on at that moment (the model, before the
    burn has measured the air: ``DragEstimate`` 1; the estimate at the flight's end, up to
    2 as the stage slows, made most returns' optimum infeasible); nan when the burn never
    lit or no landing exists from there. The issue's criterion: the burn flown uses at most
    5 % more.

    G-FOLD has the thrust from its first node; the engine delivers it after its start-up
    delay and spool-up (2 s on the Merlin). A stage lit high in thick air (a return, 260 m/s
    at 3 km, drag 1.6 g) counts on falling through that start: from the ignition state even
    the throttle floor stops it high, and no landing exists. ``landing_burn_running_*``
    therefore compare from the moment the engine first runs, where the optimum may also use
    the whole throttle range at once (the guidance plans at most 0.70, for the lean's sake):
    a stricter measure.

    ``own_band``: within the guidance's own throttle band instead (it plans at most 0.70 on
    the FT, holding the rest back for the lean, and spends the reserve only where nothing
    lands without it, and never below its own floor, as its first plan): the optimum the
    guidance itself computes from that state, the issue's measure of what the re-plans
    waste."""
    from game.pilots.autopilot.landing import guidance_module

    burn = pilot.ctx.landing
    obs = burn.start_observation if obs is None else obs
    if obs is None:
        return math.nan
    spec = pilot.level.vehicle
    g = guidance_module()
    vehicle = (burn.guidance_vehicle if own_band
               else g.LandingVehicle.from_spec(spec, engines_lit=1))
    planner = _PLANNERS.get(vehicle)
    if planner is None:
        planner = _PLANNERS[vehicle] = g.LandingBurnPlanner(vehicle, n_nodes=50)
    target_r = (0.0, 0.0, burn.vehicle.touchdown_com_height_m(obs.propellant_kg))
    target_v = (0.0, 0.0, -burn.terminal.touchdown_speed_mps)
    plan = planner.plan(obs.position_rel_deck_m, obs.velocity_rel_deck_mps, obs.mass_kg,
                        target_position_m=target_r, target_velocity_mps=target_v,
                        gravity_mps2=burn.settings.gravity_mps2,
                        lift_profile=burn.drag_lift_profile(obs, target_r, target_v,
                                                            drag_scale=1.0),
                        floor_relief=not own_band)
    return float(plan.fuel_kg) if plan.solver == "clarabel" else math.nan


def _fly_star(args: tuple) -> FlightResult:
    return fly_one(*args)


def run_campaign(level: Level, flights: int, seed: int = 0, jobs: int = 1,
                 progress: Callable[[FlightResult], None] | None = None) -> list[FlightResult]:
    """Fly ``flights`` variations; results in flight order."""
    tasks = [(level, seed, i) for i in range(flights)]
    results: list[FlightResult] = []
    if jobs <= 1:
        for task in tasks:
            results.append(_fly_star(task))
            if progress:
                progress(results[-1])
        return results
    context = multiprocessing.get_context("spawn")
    with context.Pool(processes=jobs) as pool:
        for result in pool.imap_unordered(_fly_star, tasks):
            results.append(result)
            if progress:
                progress(result)
    return sorted(results, key=lambda r: r.index)


def _stats(values: list[float]) -> dict[str, float]:
    if not values:
        return {"n": 0}
    a = np.asarray(values, dtype=float)
    return {"n": int(a.size), "mean": float(a.mean()), "median": float(np.median(a)),
            "p95": float(np.percentile(a, 95)), "max": float(a.max()), "min": float(a.min())}


def summarize(results: list[FlightResult]) -> dict:
    """Success rate, touchdown statistics and propellant margins of a campaign."""
    n = len(results)
    outcomes: dict[str, int] = {}
    for r in results:
        outcomes[r.outcome] = outcomes.get(r.outcome, 0) + 1
    landed = [r for r in results if r.landed]
    touched = [r.touchdown for r in results if r.touchdown]
    burns = [r.landing_burn_kg for r in results if math.isfinite(r.landing_burn_kg)]

    def over_pct(measure: str) -> dict[str, float]:
        """Statistics of the landed flights' ``landing_burn{measure}_kg`` over its optimum."""
        pairs = [(getattr(r, f"landing_burn{measure}_kg"),
                  getattr(r, f"landing_burn{measure}_optimum_kg")) for r in landed]
        return _stats([100.0 * (used / best - 1.0) for used, best in pairs
                       if math.isfinite(used) and math.isfinite(best)])

    clean = [r for r in results if not r.faults]
    faults: dict[str, int] = {}
    for r in results:
        for kind in r.faults:
            kind = "collet_failed" if kind.startswith("collet_failed") else kind
            faults[kind] = faults.get(kind, 0) + 1
    return {
        "flights": n,
        "outcomes": outcomes,
        "success_rate": len(landed) / n if n else 0.0,
        "acceptance_rate": sum(r.within_acceptance for r in results) / n if n else 0.0,
        "flights_with_faults": n - len(clean),
        "faults": faults,
        "acceptance_rate_without_faults":  # None: every flight had one
            sum(r.within_acceptance for r in clean) / len(clean) if clean else None,
        "touchdown": {key: _stats([td[key] for td in touched]) for key in (
            "vertical_speed_mps", "lateral_speed_mps", "tilt_deg", "distance_from_center_m")},
        "propellant_left_kg": _stats([r.propellant_left_kg for r in landed]),
        "landing_burn_kg": _stats(burns),
        "landing_burn_over_optimum_pct": over_pct(""),
        "landing_burn_over_running_optimum_pct": over_pct("_running"),
        "landing_burn_over_planned_optimum_pct": over_pct("_planned"),
        "wall_time_s": _stats([r.wall_time_s for r in results]),
        "outside_limits": [  # to replay: game.commands.fly --campaign-flight
            {"index": r.index, "outcome": r.outcome, "missed": list(r.limits_missed),
             "touchdown": {key: r.touchdown[key] for key in ACCEPTANCE} if r.touchdown
             else None}
            for r in results if not r.within_acceptance],
    }


def results_as_dicts(results: list[FlightResult]) -> list[dict]:
    return [asdict(r) for r in results]
