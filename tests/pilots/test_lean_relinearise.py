"""The lean planner re-linearised along its planned path (lean_model.LeanLinearisation).

A stage held against a strong wind meets the air at a growing angle of attack, where the
body's normal force grows faster than the angle: a plan linearised about today's angle
counts on more push from the lean at the bottom than the stage will get. Here the truth is
the lean model itself (``lateral_accel_mps2``, checked against the World in
test_lean_model.py) flown with the attitude loop's second-order response, the sink rate
falling linearly to rest, as the landing burn flies it.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from game.data.loader import load_vehicle
from game.pilots.autopilot.lateral_mpc import LateralMpc, MpcSettings
from game.pilots.autopilot.lean_model import LeanLinearisation, lateral_accel_mps2
from game.pilots.autopilot.vehicle import VehicleModel

VEHICLE = VehicleModel(load_vehicle("falcon9_ft"))
MASS_KG, THRUST_N, DENSITY, MACH = 30_000.0, 420_000.0, 1.15, 0.15
WN, ZETA = 1.3, 1.0


def model(p_v_theta, wind, sink0: float, t_go: float, t: float) -> LeanLinearisation:
    """The planner's linearisation from the state now (east axis only; north at rest)."""
    _, v, theta, _ = p_v_theta
    sink = sink0 * max(1.0 - t / t_go, 0.0)

    def profile(tau: float) -> tuple[float, float]:
        return THRUST_N, sink * max(1.0 - tau / max(t_go - t, 0.1), 0.0)

    return LeanLinearisation.about(VEHICLE, profile, MASS_KG, MACH, DENSITY, (theta, 0.0),
                                   (wind, 0.0), (wind - v, 0.0), sink)


def fly(relinearisations: int, p0: float, v0: float, wind: float, sink0: float = 60.0,
        t_go: float = 14.0, dt: float = 0.01) -> tuple[float, float]:
    """Final (position, velocity) east of the deck, flown in the nonlinear lean model."""
    mpc = LateralMpc(MpcSettings(relinearisations=relinearisations))
    p, v, th, om = p0, v0, 0.0, 0.0
    for i in range(round(t_go / dt)):
        t = i * dt
        lin = model((p, v, th, om), wind, sink0, t_go, t)
        lean = mpc.command(t, (p, v, th, om), (0.0, 0.0, 0.0, 0.0), t_go - t, lin.gain, WN,
                           ZETA, lin.push, damping_profile=lin.damping,
                           relinearise=lin.relinearise)[0]
        lean = min(max(lean, -0.364), 0.364)
        sink = sink0 * (1.0 - t / t_go)
        air = wind - v
        speed = math.hypot(air, sink)
        q = 0.5 * DENSITY * speed * speed
        acc = lateral_accel_mps2(VEHICLE, (th, 0.0), (air / speed, 0.0), q, MACH, THRUST_N,
                                 MASS_KG)[0]
        ang = WN * WN * (lean - th) - 2.0 * ZETA * WN * om
        v += acc * dt
        p += v * dt
        om += ang * dt
        th += om * dt
    return p, v


def test_the_relinearised_model_is_the_lean_model_along_the_planned_path():
    """g theta - b v + d at each planned step is the nonlinear model's acceleration there."""
    wind, sink0, t_go = -18.0, 60.0, 14.0
    lin = model((150.0, -15.0, 0.0, 0.0), wind, sink0, t_go, 0.0)
    dt, n = 0.25, 56
    leans = np.column_stack([np.linspace(0.0, 0.35, n), np.zeros(n)])
    velocities = np.column_stack([np.linspace(-15.0, 0.0, n), np.zeros(n)])
    gains, damping, pushes = lin.relinearise(dt, leans, velocities)
    for k in range(0, n, 5):
        sink = sink0 * (1.0 - k * dt / t_go)
        air = wind - velocities[k, 0]
        speed = math.hypot(air, sink)
        truth = lateral_accel_mps2(VEHICLE, (leans[k, 0], 0.0), (air / speed, 0.0),
                                   0.5 * DENSITY * speed * speed, MACH, THRUST_N, MASS_KG)[0]
        linear = gains[k] * leans[k, 0] - damping[k] * velocities[k, 0] + pushes[k, 0]
        assert linear == pytest.approx(truth, abs=0.02 * THRUST_N / MASS_KG)
    # Leaning into the wind while the drift slows raises the angle of attack, where the
    # normal force's secant is steeper: the lean's gain falls below today's; and a stage
    # that has stopped in the wind still meets the air side-on as its sink rate runs out,
    # where today's linearisation has the air's drag fading with the sink rate.
    assert gains[30] < 0.95 * lin.gain(30 * dt)
    assert damping[45] > 3.0 * lin.damping(45 * dt)


def open_loop(relinearisations: int, p0: float, v0: float, wind: float, sink0: float = 60.0,
              t_go: float = 14.0, dt: float = 0.01):
    """(where the first plan says the stage ends, where its leans take it in the lean
    model): final (position, velocity) east of the deck."""
    mpc = LateralMpc(MpcSettings(relinearisations=relinearisations))
    lin = model((p0, v0, 0.0, 0.0), wind, sink0, t_go, 0.0)
    mpc.solve((p0, v0, 0.0, 0.0), (0.0, 0.0, 0.0, 0.0), t_go, lin.gain, WN, ZETA, lin.push,
              damping_profile=lin.damping, relinearise=lin.relinearise)
    step, plans = mpc.planned
    p, v, th, om = p0, v0, 0.0, 0.0
    for i in range(round(t_go / dt)):
        t = i * dt
        lean = float(plans[0][min(int(t / step), len(plans[0]) - 1)])
        sink = sink0 * (1.0 - t / t_go)
        air = wind - v
        speed = math.hypot(air, sink)
        acc = lateral_accel_mps2(VEHICLE, (th, 0.0), (air / speed, 0.0),
                                 0.5 * DENSITY * speed * speed, MACH, THRUST_N, MASS_KG)[0]
        ang = WN * WN * (lean - th) - 2.0 * ZETA * WN * om
        v += acc * dt
        p += v * dt
        om += ang * dt
        th += om * dt
    end = mpc.predicted_end
    return (float(end[0, 0]), float(end[1, 0])), (p, v)


@pytest.mark.parametrize(("p0", "v0", "wind"), [(150.0, -15.0, -18.0), (60.0, -12.0, -14.0),
                                                (-40.0, 5.0, -10.0)])
def test_a_plan_relinearised_along_its_path_knows_where_its_leans_take_the_stage(p0, v0,
                                                                                 wind):
    """Flown open loop in the lean model, the plan's leans take the stage where the plan
    said (within a few metres and a fraction of a metre per second) once it is made along
    its own path; about today's angle of attack alone, it is further out."""
    (p_said, v_said), (p, v) = open_loop(1, p0, v0, wind)
    (p_said0, v_said0), (p0_, v0_) = open_loop(0, p0, v0, wind)
    print(p_said, v_said, p, v, "|", p_said0, v_said0, p0_, v0_)
    error = abs(p - p_said) + 3.0 * abs(v - v_said)
    assert error < 0.5 * (abs(p0_ - p_said0) + 3.0 * abs(v0_ - v_said0))
    assert abs(p - p_said) < 5.0 and abs(v - v_said) < 1.0


def test_the_closed_loop_stops_on_the_deck_in_a_strong_wind():
    """Re-planned every 0.1 s from the state, a stage 150 m upwind drifting at 15 m/s in an
    18 m/s wind arrives near the centre, slow."""
    p, v = fly(1, 150.0, -15.0, -18.0)
    assert abs(p) < 2.0 and abs(v) < 0.5


@pytest.mark.parametrize("denser", [1.0, 1.3])
def test_a_profile_that_gives_the_air_density_scales_the_air_forces(denser):
    """A profile may give the air's density t seconds ahead over today's (the landing burn's,
    along its plan's descent): the planner's gain, damping and push are then those of the
    model with the density scaled by it. The thrust's share does not change, so the gain
    falls (less of the lean's push is left) and the damping and push grow."""
    wind, v, sink = 12.0, -3.0, 60.0

    def thicker(t: float) -> tuple[float, float, float]:
        return THRUST_N, sink, denser

    def held(t: float) -> tuple[float, float]:
        return THRUST_N, sink

    args = (MASS_KG, MACH)
    state = ((0.05, 0.0), (wind, 0.0), (wind - v, 0.0), sink)
    given = LeanLinearisation.about(VEHICLE, thicker, *args, DENSITY, *state)
    scaled = LeanLinearisation.about(VEHICLE, held, *args, DENSITY * denser, *state)
    today = LeanLinearisation.about(VEHICLE, held, *args, DENSITY, *state)
    for t in (0.0, 3.0):
        assert given.gain(t) == pytest.approx(scaled.gain(t), rel=1e-12)
        assert given.damping(t) == pytest.approx(scaled.damping(t), rel=1e-12)
        assert given.push(t)[0] == pytest.approx(scaled.push(t)[0], rel=1e-12)
    if denser > 1.0:
        assert given.gain(0.0) < today.gain(0.0) - 1e-3
        assert given.damping(0.0) > today.damping(0.0) * 1.2
