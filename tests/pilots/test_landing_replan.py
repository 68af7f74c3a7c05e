"""The landing burn's re-plans: the drag it counts on, the order of its tries, preparing early."""

from __future__ import annotations

import dataclasses
from types import SimpleNamespace

import numpy as np
import pytest

from game.data.loader import load_level
from game.pilots.autopilot import Autopilot
from game.sim.atmosphere import us1976
from game.sim.world import World


@pytest.fixture(scope="module")
def start():
    level = load_level("practice_landing_burn")
    return level, World().reset(level, 3)


def test_prepare_compiles_the_landing_problem_before_flight(start):
    level, _ = start
    pilot = Autopilot(level)
    assert pilot.ctx.landing._planner is None
    assert pilot.prepare()
    planner = pilot.ctx.landing._planner
    assert planner is not None and planner._problem is not None


def test_the_drag_profile_is_the_drag_now_and_vanishes_at_rest(start):
    level, obs = start
    burn = Autopilot(level).ctx.landing
    target_r, target_v = burn.handover_state(obs.propellant_kg)
    lift = burn.drag_lift_profile(obs, target_r, target_v)(20.0)
    # Node 0: 1/2 rho |v_air| |v_z| C_D S / m at the altitude now.
    rho = us1976(obs.altitude_above_sea_m).density_kgm3
    vx, vy, vz = obs.velocity_rel_deck_mps
    wx, wy, _ = obs.wind_mps
    speed = np.sqrt((vx - wx) ** 2 + (vy - wy) ** 2 + vz * vz)
    area = burn.vehicle.drag_area_m2(obs.mach, obs.grid_fins_deploy_fraction > 0.5)
    assert lift[0] == pytest.approx(0.5 * rho * speed * -vz * area / obs.mass_kg, rel=1e-6)
    assert lift[0] > 2.0  # at 245 m/s, drag is a large share of gravity
    assert np.all(np.diff(lift) < 0.0)  # slowing down, the drag falls ...
    assert lift[-1] < 0.05 * lift[0]  # ... to little at the hand-over speed


def burning_observation(level):
    """The observation when the autopilot's landing burn first has a convex plan."""
    pilot, world = Autopilot(level), World()
    obs = world.reset(level, 3)
    while not (pilot.ctx.landing.plan and pilot.ctx.landing.plan.solver == "clarabel"):
        obs = world.step(pilot.command(obs, world.dt_s)).observation
        assert obs.time_s < 30.0
    return obs


def test_a_divert_outside_the_cone_still_gets_a_convex_vertical_plan(start):
    level, _ = start
    obs = burning_observation(level)
    burn = Autopilot(level).ctx.landing
    burn.replan(obs)
    nominal = burn.plan
    assert nominal.solver == "clarabel"
    assert nominal.positions_m[0, 0] == pytest.approx(obs.position_rel_deck_m[0], abs=1e-3)
    x, y, z = obs.position_rel_deck_m
    far = dataclasses.replace(obs, position_rel_deck_m=(x + 15_000.0, y, z))  # beyond 15 deg
    burn.replan(far)
    vertical = burn.plan
    assert vertical is not nominal and vertical.solver == "clarabel"
    np.testing.assert_allclose(vertical.positions_m[:, :2], 0.0, atol=1e-3)
    assert vertical.positions_m[0, 2] == pytest.approx(z, abs=1e-3)
    assert vertical.final_time_s == pytest.approx(nominal.final_time_s, rel=0.15)


@pytest.mark.parametrize("period_s", [0.1, 0.2, 0.5])
def test_a_replan_holds_the_plans_end_unless_the_sideways_divert_falls_short(start, period_s):
    """A re-plan solves at the last plan's end time (less the time flown); only while the
    lean planner's plan ends off the deck centre by more than ``divert_miss_m`` does the end
    recede, by the recession rate times the time flown, whatever the re-plan period."""
    level, _ = start
    obs = burning_observation(level)
    burn = Autopilot(level).ctx.landing
    burn.settings.replan_period_s = period_s
    burn.replan(obs)
    planner, calls = burn._planner, []
    plan = planner.plan

    def spy(*args, **kwargs):
        calls.append(kwargs["time_guess_s"])
        return plan(*args, **kwargs)

    planner.plan = spy
    rate, miss = burn.settings.plan_recession_per_s, burn.settings.divert_miss_m
    assert 0.0 < rate < 1.0 and miss > 0.0
    for end_east_m, recedes in ((0.5 * miss, False), (2.0 * miss, True)):
        before = burn.plan
        end = np.zeros((4, 2))
        end[0, 0] = end_east_m  # where the lean planner's plan ends, east of the centre
        burn.lean.mpc = SimpleNamespace(predicted_end=end)
        calls.clear()
        burn.replan(dataclasses.replace(obs, time_s=burn.plan_time_s + period_s))
        expected = before.final_time_s - period_s + (rate * period_s if recedes else 0.0)
        assert calls[0] == pytest.approx(expected, abs=1e-9)
        assert burn.plan is not before
        assert burn.plan.final_time_s == pytest.approx(expected, rel=1e-6)


def test_a_stage_stopped_above_the_deck_cuts_its_engine_instead_of_climbing(start):
    """The floor outweighs the stage, so a stage that stops above the deck (here an aero
    force the plan did not count on braked it) climbs away on the plan's floor until the
    tanks run dry. With no restart left the flight computer cuts the engine at the stop,
    as the terminal law does; a stage still sinking at the same height burns on."""
    level, _ = start
    obs = burning_observation(level)
    burn = Autopilot(level).ctx.landing
    assert burn.command(obs).engine_on
    x, y, _ = obs.position_rel_deck_m
    vx, vy, _ = obs.velocity_rel_deck_mps
    high = 60.0 + burn.vehicle.touchdown_com_height_m(obs.propellant_kg)
    deck = obs.altitude_above_sea_m - obs.altitude_above_deck_m
    at = dict(position_rel_deck_m=(x, y, high), altitude_above_deck_m=high,
              altitude_above_sea_m=deck + high, time_s=obs.time_s + 0.05)
    sinking = dataclasses.replace(obs, velocity_rel_deck_mps=(vx, vy, -25.0),
                                  vertical_speed_mps=-25.0, **at)
    assert burn.command(sinking).engine_on and not burn.terminal_mode
    stopped = dataclasses.replace(obs, velocity_rel_deck_mps=(vx, vy, 0.2),
                                  vertical_speed_mps=0.2, **at)
    assert not burn.command(stopped).engine_on


def test_the_lean_planner_is_given_the_plans_thrust_ahead(start):
    """While a plan is tracked, the lean planner's flight profile has the plan's own thrust
    at each moment ahead (after the plan's end, the thrust that starts the terminal law's
    deceleration), so a plan that brakes at full thrust over its first node is not taken
    for a full-thrust burn; the sink rate falls linearly to rest over the time to go."""
    level, _ = start
    obs = burning_observation(level)
    burn = Autopilot(level).ctx.landing
    burn.replan(obs)
    thrust = np.array(burn.plan.thrust_n)
    thrust[0] = thrust[0] * 1.5  # a brief braking at the first node
    burn.plan = dataclasses.replace(burn.plan, thrust_n=thrust)
    times, end = burn.plan.times_s, burn.plan.final_time_s
    t_go = end + 4.0
    profile = burn._plan_profile(obs, 0.0, t_go)
    magnitude = np.linalg.norm(thrust, axis=1)
    assert profile(0.0)[0] == pytest.approx(magnitude[0], rel=1e-9)
    assert profile(float(times[3]))[0] == pytest.approx(magnitude[3], rel=1e-9)
    assert magnitude[3] < 0.75 * magnitude[0]
    s = burn.settings
    handover = obs.mass_kg * (s.gravity_mps2 + s.handover_decel_mps2)
    assert profile(end + 1.0)[0] == pytest.approx(handover, rel=1e-9)
    # flown 2 s into the plan, the profile starts from the plan's thrust then
    later = burn._plan_profile(obs, 2.0, t_go - 2.0)
    assert later(0.0)[0] == pytest.approx(float(np.interp(2.0, times, magnitude)), rel=1e-9)
    sink = profile(0.0)[1]
    assert sink > 100.0 and profile(0.5 * t_go)[1] == pytest.approx(0.5 * sink, rel=1e-9)


def test_the_lean_planner_sees_the_air_thicken_along_the_plans_descent(start):
    """The lean planner's flight profile also gives the air's density at the plan's height
    t seconds ahead over today's (US 1976): 1 now, more as the plan descends, held after
    its end. A return lit 3 km up meets air a third denser at the deck, which pushes the
    stage that much harder than the planner counted on when it held today's density."""
    level, _ = start
    obs = burning_observation(level)
    burn = Autopilot(level).ctx.landing
    burn.replan(obs)
    times, heights = burn.plan.times_s, burn.plan.positions_m[:, 2]
    end = burn.plan.final_time_s
    profile = burn._plan_profile(obs, 0.0, end + 4.0)
    now = us1976(obs.altitude_above_sea_m).density_kgm3
    assert profile(0.0)[2] == pytest.approx(1.0, abs=1e-12)
    for k in (10, 25, 49):
        then = us1976(obs.altitude_above_sea_m + heights[k] - heights[0]).density_kgm3
        assert profile(float(times[k]))[2] == pytest.approx(then / now, rel=1e-9)
    assert profile(float(times[25]))[2] > 1.0 + 1e-3
    assert profile(end + 2.0)[2] == pytest.approx(profile(end)[2], rel=1e-12)
    # flown 2 s into the plan, today's density is the plan's there
    later = burn._plan_profile(obs, 2.0, end + 2.0)
    assert later(0.0)[2] == pytest.approx(1.0, abs=1e-12)
    burn.settings.plan_air_density = False
    assert len(burn._plan_profile(obs, 0.0, end + 4.0)(float(times[25]))) == 2


def test_the_burns_lean_bound_blends_into_the_terminals_near_the_deck(start):
    """High above the deck the burn may lean its ``max_tilt_deg`` (a far divert needs the
    room), a short drop (lit low and slow, for the floor) ``short_drop_tilt_deg``; below
    ``wide_lean_floor_m`` of foot height the terminal's bound holds, and in between the
    bound blends from one to the other without a step."""
    level, _ = start
    burn = Autopilot(level).ctx.landing
    s = burn.settings
    top = s.wide_lean_floor_m + s.wide_lean_blend_m
    assert not burn.short_drop
    assert burn._lean_bound_deg(top + 50.0, True) == pytest.approx(s.max_tilt_deg)
    burn.light_up_throttle = burn.ignition_throttle - 0.05  # lit for the floor
    assert burn.short_drop and s.short_drop_tilt_deg > s.max_tilt_deg
    assert burn._lean_bound_deg(top + 50.0, True) == pytest.approx(s.short_drop_tilt_deg)
    low = s.wide_lean_floor_m - 10.0
    assert burn._lean_bound_deg(low, True) == pytest.approx(burn._lean_bound_deg(low, False))
    heights = np.linspace(low, top + 50.0, 400)
    bounds = np.array([burn._lean_bound_deg(float(h), True) for h in heights])
    assert np.all(np.diff(bounds) >= -1e-9)
    assert np.max(np.diff(bounds)) < 0.2  # degrees per step of about 0.9 m: no jump
    assert bounds[0] < 10.0 < s.max_tilt_deg - 5.0


def test_a_failed_replan_flies_the_hoverslam_on_all_the_drag_once_the_burn_has_a_plan(start):
    """Before the burn's first convex plan the fallback's terminal law counts on half the
    modelled drag (``terminal_drag_share``); once the burn has had one, a stage whose re-plans
    fail is one too slow even for the engine's floor, and there the law counts on all of it
    (``fallback_drag_share``), as the plans do, and asks for less thrust: braking on half
    the drag, crs8 flight 3 stopped on the floor above the deck and fell at 11 m/s."""
    level, _ = start
    obs = burning_observation(level)
    burn = Autopilot(level).ctx.landing
    burn.replan(obs)
    failed = dataclasses.replace(burn.plan, solver="fallback")
    burn.plan = failed
    from game.pilots.autopilot.terminal import lowest_foot_height_m

    foot = lowest_foot_height_m(obs, burn.vehicle)
    burn.first_plan_observation = None
    _, before_first_plan, _ = burn._tracking(obs, foot)
    burn.first_plan_observation = obs
    _, after_first_plan, _ = burn._tracking(obs, foot)
    drag_mps2 = burn._drag_mps2(obs) * burn.drag_estimate.scale
    thrust_n = burn.steering.full_thrust_n(obs)
    assert drag_mps2 > 2.0  # high in the burn the drag is a large share of gravity
    # half the drag more is asked of the engine before the first plan, times the lead over
    # the throttle valve's lag (landing_steer; the lean's cosine aside, within 5 %)
    lead = 1.0 + burn.steering.settings.valve_lead
    assert (before_first_plan - after_first_plan) * thrust_n / obs.mass_kg == pytest.approx(
        0.5 * drag_mps2 * lead, rel=0.05)
