"""The integrator against closed forms and an independent high-accuracy reference."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.integrate import solve_ivp

from game.sim.rigid_body import quat_rotate, quat_rotate_inverse, rotational_energy_j
from game.sim.rigid_body import step as step_rigid

DT = 1.0 / 120.0
NO_GRAVITY = lambda x, y, z: (0.0, 0.0, 0.0)  # noqa: E731
ZERO = (0.0, 0.0, 0.0)


def _euler_rhs(inertia):
    ixx, iyy, izz = inertia

    def rhs(_t, w):
        return [
            (iyy - izz) / ixx * w[1] * w[2],
            (izz - ixx) / iyy * w[2] * w[0],
            (ixx - iyy) / izz * w[0] * w[1],
        ]

    return rhs


def _tumble(omega0, inertia, seconds):
    state = (0.0,) * 6 + (1.0, 0.0, 0.0, 0.0) + tuple(omega0)
    history = [state]
    for _ in range(round(seconds / DT)):
        state = step_rigid(state, ZERO, ZERO, 1.0, inertia, DT, NO_GRAVITY)
        history.append(state)
    return history


def test_torque_free_tumble_matches_reference():
    inertia = (6.0e4, 5.5e6, 5.2e6)  # a stage whose transverse inertias differ a little
    omega0 = (0.8, 0.05, 0.03)
    history = _tumble(omega0, inertia, 30.0)
    times = np.arange(len(history)) * DT
    ref = solve_ivp(_euler_rhs(inertia), (0.0, times[-1]), omega0, t_eval=times,
                    rtol=1e-12, atol=1e-14, method="DOP853")
    ours = np.array([s[10:13] for s in history])
    err_degps = np.degrees(np.max(np.abs(ours - ref.y.T)))
    assert err_degps < 0.01


def test_intermediate_axis_tumble_keeps_energy():
    inertia = (1.0, 2.0, 3.0)
    omega0 = (0.01, 1.0, 0.01)  # near the unstable intermediate axis: it flips over and over
    history = _tumble(omega0, inertia, 100.0)
    e0 = rotational_energy_j(omega0, inertia)
    energies = np.array([rotational_energy_j(s[10:13], inertia) for s in history])
    assert energies.max() <= 1.01 * e0
    assert energies.min() >= 0.99 * e0
    # it really tumbles: the spin about y reverses at least once
    assert min(s[11] for s in history) < -0.9


def test_angular_momentum_in_world_is_conserved():
    inertia = (1.0, 2.0, 3.0)
    history = _tumble((0.3, 1.0, -0.4), inertia, 20.0)

    def h_world(s):
        q = s[6:10]
        return quat_rotate(q, *(i * w for i, w in zip(inertia, s[10:13], strict=True)))

    h0 = np.array(h_world(history[0]))
    h1 = np.array(h_world(history[-1]))
    assert np.linalg.norm(h1 - h0) < 1e-7 * np.linalg.norm(h0)


def test_constant_spin_rotates_attitude_by_closed_form():
    history = _tumble((0.0, 0.0, 0.5), (1.0, 1.0, 1.0), 2.0)
    q = history[-1][6:10]
    x_world = quat_rotate(q, 1.0, 0.0, 0.0)
    assert x_world[0] == pytest.approx(math.cos(1.0), abs=1e-9)
    assert x_world[1] == pytest.approx(math.sin(1.0), abs=1e-9)
    assert quat_rotate_inverse(q, *x_world) == pytest.approx((1.0, 0.0, 0.0), abs=1e-12)


def test_uniform_gravity_and_force_match_ballistic_closed_form():
    g = (0.0, 0.0, -9.81)
    state = (0.0, 0.0, 100.0, 3.0, 0.0, 20.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
    force = (2.0, 0.0, 0.0)  # 2 N on 1 kg
    for _ in range(240):
        state = step_rigid(state, force, ZERO, 1.0, (1.0, 1.0, 1.0), DT, lambda x, y, z: g)
    t = 2.0
    assert state[0] == pytest.approx(3.0 * t + 0.5 * 2.0 * t * t, abs=1e-9)
    assert state[2] == pytest.approx(100.0 + 20.0 * t - 0.5 * 9.81 * t * t, abs=1e-9)
    assert state[5] == pytest.approx(20.0 - 9.81 * t, abs=1e-9)


def test_constant_torque_spins_up_linearly():
    state = (0.0,) * 6 + (1.0, 0.0, 0.0, 0.0) + ZERO
    for _ in range(120):
        state = step_rigid(state, ZERO, (0.0, 10.0, 0.0), 1.0, (4.0, 5.0, 5.0), DT, NO_GRAVITY)
    assert state[11] == pytest.approx(2.0, rel=1e-9)  # 10 N m / 5 kg m^2 * 1 s
