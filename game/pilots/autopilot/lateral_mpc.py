"""Sideways control of the last seconds: a small model-predictive controller for the lean.

A thrusting stage moves sideways only by leaning, and it leans slowly: the engine gimbal
(5 deg) turns a 20-tonne stage by a few degrees per second. A law that ignores that overshoots
the deck or arrives sliding. This controller plans the lean with the lean's own dynamics in
the model, per horizontal axis (east, north), every ``period_s``:

    p' = v,   v' = g(t) theta + d(t),   theta' = omega,
    omega' = wn^2 (theta_c - theta) - 2 zeta wn omega

where p, v are the position and velocity relative to the deck centre, theta the axis's
horizontal component (its lean), omega its rate, theta_c the commanded lean (the attitude
loop is a second-order system of natural frequency ``wn`` and damping ``zeta`` for small
errors, game/pilots/autopilot/attitude.py), and g(t) the sideways acceleration per radian of
lean (the thrust acceleration times the lean's effectiveness, which the aerodynamic lift
reduces; zero before the engine lights), and d(t) a known push (the aerodynamic force of the
airflow meeting the stage at an angle: a crosswind pushes an upright stage downwind).
Discretised (explicit Euler, ``period_s``) to the
touchdown time t_go, the plan minimises

    w_p p_N^2 + w_v v_N^2 + w_a (g theta_N)^2 + w_j (g omega_N)^2
        + lambda sum c_k (g (theta_c,k - theta_rest,k))^2

where theta_rest is the lean with the airflow (the stage's natural attitude: leaning there costs
nothing) and, over the last ``upright_s``, upright with c_k = ``upright_penalty`` (the stage
must arrive upright, so the sideways work is planned ahead of that); c_k = 1 before,

a soft-terminal linear-quadratic problem solved in closed form (one N x N solve shared by both
axes). Only its first command is used; the next period re-plans from the measured state. The
weights say what matters at touchdown: no sideways speed first, then upright, then position.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np


@dataclass(slots=True)
class MpcSettings:
    period_s: float = 0.1
    max_steps: int = 60
    position_weight: float = 1.0
    velocity_weight: float = 4.0
    lean_weight: float = 6.0
    lean_rate_weight: float = 0.3
    effort_weight: float = 0.01
    upright_s: float = 2.5  # the lean is made this much dearer over the last seconds,
    upright_penalty: float = 30.0  # so the plan finishes its sideways work before them


class LateralMpc:
    """The lean planner (see the module docstring); holds its command between re-plans."""

    def __init__(self, settings: MpcSettings | None = None) -> None:
        self.settings = settings or MpcSettings()
        self._next_s = -math.inf
        self.lean = (0.0, 0.0)

    def reset(self) -> None:
        self._next_s = -math.inf

    def command(self, time_s: float, state_east, state_north, t_go_s: float,
                gain_profile, wn: float, zeta: float, push_profile=None,
                rest_lean=(0.0, 0.0)) -> tuple[float, float]:
        """The commanded lean (east, north components of the axis), re-planned on schedule.

        ``state_*`` = (p, v, theta, omega); ``gain_profile(t)`` = g at t seconds from now
        (m/s^2/rad). The plan spans the whole time to go in at most ``max_steps`` steps.
        """
        if time_s >= self._next_s:
            self._next_s = time_s + self.settings.period_s - 1e-9
            self.lean = self.solve(state_east, state_north, t_go_s, gain_profile, wn, zeta,
                                   push_profile, rest_lean)
        return self.lean

    def solve(self, state_east, state_north, t_go_s: float, gain_profile, wn: float,
              zeta: float, push_profile=None, rest_lean=(0.0, 0.0)) -> tuple[float, float]:
        s = self.settings
        dt = max(s.period_s, t_go_s / s.max_steps)  # the whole time to go, in max_steps steps
        n = int(min(max(math.ceil(t_go_s / dt), 1), s.max_steps))
        gains = [gain_profile(k * dt) for k in range(n)]
        g_end = max(abs(gains[-1]), 1.0)
        damp = 1.0 - 2.0 * zeta * wn * dt
        b = np.array([0.0, 0.0, 0.0, wn * wn * dt])
        # x_N = Phi x0 + M u, built backwards: Phi = A_{N-1} ... A_0.
        phi = np.eye(4)
        m = np.zeros((4, n))
        for k in range(n - 1, -1, -1):
            m[:, k] = phi @ b
            a = np.array([[1.0, dt, 0.0, 0.0], [0.0, 1.0, gains[k] * dt, 0.0],
                          [0.0, 0.0, 1.0, dt], [0.0, 0.0, -wn * wn * dt, damp]])
            phi = phi @ a
        w = np.diag([s.position_weight, s.velocity_weight, s.lean_weight * g_end,
                     s.lean_rate_weight * g_end])
        wm = w @ m
        late = np.array([s.upright_penalty if (n - k) * dt <= s.upright_s else 1.0
                         for k in range(n)])
        effort = s.effort_weight * g_end * g_end * late
        h = wm.T @ wm + np.diag(effort)
        free = np.column_stack([phi @ np.asarray(state_east, dtype=float),
                                phi @ np.asarray(state_north, dtype=float)])
        if push_profile is not None:
            free += self._pushed(push_profile, gains, dt, wn, damp)
        # The effort is counted from the rest lean (with the airflow: free) until the last
        # seconds, where it is counted from upright.
        ref = np.outer(np.where(late > 1.0, 0.0, 1.0), np.asarray(rest_lean, dtype=float))
        u = np.linalg.solve(h, effort[:, None] * ref - wm.T @ (w @ free))
        return float(u[0, 0]), float(u[0, 1])

    @staticmethod
    def _pushed(push_profile, gains, dt: float, wn: float, damp: float) -> np.ndarray:
        """Final state (4 x 2) reached from rest under the known push alone (no lean)."""
        x = np.zeros((4, 2))
        for k, g in enumerate(gains):
            push = np.asarray(push_profile(k * dt), dtype=float)
            a = np.array([[1.0, dt, 0.0, 0.0], [0.0, 1.0, g * dt, 0.0],
                          [0.0, 0.0, 1.0, dt], [0.0, 0.0, -wn * wn * dt, damp]])
            x = a @ x
            x[1] += push * dt
        return x
