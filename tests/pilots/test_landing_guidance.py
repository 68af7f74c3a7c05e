"""Landing-burn guidance on the Falcon 9: constraints, consistency, re-planning, fallback.

The planner is built once per module (cvxpy import and compilation take about a second).
"""

from __future__ import annotations

import math
import subprocess
import sys

import numpy as np
import pytest

from game.data.loader import load_vehicle
from game.pilots.autopilot import gfold_problem
from game.pilots.autopilot.landing_guidance import (
    LandingBurnPlanner,
    LandingPlan,
    LandingVehicle,
)

G0 = 9.80665
MASS_KG = 28270.0  # 22.2 t dry + 6 t propellant + nitrogen and hydraulic fluid
START_R = (150.0, -40.0, 2900.0)
START_V = (-8.0, 3.0, -248.0)
TARGET = (0.0, 0.0, 18.0)


@pytest.fixture(scope="module")
def vehicle() -> LandingVehicle:
    return LandingVehicle.from_spec(load_vehicle("falcon9_ft"), engines_lit=1)


@pytest.fixture(scope="module")
def planner(vehicle) -> LandingBurnPlanner:
    planner = LandingBurnPlanner(vehicle, n_nodes=50)
    assert planner.prepare()
    return planner


@pytest.fixture(scope="module")
def plan(planner) -> LandingPlan:
    plan = planner.plan(START_R, START_V, MASS_KG, target_position_m=TARGET)
    assert plan.solver == "clarabel", plan.status
    return plan


def test_importing_the_guidance_does_not_import_cvxpy():
    code = ("import sys; import game.pilots.autopilot.landing_guidance as g; "
            "v = g.LandingVehicle(22200.0, 756e3, 431e3, 282.0, 20.0, 15.0, 0.8, 1.2); "
            "g.ignition_estimate(v, 3000.0, -245.0, 8.0, 28270.0); "
            "g.LandingBurnPlanner(v); print('cvxpy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"


def test_from_spec_copies_thrust_range_isp_and_start_transient():
    spec = load_vehicle("falcon9_ft")
    sea = LandingVehicle.from_spec(spec, engines_lit=1)
    assert sea.max_thrust_n == pytest.approx(756000.0)
    assert sea.min_thrust_n == pytest.approx(0.57 * 756000.0)
    assert sea.isp_s == pytest.approx(282.0)
    assert (sea.startup_delay_s, sea.spool_up_time_s) == (0.8, 1.2)
    vac = LandingVehicle.from_spec(spec, engines_lit=3, ambient_pressure_pa=0.0)
    assert vac.max_thrust_n == pytest.approx(3 * 825000.0)
    assert vac.isp_s == pytest.approx(311.0)
    half = LandingVehicle.from_spec(spec, ambient_pressure_pa=101325.0 / 2)
    assert half.max_thrust_n == pytest.approx((756000.0 + 825000.0) / 2)
    reserve = LandingVehicle.from_spec(spec, throttle_reserve_norm=0.1)
    assert reserve.max_thrust_n == pytest.approx(0.9 * 756000.0)
    assert reserve.throttle_scale_n == pytest.approx(756000.0)
    with pytest.raises(ValueError, match="engines_lit"):
        LandingVehicle.from_spec(spec, engines_lit=10)
    with pytest.raises(ValueError, match="min_thrust_n"):
        LandingVehicle(22200.0, 400e3, 500e3, 282.0, 20.0, 15.0)


def test_the_engine_cannot_hover_so_the_plan_is_a_hoverslam(vehicle, plan):
    """The minimum thrust exceeds the weight at touchdown: a lossless-convexification case."""
    assert vehicle.min_thrust_n > plan.masses_kg[-1] * 9.81
    thrust = np.linalg.norm(plan.thrust_n, axis=1)
    assert thrust.min() == pytest.approx(vehicle.min_thrust_n, rel=2e-3)  # it uses the floor


def test_plan_satisfies_every_constraint_at_every_node(vehicle, plan):
    thrust = np.linalg.norm(plan.thrust_n, axis=1)
    assert np.all(thrust >= vehicle.min_thrust_n * (1 - 1e-4))
    assert np.all(thrust <= vehicle.max_thrust_n * (1 + 1e-4))
    tilt = np.degrees(np.arccos(plan.thrust_n[:, 2] / thrust))
    assert np.all(tilt[:-1] <= vehicle.pointing_limit_deg + 1e-3)
    assert tilt[-1] <= vehicle.touchdown_pointing_limit_deg + 1e-3
    rel = plan.positions_m[1:-1] - np.array(TARGET)
    elevation = np.degrees(np.arctan2(rel[:, 2], np.hypot(rel[:, 0], rel[:, 1])))
    assert np.all(elevation >= vehicle.glide_slope_deg - 1e-3)
    assert np.all(plan.masses_kg >= vehicle.dry_mass_kg)
    assert np.all(np.diff(plan.masses_kg) < 0.0)


def test_a_large_divert_rides_the_pointing_limit_and_no_further(vehicle, planner):
    plan = planner.plan((400.0, -40.0, 2900.0), START_V, MASS_KG, target_position_m=TARGET)
    assert plan.solver == "clarabel", plan.status
    thrust = np.linalg.norm(plan.thrust_n, axis=1)
    tilt = np.degrees(np.arccos(plan.thrust_n[:, 2] / thrust))
    assert tilt[:-1].max() == pytest.approx(vehicle.pointing_limit_deg, abs=1e-3)
    assert tilt[-1] <= vehicle.touchdown_pointing_limit_deg + 1e-3
    np.testing.assert_allclose(plan.positions_m[-1], TARGET, atol=1e-3)


def test_plan_ends_at_the_target_at_zero_relative_speed(plan):
    np.testing.assert_allclose(plan.positions_m[-1], TARGET, atol=1e-3)
    np.testing.assert_allclose(plan.velocities_mps[-1], 0.0, atol=1e-3)
    np.testing.assert_allclose(plan.positions_m[0], START_R, atol=1e-6)
    np.testing.assert_allclose(plan.velocities_mps[0], START_V, atol=1e-6)
    assert plan.times_s[0] == 0.0 and plan.times_s[-1] == pytest.approx(plan.final_time_s)


def test_a_hand_over_target_velocity_is_met(planner):
    handover = (0.0, 0.0, -25.0)
    plan = planner.plan(START_R, START_V, MASS_KG, target_position_m=(0.0, 0.0, 60.0),
                        target_velocity_mps=handover)
    assert plan.solver == "clarabel", plan.status
    np.testing.assert_allclose(plan.positions_m[-1], (0.0, 0.0, 60.0), atol=1e-3)
    np.testing.assert_allclose(plan.velocities_mps[-1], handover, atol=1e-3)


def test_fuel_is_consistent_with_the_rocket_equation(vehicle, plan):
    """Isp g0 ln(m0 / mf) equals the integral of |T| / m: the relaxation is lossless."""
    assert plan.fuel_kg == pytest.approx(plan.masses_kg[0] - plan.masses_kg[-1])
    ideal_dv = vehicle.isp_s * G0 * math.log(plan.masses_kg[0] / plan.masses_kg[-1])
    accel = np.linalg.norm(plan.thrust_n, axis=1) / plan.masses_kg
    integral = float(np.sum((accel[1:] + accel[:-1]) / 2 * np.diff(plan.times_s)))
    assert integral == pytest.approx(ideal_dv, rel=2e-3)


def test_flying_the_thrust_command_open_loop_lands(vehicle, planner, plan):
    """RK4 at 10 ms on the sampled thrust, mass from the flow: the plan is self-consistent."""
    r, v, m = np.array(START_R), np.array(START_V), MASS_KG
    g = np.array([0.0, 0.0, -9.81])
    dt = 0.01
    steps = round(plan.final_time_s / dt)
    dt = plan.final_time_s / steps

    def deriv(t, r, v, m):
        thrust, _ = planner.thrust_command(plan, t)
        thrust = np.array(thrust)
        return v, thrust / m + g, -np.linalg.norm(thrust) / (vehicle.isp_s * G0)

    for i in range(steps):
        t = i * dt
        k1 = deriv(t, r, v, m)
        k2 = deriv(t + dt / 2, r + k1[0] * dt / 2, v + k1[1] * dt / 2, m + k1[2] * dt / 2)
        k3 = deriv(t + dt / 2, r + k2[0] * dt / 2, v + k2[1] * dt / 2, m + k2[2] * dt / 2)
        k4 = deriv(t + dt, r + k3[0] * dt, v + k3[1] * dt, m + k3[2] * dt)
        r = r + dt * (k1[0] + 2 * k2[0] + 2 * k3[0] + k4[0]) / 6
        v = v + dt * (k1[1] + 2 * k2[1] + 2 * k3[1] + k4[1]) / 6
        m = m + dt * (k1[2] + 2 * k2[2] + 2 * k3[2] + k4[2]) / 6
    assert np.linalg.norm(r - np.array(TARGET)) < 0.2  # 4 cm and 5 mm/s when written
    assert np.linalg.norm(v) < 0.05
    assert m == pytest.approx(plan.masses_kg[-1], rel=1e-4)


def test_thrust_command_samples_the_plan(vehicle, planner, plan):
    for k in (0, 7, 30, len(plan.times_s) - 1):
        vec, throttle = planner.thrust_command(plan, plan.times_s[k])
        np.testing.assert_allclose(vec, plan.thrust_n[k], rtol=1e-12, atol=1e-6)
        assert throttle == pytest.approx(np.linalg.norm(plan.thrust_n[k]) / 756000.0)
    mid = (plan.times_s[3] + plan.times_s[4]) / 2
    np.testing.assert_allclose(planner.thrust_command(plan, mid)[0],
                               (plan.thrust_n[3] + plan.thrust_n[4]) / 2, atol=1e-6)
    np.testing.assert_allclose(planner.thrust_command(plan, -1.0)[0], plan.thrust_n[0])
    np.testing.assert_allclose(planner.thrust_command(plan, 1e3)[0], plan.thrust_n[-1])


@pytest.mark.parametrize("node", [10, 25, 40])
def test_replanning_from_a_state_on_the_plan_keeps_the_remaining_fuel(planner, plan, node):
    remaining = plan.masses_kg[node] - plan.masses_kg[-1]
    time_to_go = plan.final_time_s - plan.times_s[node]
    again = planner.plan(plan.positions_m[node], plan.velocities_mps[node],
                         plan.masses_kg[node], target_position_m=TARGET,
                         time_guess_s=time_to_go)
    assert again.solver == "clarabel" and again.solves == 1, again.status
    assert again.final_time_s == pytest.approx(time_to_go)
    assert again.fuel_kg == pytest.approx(remaining, rel=0.02)
    fresh = planner.plan(plan.positions_m[node], plan.velocities_mps[node],
                         plan.masses_kg[node], target_position_m=TARGET)
    assert fresh.fuel_kg == pytest.approx(remaining, rel=0.03)
    assert fresh.fuel_kg <= again.fuel_kg * 1.001  # the search is as good, to its tolerance


def test_the_thrust_reserve_is_spent_only_when_needed():
    spec = load_vehicle("falcon9_ft")
    reserved = LandingVehicle.from_spec(spec, throttle_reserve_norm=0.1)
    planner = LandingBurnPlanner(reserved)
    plan = planner.plan(START_R, START_V, MASS_KG, target_position_m=TARGET)
    assert "reserve" not in plan.status
    assert np.linalg.norm(plan.thrust_n, axis=1).max() <= 0.9 * 756000.0 * (1 + 1e-4)
    k = 25  # 2 m/s faster than planned: the fuel-optimal plan had no margin below 90 %
    late = planner.plan(plan.positions_m[k], plan.velocities_mps[k] + (0.0, 0.0, -2.0),
                        plan.masses_kg[k], target_position_m=TARGET,
                        time_guess_s=plan.final_time_s - plan.times_s[k])
    assert late.solver == "clarabel" and "thrust reserve used" in late.status
    assert late.solves == 2
    assert 0.9 * 756000.0 < np.linalg.norm(late.thrust_n, axis=1).max() <= 756000.0 * 1.0001
    hopeless = planner.plan((50.0, 0.0, 1000.0), (0.0, 0.0, -260.0), MASS_KG)
    assert hopeless.solver == "fallback"
    assert np.linalg.norm(hopeless.thrust_n[0]) == pytest.approx(756000.0)  # all of it


def test_the_floor_relief_is_spent_only_when_the_stage_is_too_slow():
    """Planning above the engine's floor (0.57 + 0.06 held back), a stage sinking at 70 m/s
    600 m up is too slow for the band: even at 0.63 it would stop above the target. The
    planner then plans down to the floor itself (``floor_relief_n``), and says so; with no
    relief (``floor_relief=False``, as the burn's first plan) it finds no landing at all.
    From a state the band fits, the relief is not used, and a re-plan tries the three bands
    one solve each."""
    spec = load_vehicle("falcon9_ft")
    relieved = LandingVehicle.from_spec(spec, throttle_reserve_norm=0.1,
                                        floor_reserve_norm=0.06)
    assert relieved.floor_relief_n == pytest.approx(0.06 * 756000.0)
    planner = LandingBurnPlanner(relieved)
    slow = ((0.0, 0.0, 600.0), (0.0, 0.0, -70.0), 31900.0)
    plan = planner.plan(*slow, target_position_m=TARGET)
    assert plan.solver == "clarabel" and "floor relief used" in plan.status, plan.status
    assert "reserve" not in plan.status
    assert plan.positions_m[-1] == pytest.approx(TARGET, abs=0.1)
    unrelieved = planner.plan(*slow, target_position_m=TARGET, floor_relief=False)
    assert unrelieved.solver == "fallback" and unrelieved.solves > 20
    assert "relief" not in planner.plan(START_R, START_V, MASS_KG,
                                        target_position_m=TARGET).status
    again = planner.plan((0.0, 0.0, 600.0), (0.0, 0.0, -75.0), 31900.0,
                         target_position_m=TARGET, time_guess_s=12.0, full_search=False)
    assert again.solver == "clarabel" and again.solves == 3
    assert "floor relief used" in again.status


def test_a_state_too_late_to_stop_gets_the_fallback_and_says_so(vehicle, planner):
    plan = planner.plan((50.0, 0.0, 1000.0), (0.0, 0.0, -260.0), MASS_KG,
                        target_position_m=TARGET)
    assert plan.solver == "fallback"
    assert plan.status.startswith("infeasible")
    assert "full thrust" in plan.status and not plan.lands
    thrust = np.linalg.norm(plan.thrust_n, axis=1)
    np.testing.assert_allclose(thrust[0], vehicle.max_thrust_n, rtol=1e-9)
    assert np.all(np.isfinite(plan.positions_m))


def test_no_propellant_gets_the_fallback(vehicle, planner):
    plan = planner.plan(START_R, START_V, vehicle.dry_mass_kg, target_position_m=TARGET)
    assert plan.solver == "fallback" and "no propellant" in plan.status


def test_without_the_solver_the_fallback_flies(vehicle, monkeypatch):
    def broken():
        raise ImportError("No module named 'cvxpy'")

    monkeypatch.setattr(gfold_problem, "_import_cvxpy", broken)
    plan = LandingBurnPlanner(vehicle).plan(START_R, START_V, MASS_KG, target_position_m=TARGET)
    assert plan.solver == "fallback" and "solver unavailable" in plan.status
    assert plan.lands
    np.testing.assert_allclose(plan.positions_m[-1], TARGET, atol=1e-6)


def test_bad_input_is_one_clear_error(planner):
    with pytest.raises(ValueError, match="finite"):
        planner.plan((0.0, 0.0, math.nan), START_V, MASS_KG)


def test_gravity_along_another_axis_gives_the_same_plan_rotated(planner, plan):
    """The Mars example's frame (x up): rotate the state, gravity and target; same answer."""
    def to_x_up(p):  # (x, y, z) z-up -> (z, x, y) x-up; a proper rotation
        return (p[2], p[0], p[1])

    rotated = planner.plan(to_x_up(START_R), to_x_up(START_V), MASS_KG,
                           target_position_m=to_x_up(TARGET), gravity_mps2=(-9.81, 0.0, 0.0),
                           time_guess_s=plan.final_time_s)
    assert rotated.solver == "clarabel" and rotated.solves == 1
    assert rotated.fuel_kg == pytest.approx(plan.fuel_kg, rel=1e-6)
    np.testing.assert_allclose(rotated.positions_m[:, 0], plan.positions_m[:, 2], atol=1e-3)
    np.testing.assert_allclose(rotated.thrust_n[:, 1], plan.thrust_n[:, 0], atol=1e-2)


def test_a_known_lift_is_the_same_as_less_gravity(planner):
    """A constant upward acceleration a at every node plans exactly as gravity g - a."""
    lifted = planner.plan(START_R, START_V, MASS_KG, target_position_m=TARGET,
                          gravity_mps2=9.81, lift_profile=lambda tf: np.full(50, 1.5))
    lighter = planner.plan(START_R, START_V, MASS_KG, target_position_m=TARGET,
                           gravity_mps2=8.31)
    assert lifted.solver == lighter.solver == "clarabel"
    assert lifted.final_time_s == pytest.approx(lighter.final_time_s, abs=0.02)
    assert lifted.fuel_kg == pytest.approx(lighter.fuel_kg, rel=1e-3)
    plain = planner.plan(START_R, START_V, MASS_KG, target_position_m=TARGET)
    assert plain.fuel_kg > lifted.fuel_kg + 50.0  # drag does work the engine need not


def test_a_lift_that_grows_along_the_plan_is_felt_where_it_acts(planner):
    """Lift only in the plan's second half: the first half brakes as without it."""
    def late_lift(tf):
        return np.where(np.linspace(0.0, 1.0, 50) > 0.5, 3.0, 0.0)
    plan = planner.plan(START_R, START_V, MASS_KG, target_position_m=TARGET,
                        lift_profile=late_lift)
    assert plan.solver == "clarabel"
    # Integrate the plan's own thrust, gravity and that lift: it must reproduce its path.
    dt = np.diff(plan.times_s)
    accel = plan.thrust_n[:, 2] / plan.masses_kg - 9.81 + late_lift(plan.final_time_s)
    vz = plan.velocities_mps[0, 2] + np.concatenate(([0.0], np.cumsum(dt * (accel[:-1]
                                                                            + accel[1:]) / 2)))
    np.testing.assert_allclose(vz, plan.velocities_mps[:, 2], atol=1e-3)


def test_the_floor_reserve_raises_the_planned_minimum_thrust():
    spec = load_vehicle("falcon9_ft")
    floor = spec.engines.min_throttle_norm
    reserved = LandingVehicle.from_spec(spec, throttle_reserve_norm=0.1, floor_reserve_norm=0.06)
    assert reserved.min_thrust_n == pytest.approx(reserved.full_thrust_n * (floor + 0.06))
    plan = LandingBurnPlanner(reserved).plan(START_R, START_V, MASS_KG, target_position_m=TARGET)
    assert plan.solver == "clarabel"
    thrust = np.linalg.norm(plan.thrust_n, axis=1)
    assert thrust.min() >= reserved.full_thrust_n * (floor + 0.06) * (1 - 1e-4)
    with pytest.raises(ValueError, match="floor reserve"):
        LandingVehicle.from_spec(spec, throttle_reserve_norm=0.2, floor_reserve_norm=0.25)


def test_a_quick_replan_does_not_search(planner, plan):
    """full_search=False: one solve at the guess, or the fallback at once (no 30 solves)."""
    k = 10
    quick = planner.plan(plan.positions_m[k], plan.velocities_mps[k], plan.masses_kg[k],
                         target_position_m=TARGET, full_search=False,
                         time_guess_s=plan.final_time_s - plan.times_s[k])
    assert quick.solver == "clarabel" and quick.solves == 1
    wrong = planner.plan(plan.positions_m[k], plan.velocities_mps[k], plan.masses_kg[k],
                         target_position_m=TARGET, full_search=False, time_guess_s=2.0)
    assert wrong.solver == "fallback" and wrong.solves <= 1 and "guessed time" in wrong.status
