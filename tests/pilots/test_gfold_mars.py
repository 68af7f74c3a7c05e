"""The published Mars powered-descent example, solved by our landing guidance.

Source: the numerical example of B. Acikmese and S. R. Ploen, "Convex Programming Approach to
Powered Descent Guidance for Mars Landing", J. Guidance, Control, and Dynamics 30(5),
2007, reused as Case 1 of L. Blackmore, B. Acikmese and D. P. Scharf, "Minimum-Landing-Error
Powered-Descent Guidance for Mars Landing Using Convex Optimization", JGCD 33(4), 2010:

    g = (-3.7114, 0, 0) m/s^2 (x is up), m_wet = 1905 kg, m_dry = 1505 kg,
    six 3.1 kN thrusters canted 27 deg, Isp 225 s:
        T_max = 6 x 3100 x cos 27 deg = 16,573 N, thrust within 0.3 .. 0.8 T_max,
        mass flow |T| / (Isp g0 cos 27 deg), i.e. an axial Isp of 225 cos 27 deg = 200.5 s;
    r0 = (1500, 0, 2000) m, v0 = (-75, 0, 100) m/s (moving away from the target),
    glide slope: the cone of half-angle 86 deg about the vertical through the target, i.e.
        a minimum elevation of 4 deg (our ``glide_slope_deg``); no thrust-pointing limit;
    land at the origin at rest.

Published results, honestly stated: the papers report a fuel-optimal landing using nearly all
of the 400 kg of fuel in a flight of roughly 72-75 s; the figures as widely reproduced are
tf about 72-75 s and fuel about 387-400 kg. We could not check the printed tables while
writing this test, so we assert those ranges where our solution falls in them and pin our own
reproduction (50 nodes, first-order hold) tightly as a regression:

- fuel 398.2 kg: inside the published 387-400 kg (and under the 400 kg in the tank);
- the minimum-time landing: 74.3 s with all 400 kg: inside the published 72-75 s;
- the fuel-optimal final time: 77.5-78 s (fuel is flat to 0.1 kg over 77-79 s), 3 s past the
  published range. The glide slope is what moves it: the same solver without the cone finds
  72.3 s and 388.0 kg, the published lower ends, but that path dips 217 m below the surface,
  so the papers' time cannot be that unconstrained one; we keep the constraint as published
  and note the 3 s difference as unexplained (discretisation or the exact form of the cone).
- With the cant ignored in the mass flow (Isp 225 s), fuel drops to 361 kg: outside the
  published range, which confirms the cos 27 deg in the mass flow.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from game.pilots.autopilot.landing_guidance import LandingBurnPlanner, LandingVehicle

T_MAX_N = 6 * 3100.0 * math.cos(math.radians(27.0))
GRAVITY = (-3.7114, 0.0, 0.0)
R0, V0, M_WET, M_DRY = (1500.0, 0.0, 2000.0), (-75.0, 0.0, 100.0), 1905.0, 1505.0
ISP_AXIAL_S = 225.0 * math.cos(math.radians(27.0))


def mars_vehicle(glide_slope_deg: float = 4.0, isp_s: float = ISP_AXIAL_S) -> LandingVehicle:
    return LandingVehicle(dry_mass_kg=M_DRY, max_thrust_n=0.8 * T_MAX_N,
                          min_thrust_n=0.3 * T_MAX_N, isp_s=isp_s, pointing_limit_deg=180.0,
                          glide_slope_deg=glide_slope_deg)


@pytest.fixture(scope="module")
def planner() -> LandingBurnPlanner:
    return LandingBurnPlanner(mars_vehicle(), n_nodes=50)


@pytest.fixture(scope="module")
def plan(planner):
    plan = planner.plan(R0, V0, M_WET, gravity_mps2=GRAVITY)
    assert plan.solver == "clarabel", plan.status
    return plan


def test_fuel_use_matches_the_published_example(plan):
    assert 387.0 <= plan.fuel_kg <= 400.0 + 1e-3  # published range; the tank holds 400 kg
    assert plan.fuel_kg == pytest.approx(398.2, abs=1.0)  # our reproduction


def test_fuel_optimal_final_time(plan):
    assert plan.final_time_s == pytest.approx(77.7, abs=1.2)


def test_minimum_time_landing_is_in_the_published_time_range(planner):
    fastest = planner.minimum_time_plan(R0, V0, M_WET, gravity_mps2=GRAVITY)
    assert fastest.solver == "clarabel", fastest.status
    assert 72.0 <= fastest.final_time_s <= 75.0
    assert fastest.final_time_s == pytest.approx(74.3, abs=0.3)
    assert fastest.fuel_kg == pytest.approx(400.0, abs=0.5)  # every drop of fuel


def test_the_published_constraints_hold_at_every_node(plan):
    thrust = np.linalg.norm(plan.thrust_n, axis=1)
    assert np.all(thrust >= 0.3 * T_MAX_N * (1 - 1e-4))
    assert np.all(thrust <= 0.8 * T_MAX_N * (1 + 1e-4))
    altitude = plan.positions_m[:, 0]
    horizontal = np.hypot(plan.positions_m[:, 1], plan.positions_m[:, 2])
    assert np.all(altitude >= math.tan(math.radians(4.0)) * horizontal - 1e-3)
    assert np.all(plan.masses_kg >= M_DRY - 1e-6)
    np.testing.assert_allclose(plan.positions_m[-1], 0.0, atol=1e-3)
    np.testing.assert_allclose(plan.velocities_mps[-1], 0.0, atol=1e-3)
    assert plan.masses_kg[0] == pytest.approx(M_WET, rel=1e-7)


def test_the_glide_slope_is_what_sets_the_final_time():
    free = LandingBurnPlanner(mars_vehicle(glide_slope_deg=0.0)).plan(
        R0, V0, M_WET, gravity_mps2=GRAVITY)
    assert free.final_time_s == pytest.approx(72.3, abs=0.5)
    assert free.fuel_kg == pytest.approx(388.0, abs=1.0)
    assert free.positions_m[:, 0].min() < -150.0  # underground: not a valid landing


def test_the_cant_angle_belongs_in_the_mass_flow():
    uncanted = LandingBurnPlanner(mars_vehicle(isp_s=225.0)).plan(
        R0, V0, M_WET, gravity_mps2=GRAVITY)
    assert uncanted.fuel_kg == pytest.approx(360.6, abs=1.5)
    assert not 387.0 <= uncanted.fuel_kg <= 400.0
