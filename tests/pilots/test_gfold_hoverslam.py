"""The closed-form hoverslam fallback and the ignition estimate, against hand formulas and an
independent fine-step integration of the same vertical burn."""

from __future__ import annotations

import math

import numpy as np
import pytest

from game.data.loader import load_vehicle
from game.pilots.autopilot.hoverslam_fallback import hoverslam_plan
from game.pilots.autopilot.landing_guidance import (
    LandingBurnPlanner,
    LandingVehicle,
    ignition_estimate,
)

G0 = 9.80665
G = 9.81
MASS_KG = 28000.0
T_MIN, T_MAX, ISP = 0.57 * 756000.0, 756000.0, 282.0
VE = ISP * G0


def fallback(r0, v0, throttle=0.8, vf=None, n=41):
    return hoverslam_plan(np.array(r0, float), np.array(v0, float), MASS_KG, G, T_MIN, T_MAX,
                          ISP, n, throttle, None if vf is None else np.array(vf, float))


@pytest.fixture(scope="module")
def vehicle() -> LandingVehicle:
    return LandingVehicle.from_spec(load_vehicle("falcon9_ft"), engines_lit=1)


# -- the fallback's closed form ----------------------------------------------------------------

def test_vertical_burn_now_is_a_constant_deceleration_with_a_falling_throttle():
    h, w = 1000.0, 150.0
    sol = fallback((0, 0, h), (0, 0, -w))
    a_t, t_b = G + w * w / (2 * h), 2 * h / w  # 21.06 m/s^2 for 13.33 s
    assert sol.lands and sol.ignition_time_s == 0.0 and "now" in sol.status
    t = sol.times_s
    assert t[-1] == pytest.approx(t_b)
    np.testing.assert_allclose(sol.positions_m[:, 2], h - w * t + (a_t - G) * t**2 / 2,
                               atol=1e-9)
    np.testing.assert_allclose(sol.velocities_mps[:, 2], -w + (a_t - G) * t, atol=1e-9)
    np.testing.assert_allclose(sol.masses_kg, MASS_KG * np.exp(-a_t * t / VE), rtol=1e-12)
    np.testing.assert_allclose(sol.thrust_n[:, 2], sol.masses_kg * a_t, rtol=1e-12)
    np.testing.assert_allclose(sol.thrust_n[:, :2], 0.0)
    assert sol.thrust_n[0, 2] < T_MAX and sol.thrust_n[-1, 2] > T_MIN
    np.testing.assert_allclose(sol.positions_m[-1], 0.0, atol=1e-9)
    np.testing.assert_allclose(sol.velocities_mps[-1], 0.0, atol=1e-9)


def test_lit_too_early_it_coasts_to_the_ignition_height():
    """At 3 km and 100 m/s a burn now would need 41 % of full thrust: below the floor."""
    h, w = 3000.0, 100.0
    sol = fallback((0, 0, h), (0, 0, -w), throttle=0.8)
    a_t = 0.8 * T_MAX / MASS_KG
    h_i = (w * w + 2 * G * h) / (2 * a_t)
    w_i = math.sqrt(w * w + 2 * G * (h - h_i))
    assert sol.ignition_height_m == pytest.approx(h_i)
    assert sol.ignition_time_s == pytest.approx((w_i - w) / G)
    assert sol.times_s[-1] == pytest.approx((w_i - w) / G + 2 * h_i / w_i)
    coasting = sol.times_s < sol.ignition_time_s
    assert np.all(sol.thrust_n[coasting] == 0.0)
    first = np.argmax(np.linalg.norm(sol.thrust_n, axis=1) > 0.0)
    assert sol.times_s[first] == pytest.approx(sol.ignition_time_s)
    assert sol.positions_m[first, 2] == pytest.approx(h_i)
    assert sol.thrust_n[first, 2] == pytest.approx(0.8 * T_MAX)
    assert sol.lands
    np.testing.assert_allclose(sol.positions_m[-1], 0.0, atol=1e-6)
    np.testing.assert_allclose(sol.velocities_mps[-1], 0.0, atol=1e-6)


def test_lit_too_late_it_burns_full_and_reports_the_impact_speed():
    h, w = 1000.0, 260.0
    sol = fallback((0, 0, h), (0, 0, -w))
    net = T_MAX / MASS_KG - G
    impact = math.sqrt(w * w - 2 * net * h)
    assert not sol.lands
    assert f"{impact:.1f} m/s" in sol.status
    assert -sol.velocities_mps[-1, 2] == pytest.approx(impact)
    assert sol.positions_m[-1, 2] == pytest.approx(0.0, abs=1e-9)
    assert sol.thrust_n[0, 2] == pytest.approx(T_MAX)


def test_horizontal_channel_nulls_position_and_velocity_with_a_linear_acceleration():
    x0, v0 = np.array([80.0, -30.0]), np.array([-6.0, 2.0])
    sol = fallback((*x0, 1000.0), (*v0, -150.0))
    t_b = sol.times_s[-1]
    np.testing.assert_allclose(sol.positions_m[-1], 0.0, atol=1e-9)
    np.testing.assert_allclose(sol.velocities_mps[-1], 0.0, atol=1e-9)
    accel = sol.thrust_n[:, :2] / sol.masses_kg[:, None]
    np.testing.assert_allclose(accel[0], -(6 * x0 + 4 * v0 * t_b) / t_b**2, rtol=1e-9)
    jerk = (12 * x0 + 6 * v0 * t_b) / t_b**3
    np.testing.assert_allclose(np.diff(accel, axis=0) / np.diff(sol.times_s)[:, None],
                               np.tile(jerk, (len(accel) - 1, 1)), rtol=1e-7)
    # Rocket equation with the whole thrust, against a fine Simpson integral of |a|.
    fine = np.linspace(0.0, t_b, 20001)
    a_h = accel[0] + np.outer(fine, jerk)
    mag = np.sqrt(np.sum(a_h**2, axis=1) + (G + 150.0**2 / 2000.0) ** 2)
    integral = (fine[1] - fine[0]) / 3 * (mag[0] + mag[-1] + 4 * mag[1:-1:2].sum()
                                          + 2 * mag[2:-1:2].sum())
    assert sol.masses_kg[-1] == pytest.approx(MASS_KG * math.exp(-integral / VE), rel=1e-7)


def test_a_hand_over_velocity_is_reached():
    sol = fallback((10.0, 0.0, 1000.0), (0.0, 0.0, -150.0), vf=(0.0, 0.0, -20.0))
    assert sol.times_s[-1] == pytest.approx(2 * 1000.0 / (150.0 + 20.0))
    np.testing.assert_allclose(sol.positions_m[-1], 0.0, atol=1e-9)
    np.testing.assert_allclose(sol.velocities_mps[-1], (0.0, 0.0, -20.0), atol=1e-9)


def test_at_or_below_the_target_nothing_burns():
    sol = fallback((0, 0, -1.0), (0, 0, -2.0))
    assert not sol.lands and "below" in sol.status
    assert np.all(sol.thrust_n == 0.0)


def test_planner_fallback_thrust_command_steps_at_ignition(vehicle, monkeypatch):
    from game.pilots.autopilot import gfold_problem

    def no_solver():
        raise ImportError("No module named 'cvxpy'")

    monkeypatch.setattr(gfold_problem, "_import_cvxpy", no_solver)
    planner = LandingBurnPlanner(vehicle)
    plan = planner.plan((0.0, 0.0, 3000.0), (0.0, 0.0, -100.0), MASS_KG)
    assert plan.solver == "fallback" and "coast" in plan.status
    ignition = plan.times_s[np.argmax(np.linalg.norm(plan.thrust_n, axis=1) > 0)]
    assert planner.thrust_command(plan, ignition - 1e-6)[1] == 0.0
    assert planner.thrust_command(plan, ignition)[1] == pytest.approx(0.8)


# -- the ignition estimate -------------------------------------------------------------------

def fly_vertical(vehicle, h, vz, mass, light_after_s, thrust_n, k=0.0, dt=0.002):
    """RK4 of coast, start-up delay, linear spool-up, constant thrust; (height, time) at stop."""
    ve = vehicle.isp_s * G0
    delay, spool = vehicle.startup_delay_s, vehicle.spool_up_time_s

    def deriv(t, vz, m):
        since = t - light_after_s - delay
        f = 0.0 if since < 0 else thrust_n * min(since / spool, 1.0)
        return f / m - G + k * vz * vz, -f / ve

    t, m = 0.0, mass
    while True:
        a1, m1 = deriv(t, vz, m)
        a2, m2 = deriv(t + dt / 2, vz + a1 * dt / 2, m + m1 * dt / 2)
        a3, m3 = deriv(t + dt / 2, vz + a2 * dt / 2, m + m2 * dt / 2)
        a4, m4 = deriv(t + dt, vz + a3 * dt, m + m3 * dt)
        h += dt * (vz + dt * (a1 + a2 + a3) / 6)
        vz += dt * (a1 + 2 * a2 + 2 * a3 + a4) / 6
        m += dt * (m1 + 2 * m2 + 2 * m3 + m4) / 6
        t += dt
        if t > light_after_s + delay + spool and vz >= 0.0:
            return h, t


@pytest.mark.parametrize(("h", "vz"), [(3000.0, -245.0), (2000.0, -150.0), (2000.0, 50.0)])
def test_lighting_at_the_estimate_stops_at_the_target_in_vacuum(vehicle, h, vz):
    est = ignition_estimate(vehicle, h, vz, 0.0, MASS_KG)
    assert est.feasible and est.throttle_norm == pytest.approx(0.8)
    stop_h, t = fly_vertical(vehicle, h, vz, MASS_KG, est.time_to_ignition_s,
                             0.8 * vehicle.max_thrust_n)
    assert stop_h == pytest.approx(0.0, abs=1.0)
    assert t - est.time_to_ignition_s == pytest.approx(est.burn_time_s, abs=0.1)


def test_with_drag_the_stage_lights_later_and_still_stops_near_the_target(vehicle):
    vacuum = ignition_estimate(vehicle, 3000.0, -245.0, 0.0, MASS_KG)
    est = ignition_estimate(vehicle, 3000.0, -245.0, 0.0, MASS_KG, drag_accel_mps2=9.0)
    assert est.altitude_m < vacuum.altitude_m - 500.0
    stop_h, _ = fly_vertical(vehicle, 3000.0, -245.0, MASS_KG, est.time_to_ignition_s,
                             0.8 * vehicle.max_thrust_n, k=9.0 / 245.0**2)
    distance = est.altitude_m
    assert abs(stop_h) < 0.01 * distance


def test_the_estimate_leaves_margin_both_ways(vehicle):
    """Lit at the estimate, full thrust stops high and the minimum stops low: the target is
    inside the throttle range, and the convex guidance finds a landing after spool-up."""
    est = ignition_estimate(vehicle, 3000.0, -245.0, 0.0, MASS_KG)
    high, _ = fly_vertical(vehicle, 3000.0, -245.0, MASS_KG, est.time_to_ignition_s,
                           vehicle.max_thrust_n)
    low, _ = fly_vertical(vehicle, 3000.0, -245.0, MASS_KG, est.time_to_ignition_s,
                          vehicle.min_thrust_n)
    assert high > 300.0 and low < -300.0
    t_burn = est.time_to_ignition_s + vehicle.startup_delay_s + vehicle.spool_up_time_s
    h_burn = est.altitude_m - 245.0 * (t_burn - est.time_to_ignition_s)  # roughly, for the plan
    plan = LandingBurnPlanner(vehicle).plan((0.0, 0.0, h_burn), (0.0, 0.0, -245.0), MASS_KG)
    assert plan.solver == "clarabel", plan.status


def test_late_it_asks_for_more_throttle_now_and_hopeless_is_infeasible(vehicle):
    late = ignition_estimate(vehicle, 2600.0, -245.0, 0.0, MASS_KG)
    assert late.time_to_ignition_s == 0.0 and late.feasible
    assert 0.8 < late.throttle_norm <= 1.0
    stop_h, _ = fly_vertical(vehicle, 2600.0, -245.0, MASS_KG, 0.0,
                             late.throttle_norm * vehicle.throttle_scale_n)
    assert stop_h == pytest.approx(0.0, abs=1.0)
    hopeless = ignition_estimate(vehicle, 1500.0, -245.0, 0.0, MASS_KG)
    assert not hopeless.feasible and hopeless.time_to_ignition_s == 0.0


def test_horizontal_speed_makes_it_light_earlier(vehicle):
    straight = ignition_estimate(vehicle, 3000.0, -245.0, 0.0, MASS_KG)
    sideways = ignition_estimate(vehicle, 3000.0, -245.0, 40.0, MASS_KG)
    assert sideways.altitude_m > straight.altitude_m


def test_margin_outside_the_throttle_range_is_an_error(vehicle):
    with pytest.raises(ValueError, match="margin"):
        ignition_estimate(vehicle, 3000.0, -245.0, 0.0, MASS_KG, margin=0.5)
