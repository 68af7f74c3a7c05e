"""The drag a landing-burn plan counts on (landing_drag): its descent against a closed form,
and a plan from a transonic ignition."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest

from game.data.loader import load_level
from game.pilots.autopilot import Autopilot
from game.pilots.autopilot.landing import guidance_module
from game.pilots.autopilot.landing_drag import VerticalDescent
from game.sim.atmosphere import us1976
from game.sim.world import World


@pytest.fixture(scope="module")
def level_and_obs():
    level = load_level("practice_landing_burn")
    return level, World().reset(level, 3)


def transonic_ignition(obs):
    """CRS-8's ignition in campaign flight 4 (seed 0): 4.25 km up, 319 m/s, Mach 0.995, in
    a 31 m/s wind, 12.9 t of propellant left."""
    return dataclasses.replace(
        obs, position_rel_deck_m=(358.8, 88.3, 4251.7), altitude_above_sea_m=4254.8,
        velocity_rel_deck_mps=(-0.14, 21.73, -318.71), vertical_speed_mps=-318.71,
        mach=0.995, mass_kg=35_066.0, propellant_kg=12_866.0,
        wind_mps=(-25.29, -18.79, -0.30), grid_fins_deploy_fraction=1.0)


def test_the_descent_matches_the_closed_form_of_constant_thrust_and_quadratic_drag(
        level_and_obs):
    """Held at one density and mass, with no sideways air and a drag area that does not
    change with Mach (subsonic, below Mach 0.5), the sink rate u obeys u' = -(b + c u^2),
    b = T/m - g, c = rho C_D S / (2 m), so u(t) = sqrt(b/c) tan(atan(u0 sqrt(c/b)) - sqrt(bc)
    t). The model's midpoint rule over 50 nodes must follow it to 0.1 %."""
    level, obs = level_and_obs
    burn = Autopilot(level).ctx.landing
    vehicle = burn.vehicle
    sink0 = 120.0
    still = dataclasses.replace(obs, velocity_rel_deck_mps=(0.0, 0.0, -sink0),
                                vertical_speed_mps=-sink0, wind_mps=(0.0, 0.0, 0.0),
                                mach=sink0 / us1976(obs.altitude_above_sea_m).speed_of_sound_mps,
                                grid_fins_deploy_fraction=1.0)
    assert vehicle.drag_area_m2(0.1, True) == vehicle.drag_area_m2(still.mach, True)
    # the target at today's height: one density all the way; the mass held
    descent = VerticalDescent(still, vehicle, 800e3, still.position_rel_deck_m[2], 1.0, 9.81)
    descent.mdot = 0.0
    assert descent.slope == 0.0 and descent.dc == 0.0
    thrust, tf = 500e3, 8.0
    end_vz, drags = descent.fly(thrust, tf, 50)
    m, area = still.mass_kg, vehicle.drag_area_m2(0.1, True)
    rho = us1976(still.altitude_above_sea_m).density_kgm3
    b, c = thrust / m - 9.81, 0.5 * rho * area / m
    u = math.sqrt(b / c) * math.tan(math.atan(sink0 * math.sqrt(c / b)) - math.sqrt(b * c) * tf)
    assert -end_vz == pytest.approx(u, rel=1e-3)
    assert drags[0] == pytest.approx(c * sink0 * sink0, rel=1e-9)


def test_the_planned_sink_rate_falls_fastest_while_the_drag_is_large(level_and_obs):
    """From a transonic ignition the drag falls to half within the first fifth of the burn
    (a sink rate falling linearly in time kept about three quarters of it there) and
    vanishes at the hand-over speed; the descent ends at the target's sink rate whatever
    the final time."""
    level, obs = level_and_obs
    burn = Autopilot(level).ctx.landing
    ignition = transonic_ignition(obs)
    target_r, target_v = (0.0, 0.0, 17.5), (0.0, 0.0, -1.0)
    lift = burn.drag_lift_profile(ignition, target_r, target_v)(25.0)
    assert lift[0] > 15.0  # nearly twice gravity at Mach 1
    assert lift[10] < 0.5 * lift[0]
    assert np.all(np.diff(lift) < 0.0) and lift[-1] < 0.05  # the crosswind's share
    descent = VerticalDescent(ignition, burn.vehicle, burn.steering.full_thrust_n(ignition),
                              target_r[2], 1.0, 9.81)
    for tf in (18.0, 25.0, 32.0):
        thrusts = np.linspace(0.0, 1.2e6, 7)
        ends = [descent.fly(float(t), tf, 50)[0] for t in thrusts]
        assert np.all(np.diff(ends) > 0.0)  # monotone: the root finder's premise
        assert ends[0] < target_v[2] < ends[-1]
        thrust = descent.thrust_to_reach(target_v[2], tf, 50, 1.2e6)
        assert descent.fly(thrust, tf, 50)[0] == pytest.approx(target_v[2], abs=0.01)


def test_from_a_transonic_ignition_the_guidance_finds_a_landing(level_and_obs):
    """CRS-8's ignition (campaign flight 4): the fuel-optimal search over the final time,
    over the engine's whole throttle range, finds a convex landing. With the sink rate
    falling linearly in time the plans counted on so much drag that none could burn at the
    throttle floor without stopping above the deck: the search returned the fallback, and
    the autopilot flew its first 4 s without a plan."""
    level, obs = level_and_obs
    burn = Autopilot(level).ctx.landing
    ignition = transonic_ignition(obs)
    g = guidance_module()
    planner = g.LandingBurnPlanner(g.LandingVehicle.from_spec(level.vehicle, engines_lit=1),
                                   n_nodes=50)
    target_r, target_v = (0.0, 0.0, 17.5), (0.0, 0.0, -1.0)
    plan = planner.plan(ignition.position_rel_deck_m, ignition.velocity_rel_deck_mps,
                        ignition.mass_kg, target_position_m=target_r,
                        target_velocity_mps=target_v, gravity_mps2=9.81,
                        lift_profile=burn.drag_lift_profile(ignition, target_r, target_v))
    assert plan.solver == "clarabel"
    np.testing.assert_allclose(plan.positions_m[-1], target_r, atol=0.5)
    assert 18.0 < plan.final_time_s < 35.0
    assert plan.fuel_kg < ignition.propellant_kg


def test_a_plan_counts_the_drag_along_its_own_descent(level_and_obs):
    """Given a plan's descent (``path``), the profile is the drag the model meets at the
    plan's own nodes. The fuel-optimal plan keeps its speed longer than the constant-thrust
    descent (its throttle at the floor, full thrust at the end), so it meets more drag in
    mid-burn, and the plan made again with that drag uses less propellant (the campaign's
    optimum is planned so: ``campaign.burn_optimum_kg``). From practice_landing_burn's
    ignition in campaign flight 0 (seed 0): 2.17 km up at 234 m/s, Mach 0.70."""
    level, obs = level_and_obs
    burn = Autopilot(level).ctx.landing
    start_obs = dataclasses.replace(
        obs, position_rel_deck_m=(102.23, -0.24, 2165.02), altitude_above_sea_m=2168.03,
        velocity_rel_deck_mps=(-8.58, 0.25, -233.76), vertical_speed_mps=-233.76,
        mach=0.7045, wind_mps=(-5.38, 2.01, 0.0), grid_fins_deploy_fraction=1.0)
    g = guidance_module()
    planner = g.LandingBurnPlanner(g.LandingVehicle.from_spec(level.vehicle, engines_lit=1),
                                   n_nodes=50)
    target_r, target_v = (0.0, 0.0, 17.95), (0.0, 0.0, -1.0)
    kwargs = dict(target_position_m=target_r, target_velocity_mps=target_v, gravity_mps2=9.81)
    start = (start_obs.position_rel_deck_m, start_obs.velocity_rel_deck_mps, start_obs.mass_kg)
    steady = burn.drag_lift_profile(start_obs, target_r, target_v)
    first = planner.plan(*start, lift_profile=steady, **kwargs)
    assert first.solver == "clarabel"
    path = (first.times_s, first.positions_m[:, 2], first.velocities_mps[:, 2])
    along = burn.drag_lift_profile(start_obs, target_r, target_v, path)
    tf = first.final_time_s
    descent = VerticalDescent(start_obs, burn.vehicle, burn.steering.full_thrust_n(start_obs),
                              target_r[2], 1.0, 9.81)
    deck = start_obs.altitude_above_sea_m - start_obs.position_rel_deck_m[2]
    for k in (0, 17, 33):
        assert along(tf)[k] == pytest.approx(descent.drag(
            float(first.velocities_mps[k, 2]), deck + float(first.positions_m[k, 2]),
            float(first.times_s[k])), rel=1e-6)
    assert along(tf)[25] > 1.2 * steady(tf)[25]
    again = planner.plan(*start, lift_profile=along, **kwargs)
    assert again.solver == "clarabel" and again.fuel_kg < 0.99 * first.fuel_kg
