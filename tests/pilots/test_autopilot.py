"""The autopilot flying the World: practice landings, phase hand-offs, take-over, hand-back.

Each flight is headless and real (the World, the convex planner, the touchdown model); the
planner's first use imports cvxpy (about a second), shared by the module.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from game.data.level_schema import LevelSpec
from game.data.loader import Level, load_level, load_vehicle
from game.pilots.autopilot import Autopilot
from game.pilots.base import engage
from game.sim.controls import Controls
from game.sim.world import World


def fly(level: Level, seed: int, pilot, until=None, max_s: float = 900.0):
    """Step the World with ``pilot`` until the flight ends (or ``until(obs)`` is true)."""
    world = World()
    obs = world.reset(level, seed)
    while obs.time_s < max_s:
        result = world.step(pilot.command(obs, world.dt_s))
        obs = result.observation
        if result.done or (until is not None and until(obs)):
            break
    return world, obs


@pytest.mark.parametrize("name, seed", [("practice_landing_burn", 1), ("practice_landing_burn", 3),
                                        ("practice_touchdown", 1), ("practice_touchdown", 4)])
def test_the_autopilot_lands_the_practice_levels(name, seed):
    level = load_level(name)
    pilot = Autopilot(level)
    world, _ = fly(level, seed, pilot)
    td = world.touchdown
    assert str(world.outcome) == "landed", world.reason
    assert td.vertical_speed_mps < 2.0
    assert td.lateral_speed_mps < 1.0
    assert td.tilt_deg < 2.0
    assert td.distance_from_center_m < 5.0
    assert [phase for _, phase in pilot.phase_log] == ["descent", "landing_burn", "landed"]
    # The plan was shown while it flew, and the HUD figures are there.
    telemetry = pilot.telemetry()
    assert telemetry["autopilot/phase"] == "landed"
    assert telemetry["autopilot/plans"] >= 1.0 and math.isfinite(
        telemetry["autopilot/ignition-height-m"])


def test_the_landing_burn_reaches_a_far_offset_with_no_drift_toward_it():
    """Campaign flight 24 of practice_touchdown (seed 0): 18 m off the deck centre, drifting
    toward it at only 0.4 m/s, 300 m up. The burn lasts under 5 s of thrust, so the deck is
    reached only by leaning well into it until the last 100 m: with the terminal lean bound
    at 6 deg the stage stopped 6.2 m short, sliding nowhere; it must touch within 5 m, under
    0.5 m/s sideways and upright."""
    from game.campaign import fly_one

    result = fly_one(load_level("practice_touchdown"), 0, 24)
    td = result.touchdown
    assert result.landed, result.reason
    assert td["distance_from_center_m"] < 5.0
    assert td["lateral_speed_mps"] < 0.5 and td["tilt_deg"] < 2.0


@pytest.mark.parametrize(("name", "index"), [("practice_landing_burn", 72),
                                             ("lz1_land_pad", 21)])
def test_a_far_divert_is_braked_in_time(name, index):
    """Campaign flights (seed 0) that light the landing burn 150 m (practice_landing_burn
    72) and 295 m (LZ-1 21) off the deck centre, leaning at the burn's 20 deg bound. When a
    re-plan brakes briefly at its first node, the lean planner must not take that thrust for
    the whole burn: doing so, it dropped the lean for half a second at a time, kept
    speeding toward the deck and overshot it with 3 s left (9.0 and 6.4 m off, still). They
    must land within the acceptance limits, within 5 % of the guidance's optimum."""
    from game.campaign import fly_one

    flight = fly_one(load_level(name), 0, index)
    assert flight.within_acceptance, (flight.reason, flight.touchdown)
    if math.isfinite(flight.landing_burn_optimum_kg):
        assert flight.landing_burn_kg < 1.05 * flight.landing_burn_optimum_kg


@pytest.mark.parametrize(("name", "index"), [("practice_landing_burn", 0),
                                             ("atlantic_600km", 0)])
def test_the_re_plans_stay_within_5_percent_of_the_guidance_own_optimum(name, index):
    """The issue's propellant criterion: from the state of the guidance's first convex plan
    to the deck, the burn flown (re-planned five times a second, then the terminal law)
    uses at most 5 % more than the optimum the guidance computes from that state within
    its own throttle band (practice_landing_burn flight 0: 4.4 %; a return from 600 km:
    4.6 %). That optimum is no lighter than the one over the engine's whole range from the
    same state (the band holds 0.3 of the throttle back for the lean)."""
    from game.campaign import fly_one

    flight = fly_one(load_level(name), 0, index)
    assert flight.within_acceptance, (flight.reason, flight.touchdown)
    assert math.isfinite(flight.landing_burn_planned_optimum_kg)
    assert flight.landing_burn_planned_kg < 1.05 * flight.landing_burn_planned_optimum_kg
    # the first plan is made the moment the engine runs: the same state as the running one
    assert flight.landing_burn_planned_kg == pytest.approx(flight.landing_burn_running_kg)
    assert (flight.landing_burn_planned_optimum_kg
            > flight.landing_burn_running_optimum_kg)


def test_the_v1_1_reaches_the_deck_softly_on_crs6():
    """Campaign flight 1 of crs6_throttle_valve (seed 0), a Falcon 9 v1.1 with the slow
    throttle valve: the stage must reach the deck under 2 m/s, as the real one did before it
    tipped. In a variant whose re-plans held their end (the v1.1's planner plans to 0.90
    throttle, leaving no thrust to lean with) it crashed at 22.7 m/s."""
    from game.campaign import fly_one

    result = fly_one(load_level("crs6_throttle_valve"), 0, 1)
    td = result.touchdown
    assert td is not None and td["on_deck"], result.reason
    assert td["vertical_speed_mps"] < 2.0, result.reason


@pytest.mark.parametrize("name", ["practice_touchdown", "practice_landing_burn"])
def test_the_descent_knows_when_the_landing_burn_will_light(name):
    """The time to ignition the descent sees in its first steps (it starts the pre-ignition
    turn on it) is when the engine lights, to a tenth of a second: it integrates the coast
    (a 35 m/s drop from 300 m lights after 1.6 s; today's sink rate alone says 4.3 s)."""
    level = load_level(name)
    pilot = Autopilot(level)
    world = World()
    obs = world.reset(level, 1)
    for _ in range(2):
        obs = world.step(pilot.command(obs, world.dt_s)).observation
    assert pilot.phase == "descent"
    predicted_s = obs.time_s + pilot.ctx.landing.time_to_ignition_s
    while pilot.phase == "descent":
        obs = world.step(pilot.command(obs, world.dt_s)).observation
    assert pilot.phase == "landing_burn"
    assert obs.time_s == pytest.approx(predicted_s, abs=0.1)


def test_the_landing_plan_is_shown_in_both_frames():
    level = load_level("practice_landing_burn")
    pilot = Autopilot(level)
    _, obs = fly(level, 1, pilot, until=lambda o: pilot.ctx.landing.plans_made >= 3)
    deck = pilot.planned_trajectory_m
    world_pts = pilot.planned_trajectory_world_m
    assert len(deck) == len(world_pts) == 50
    first, last = deck[0], deck[-1]
    assert first[2] == pytest.approx(obs.altitude_above_deck_m, abs=100.0)
    # The plan ends at the handover point: above the deck centre, tens of metres up.
    assert math.hypot(last[0], last[1]) < 1.0 and 40.0 < last[2] < 80.0
    assert world_pts[-1][2] == pytest.approx(last[2] + 3.0, abs=0.5)  # the deck is 3 m up


def test_flip_boostback_and_coast_hand_off_in_order():
    """From separation: the flip points the thrust, the boostback cuts the predicted miss from
    a hundred kilometres to under a few, the coast follows."""
    level = load_level("crs8_ocisly")
    pilot = Autopilot(level)
    misses = []

    def coasting(obs) -> bool:
        if pilot.ctx.solution is not None:
            misses.append(pilot.ctx.solution.miss_distance_m)
        return pilot.phase == "coast"

    world, obs = fly(level, 1, pilot, until=coasting, max_s=200.0)
    assert [phase for _, phase in pilot.phase_log] == ["flip", "boostback", "coast"]
    assert misses[0] > 100_000.0
    assert pilot.ctx.targeting.solve(obs, pilot.ctx.nominal_entry_burn(),
                                     with_jacobian=False).miss_distance_m < 5_000.0
    assert obs.engine_state in ("off", "shutting_down")
    assert world.engines.starts_left == level.spec.start.engine_starts_left - 1



def test_the_boostback_cut_off_is_final_and_leaves_the_landing_its_start():
    """Flight 12 of a seed-0 CRS-8 campaign: the solve after the cut-off, with the engines still
    running down, asks for a small trim. Lit again, one engine would spend the start the
    landing burn needs (three starts: boostback, entry, landing), and the stage would fall into
    the sea with nothing left to light."""
    from game.campaign import variation

    level = variation(load_level("crs8_ocisly"), 0, 12)
    pilot = Autopilot(level)
    world, obs = fly(level, None, pilot, max_s=100.0)
    assert [phase for _, phase in pilot.phase_log] == ["flip", "boostback", "coast"]
    assert obs.engine_state == "off"
    assert world.engines.starts_left == level.spec.start.engine_starts_left - 1

def entry_level() -> Level:
    """Falling back into the air at 1.9 km/s from 90 km: an entry burn is needed."""
    spec = LevelSpec.model_validate({
        "level": {"title": "entry", "vehicle": "falcon9_ft", "seed": 7},
        "start": {"phase": "coast", "altitude_m": 90_000.0, "speed_mps": 1_900.0,
                  "flight_path_angle_deg": -40.0, "heading_deg": 90.0,
                  "range_to_ship_m": 160_000.0, "attitude": "retrograde",
                  "propellant_kg": 20_000.0, "nitrogen_kg": 200.0, "hydraulic_fluid_kg": 40.0,
                  "engine_starts_left": 2, "grid_fins": "deployed"}})
    return Level("entry", Path("entry.toml"), spec, load_vehicle("falcon9_ft"))


def test_coast_entry_burn_and_descent_hand_off_within_the_loads():
    level = entry_level()
    pilot = Autopilot(level)
    peak = {"q": 0.0}

    def descending(obs) -> bool:
        peak["q"] = max(peak["q"], obs.dynamic_pressure_pa)
        return pilot.phase == "descent" and obs.altitude_above_sea_m < 20_000.0

    world, _ = fly(level, 7, pilot, until=descending, max_s=400.0)
    assert [phase for _, phase in pilot.phase_log] == ["coast", "entry_burn", "descent"]
    limits = level.vehicle.limits
    assert str(world.outcome) == "flying"
    # Timed by the loads: the burn stopped once the rest of the way stays inside the margin.
    assert peak["q"] < pilot.settings.entry_load_margin * limits.max_dynamic_pressure_pa * 1.1
    assert pilot.ctx.entry_end_speed_mps < 1_500.0


def test_without_an_entry_burn_the_same_entry_breaks_up():
    """The control experiment for the test above: nobody flying, the stage breaks up."""
    from game.sim.flight import NoPilot

    world, _ = fly(entry_level(), 7, NoPilot())
    assert str(world.outcome) == "broke_up"


class Holder:
    """A 'human' who holds the controls steady (engines as they were, stick centred)."""

    def __init__(self, controls: Controls) -> None:
        self.controls = Controls(engine_on=controls.engine_on, engine_mode=controls.engine_mode,
                                 throttle_norm=controls.throttle_norm,
                                 fins_deploy=controls.fins_deploy,
                                 legs_deploy=controls.legs_deploy)

    def command(self, observation, dt_s):
        return self.controls


def test_take_over_mid_burn_and_hand_back():
    """The autopilot lights the landing burn; a human takes over for two seconds, holding the
    engine and the throttle; the autopilot takes the controls back and lands."""
    level = load_level("practice_landing_burn")
    world = World()
    obs = world.reset(level, 2)
    autopilot = Autopilot(level)
    controls = Controls()
    phases = []
    while obs.engine_state != "running":
        controls = autopilot.command(obs, world.dt_s)
        obs = world.step(controls).observation
    human = Holder(controls)
    autopilot.disengage()
    end = obs.time_s + 2.0
    while obs.time_s < end:
        obs = world.step(human.command(obs, world.dt_s)).observation
    assert obs.engine_state == "running"
    engage(autopilot, obs, human.controls)
    phases.append(autopilot.phase)
    done = False
    while not done:
        result = world.step(autopilot.command(obs, world.dt_s))
        obs, done = result.observation, result.done
    assert phases == ["landing_burn"]  # picked up from the observation, engine lit
    assert world.engines.starts_left == level.spec.start.engine_starts_left - 1  # no relight
    assert str(world.outcome) in ("landed", "landed_hard"), world.reason


def test_an_entry_burn_cut_for_the_landing_reserve_runs_down_and_hands_over():
    """Cut at the landing reserve, the engines run down while still thrusting: the entry
    burn re-plans nothing then (there is no burn left to plan; a dispersed LZ-1 return used
    to crash here, its re-plan falling due on that step) and hands over to the descent."""
    from dataclasses import replace

    from game.pilots.autopilot.entry import EntryBurnPhase

    level = load_level("lz1_land_pad")
    world = World()
    obs = world.reset(level, 0)
    pilot = Autopilot(level)
    ctx, phase = pilot.ctx, EntryBurnPhase()
    phase.enter(ctx, obs)
    reserve_kg, period_s = (ctx.settings.entry_min_landing_reserve_kg,
                            ctx.settings.entry_solve_period_s)
    burning = replace(obs, engine_state="running", thrust_n=2.0e6, engines_lit=3)
    for k in range(2):  # two re-plans: the next one re-times the burn
        assert phase.step(ctx, replace(burning, time_s=obs.time_s + k * period_s),
                          Controls(), world.dt_s) is None
    burning = replace(burning, propellant_kg=reserve_kg - 1.0,
                      time_s=obs.time_s + period_s + world.dt_s)
    assert phase.step(ctx, burning, Controls(), world.dt_s) is None
    assert ctx.entry_done
    running_down = replace(burning, engine_state="shutting_down",
                           time_s=obs.time_s + 2.0 * period_s)
    controls = Controls()
    assert phase.step(ctx, running_down, controls, world.dt_s) == "descent"
    assert not controls.engine_on


def test_engaging_from_a_fall_chooses_the_phase_from_the_observation():
    """Nobody flies the first seconds of the practice fall; the autopilot then engages from
    scratch (no previous controls) and still lands."""
    from game.sim.flight import NoPilot

    level = load_level("practice_landing_burn")
    world = World()
    obs = world.reset(level, 3)
    nobody = NoPilot()
    while obs.time_s < 2.0:
        obs = world.step(nobody.command(obs, world.dt_s)).observation
    autopilot = Autopilot(level)
    assert autopilot.choose_phase(obs) == "descent"
    done = False
    while not done:
        result = world.step(autopilot.command(obs, world.dt_s))
        obs, done = result.observation, result.done
    assert str(world.outcome) == "landed", world.reason


@pytest.mark.parametrize("hold", [True, False])
def test_a_crosswind_stage_leans_past_the_bound_to_hold_itself(hold):
    """Campaign flight 23 of practice_touchdown_rough_sea (seed 0), 17 m/s of wind across
    the burn. With the lean bound about upright (8 deg below 100 m) the stage could not lean
    enough into the wind and touched down sliding downwind at 0.8 m/s, 3.1 m off; with the
    bound moved toward the lean that holds it (``LandingSettings.hold_bound``) it lands
    within the acceptance limits. The control case flies the same flight without it."""
    from game.campaign import variation
    from game.pilots.autopilot.settings import AutopilotSettings

    settings = AutopilotSettings()
    settings.landing.hold_bound = hold
    level = variation(load_level("practice_touchdown_rough_sea"), 0, 23)
    world, _ = fly(level, None, Autopilot(level, settings))
    td = world.touchdown
    assert str(world.outcome) == "landed", world.reason
    if hold:
        assert td.lateral_speed_mps < 0.5 and td.distance_from_center_m < 5.0
        assert td.vertical_speed_mps < 2.0 and td.tilt_deg < 2.0
    else:
        assert td.lateral_speed_mps > 0.6


def test_the_bound_does_not_move_toward_the_hold_lean_before_the_engine_delivers():
    """While the engine starts and spools up, the hold lean (the air's push over the
    thrust's steering) grows without bound as the thrust does from nothing; the lean
    planner's bound must not follow it there. Rough-sea flight 11 (seed 0) planned its
    divert on a bound moved out to 23 deg for the spool-up's half second and met the real
    one, 10 deg, 6 m/s too fast. Here every plan made during the start keeps its bound
    about upright until the thrust is due, at steps where the hold lean would have moved it
    (over ``hold_within`` of the bound, the thrust steering at least 1 m/s^2 per radian)."""
    import numpy as np

    from game.campaign import variation

    level = variation(load_level("practice_touchdown_rough_sea"), 0, 11)
    autopilot = Autopilot(level)
    burn = autopilot.ctx.landing
    world = World()
    obs = world.reset(level, None)
    checked = would_have_moved = 0
    while obs.engine_state != "running":
        obs = world.step(autopilot.command(obs, world.dt_s)).observation
        made = burn.lean.mpc._made_with
        if burn.lit_at_s is None or made is None or obs.engine_state == "running":
            continue
        _, _, gains, _, pushes, model = made
        dt, radii, centres = model[0], model[5], model[6]
        due = np.arange(len(gains)) * dt < burn._thrust_due_s(obs) - dt
        assert np.all(centres[due] == 0.0)
        hold = np.hypot(pushes[:, 0], pushes[:, 1]) / np.maximum(gains, 1.0)
        would_have_moved += int(np.any(due & (gains >= 1.0) & (hold > 0.25 * radii)))
        checked += int(np.any(due))
    assert checked > 10 and would_have_moved > 0
