"""Sideways control of the last seconds: a small model-predictive controller for the lean.

A thrusting stage moves sideways only by leaning, and it leans slowly: the engine gimbal
(5 deg) turns a 20-tonne stage by a few degrees per second. A law that ignores that overshoots
the deck or arrives sliding. This controller plans the lean with the lean's own dynamics in
the model, per horizontal axis (east, north), every ``period_s``:

    p' = v,   v' = g(t) theta - c omega' - b(t) v + d(t),   theta' = omega,
    omega' = wn^2 (theta_c - theta) - 2 zeta wn omega

where p, v are the position and velocity relative to the deck centre, theta the axis's
horizontal component (its lean), omega its rate, theta_c the commanded lean (the attitude
loop is a second-order system of natural frequency ``wn`` and damping ``zeta`` for small
errors, game/pilots/autopilot/attitude.py), and g(t) the sideways acceleration per radian of
lean (the thrust acceleration times the lean's effectiveness, which the aerodynamic lift
reduces; zero before the engine lights), c (``reaction_m``) the sideways reaction of the
engine that turns the stage (it leans the stage by pushing the tail the other way, so every
change of lean first moves the stage the wrong way: c = I / (m l), ``landing_lean``), and d(t)
a known push and b(t) the aerodynamic damping (the airflow meeting the stage at an angle:
a crosswind pushes an upright stage downwind, b (w - v) with w the wind, until it drifts
with the air; ``landing_lean``). g, b and d depend on the angle of attack the stage will
have, which the plan sets: the first plan takes them from today's, and the plan is then made
again with them along the path it predicts (``relinearisations`` times; a sequential
linearisation, as in successive convexification).
Discretised (explicit Euler, ``period_s``) to the
touchdown time t_go, the plan minimises

    w_p p_N^2 + w_v v_N^2 + w_a (g theta_N)^2 + w_j (g omega_N)^2
        + lambda sum c_k (g (theta_c,k - theta_rest,k))^2

where theta_rest is the lean with the airflow (the stage's natural attitude: leaning there costs
nothing) and, over the last ``upright_s``, upright with c_k = ``upright_penalty`` (the stage
must arrive upright, so the sideways work is planned ahead of that); c_k = 1 before,

a soft-terminal linear-quadratic problem solved in closed form (one N x N solve shared by both
axes). The lean is bounded in flight (``limit_profile(t)``, the tangent of the largest tilt
at t seconds from now: wide in the burn, narrowing to upright at the deck) and an unbounded
plan that asks for more (radians one way, then the other) starts, once clipped, in the wrong
direction; so the plan is bounded too: per axis, the bounded least-squares problem (scipy's
BVLS, exact, a few milliseconds for 60 commands). The bound is on the tilt (both axes
together); where the two axes' plans together exceed it, each axis is planned again within
its share of the bound along the direction the unbounded plan asks for (not the bounded
plans': clipped each to the whole bound, they would split it evenly, a 45 deg lean whatever
the way to the deck).

In a strong crosswind the lean that holds the stage still over the deck, h = -d / g, takes
much of that bound (a 20 m/s gust on a stage sinking at 30 m/s asks for more than the
terminal's 8 deg), leaving it nothing to divert or brake with: the stage drifts downwind
at the bound. So the bound is a disc moved toward h, by ``hold_profile(t)`` (0 to 1) of
it, which the caller fades out near the deck, where the stage must arrive upright. Where |h|
exceeds ``hold_within`` of the bound, the disc is the smallest that holds both the bound
about upright and that bound moved along h by the excess: its centre half the excess along
h, its radius the bound plus half the excess. The lean keeps all its room every way and
gains room into the wind, out to ``hold_cap`` from upright at most. The plan is solved for
the lean less the disc's centre. Measured on practice_touchdown_rough_sea (12 m/s at 10 m,
gusts 0.35; 40 flights, seed 0): 50 % within the acceptance limits, was 32.5 %, the lateral
speed's 95th percentile 1.8 m/s, was 5.6 (moved all the way, ``hold_within`` 0: 52.5 %,
but night fog, 5 m/s, lost 2 of 40 flights to sliding; 0.5: 40 %).

Only its first command is used; the next period re-plans from the measured state. The
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
    max_step_s: float = 1.0  # the plan's step at most (Euler on the lean's 1.3 rad/s: < 1.5)
    position_weight: float = 1.0
    velocity_weight: float = 6.0  # touchdown limits: 0.5 m/s sideways matters more than 5 m
    lean_weight: float = 6.0
    lean_rate_weight: float = 0.3
    effort_weight: float = 0.01
    upright_s: float = 2.5  # the lean is made this much dearer over the last seconds,
    upright_penalty: float = 30.0  # so the plan finishes its sideways work before them
    lean_limit: float = 0.364  # tan(20 deg): the bound where no limit_profile is given
    relinearisations: int = 1  # plans again along the planned path this many times
    # tan(25 deg): the bound moved by the hold lean at most to this (20 deg: crs8_ocisly 85 %
    # of 40 flights, its returns saturated into 18-20 m/s winds aloft, 7-12 m downwind of
    # the deck; 25 deg: 95 %, atlantic_600km 95 -> 92.5 %)
    hold_cap: float = 0.466
    hold_within: float = 0.25  # share of the bound a hold lean may take before it moves it


class LateralMpc:
    """The lean planner (see the module docstring); holds its command between re-plans."""

    def __init__(self, settings: MpcSettings | None = None) -> None:
        self.settings = settings or MpcSettings()
        self._next_s = -math.inf
        self.lean = (0.0, 0.0)
        self.planned = (0.0, [])  # the last plan: (step s, per axis the commanded leans)
        self._made_with = None  # the last plan's start, commands and model
        self.hold_reach = 0.0  # how much further than its bound the last plan's first lean
        # may reach (the disc moved toward the hold lean; 0 without a hold_profile)

    def reset(self) -> None:
        self._next_s = -math.inf

    @property
    def predicted_end(self) -> np.ndarray:
        """Where the last plan ends in the model it was made with: the state (p, v, theta,
        omega) x axis (east, north)."""
        if self._made_with is None:
            return np.zeros((4, 2))
        return _predicted_path(*self._made_with)[2]

    def command(self, time_s: float, state_east, state_north, t_go_s: float,
                gain_profile, wn: float, zeta: float, push_profile=None,
                rest_lean=(0.0, 0.0), limit_profile=None,
                reaction_m: float = 0.0, damping_profile=None,
                relinearise=None, hold_profile=None) -> tuple[float, float]:
        """The commanded lean (east, north components of the axis), re-planned on schedule.

        ``state_*`` = (p, v, theta, omega); ``gain_profile(t)`` = g at t seconds from now
        (m/s^2/rad). The plan spans the whole time to go in at most ``max_steps`` steps.
        ``relinearise(dt, leans, velocities)`` (n x 2 each, the planned path) gives the
        model (g_k, b_k, d_k) along that path, to plan again with (``relinearisations``
        times).
        """
        if time_s >= self._next_s:
            self._next_s = time_s + self.settings.period_s - 1e-9
            self.lean = self.solve(state_east, state_north, t_go_s, gain_profile, wn, zeta,
                                   push_profile, rest_lean, limit_profile, reaction_m,
                                   damping_profile, relinearise, hold_profile)
        return self.lean

    def solve(self, state_east, state_north, t_go_s: float, gain_profile, wn: float,
              zeta: float, push_profile=None, rest_lean=(0.0, 0.0),
              limit_profile=None, reaction_m: float = 0.0,
              damping_profile=None, relinearise=None,
              hold_profile=None) -> tuple[float, float]:
        s = self.settings
        # the whole time to go in max_steps steps, each short enough for the explicit Euler
        # steps of the lean's response to stay stable (a stage stopped high above the deck
        # has a time to go of minutes: 5 s steps grew the plan past floating point)
        dt = min(max(s.period_s, t_go_s / s.max_steps), s.max_step_s)
        n = int(min(max(math.ceil(t_go_s / dt), 1), s.max_steps))
        gains = np.array([gain_profile(k * dt) for k in range(n)])
        damping = np.array([damping_profile(k * dt) if damping_profile else 0.0
                            for k in range(n)])
        pushes = np.array([push_profile(k * dt) if push_profile else (0.0, 0.0)
                           for k in range(n)], dtype=float).reshape(n, 2)
        limits = np.array([limit_profile(k * dt) if limit_profile else s.lean_limit
                           for k in range(n)])
        shares = np.array([hold_profile(k * dt) if hold_profile else 0.0 for k in range(n)])
        x0 = np.column_stack([np.asarray(state_east, dtype=float),
                              np.asarray(state_north, dtype=float)])  # 4 x 2
        model = (dt, wn, zeta, reaction_m, rest_lean,
                 *_hold_bounds(limits, shares, gains, pushes, s))
        try:
            with np.errstate(all="ignore"):
                plans = self._plan(x0, gains, damping, pushes, model)
                for _ in range(s.relinearisations if relinearise is not None else 0):
                    leans, velocities, _ = _predicted_path(x0, plans, gains, damping, pushes,
                                                           model)
                    gains, damping, pushes = relinearise(dt, leans, velocities)
                    model = (*model[:5], *_hold_bounds(limits, shares, gains, pushes, s))
                    plans = self._plan(x0, gains, damping, pushes, model)
        except (ValueError, np.linalg.LinAlgError):
            return self.lean  # a model the solvers cannot take: hold the last command
        if not all(np.all(np.isfinite(plan)) for plan in plans):
            return self.lean  # a model past floating point: hold the last command
        self.hold_reach = float(model[5][0] + np.hypot(*model[6][0]) - limits[0])
        self.planned = (dt, plans)
        self._made_with = (x0, plans, gains, damping, pushes, model)
        return float(plans[0][0]), float(plans[1][0])

    def _plan(self, x0: np.ndarray, gains, damping, pushes, model) -> list[np.ndarray]:
        """Per axis the commanded leans for a model (g_k, b_k, d_k) over the steps."""
        s = self.settings
        dt, wn, zeta, reaction_m, rest_lean, limits, centres = model  # the bound: a disc
        n = len(gains)
        g_end = max(abs(float(gains[-1])), 1.0)
        steps = [_step(float(g), reaction_m, dt, wn, zeta, float(b))
                 for g, b in zip(gains, damping, strict=True)]
        # x_N = Phi x0 + M u, built backwards: Phi = A_{N-1} ... A_0.
        phi = np.eye(4)
        m = np.zeros((4, n))
        for k in range(n - 1, -1, -1):
            a, b = steps[k]
            m[:, k] = phi @ b
            phi = phi @ a
        w = np.diag([s.position_weight, s.velocity_weight, s.lean_weight * g_end,
                     s.lean_rate_weight * g_end])
        wm = w @ m
        late = np.array([s.upright_penalty if (n - k) * dt <= s.upright_s else 1.0
                         for k in range(n)])
        effort = s.effort_weight * g_end * g_end * late
        free = phi @ x0 + _pushed(pushes, steps, dt)
        # The effort is counted from the rest lean (with the airflow: free) until the last
        # seconds, where it is counted from upright.
        ref = np.outer(np.where(late > 1.0, 0.0, 1.0), np.asarray(rest_lean, dtype=float))
        # || W x_N ||^2 + sum effort_k (u_k - ref_k)^2 as one least-squares system per axis,
        # solved for the lean less the bound's centre, u - c (the bound is a disc about c).
        root = np.sqrt(effort)
        a = np.vstack([wm, np.diag(root)])
        target = np.vstack([-(w @ free), root[:, None] * ref]) - a @ centres
        normal = a.T @ a
        free_plans = [np.linalg.solve(normal, a.T @ target[:, axis]) for axis in range(2)]
        plans = [_bounded_solve(a, target[:, axis], limits, free_plans[axis])
                 for axis in range(2)]
        over = np.hypot(plans[0], plans[1]) > limits * (1.0 + 1e-6)
        if np.any(over):
            # The bound is on the tilt, not on each axis: share it between the axes along
            # the direction the unbounded plan asked for (the bounded plans, each clipped to
            # the whole bound, would split it evenly wherever both saturate), and plan again
            # within those shares.
            shares = _tilt_shares(plans, free_plans, over, limits)
            plans = [_bounded_solve(a, target[:, axis], shares[axis], free_plans[axis])
                     for axis in range(2)]
        return [plans[axis] + centres[:, axis] for axis in range(2)]


def _hold_bounds(limits: np.ndarray, shares: np.ndarray, gains: np.ndarray,
                 pushes: np.ndarray, s: MpcSettings) -> tuple[np.ndarray, np.ndarray]:
    """(radii, centres): per step the disc that bounds the lean (module docstring). h is
    ``shares`` (0..1) times -d / g, the lean at which the thrust's sideways push balances the
    air's on a stage at rest over the deck (none while the thrust hardly steers, g under
    1 m/s^2 per radian); e, its excess over ``hold_within`` of the bound r, at most
    ``hold_cap`` - r. The disc is the smallest holding both the bound about upright and that
    bound moved by e along h: its centre e / 2 along h, its radius r + e / 2. The lean may go
    as far as ever every way, and further into the wind."""
    steers = gains >= 1.0
    hold = -pushes / np.maximum(gains, 1.0)[:, None] * (shares * steers)[:, None]
    size = np.hypot(hold[:, 0], hold[:, 1])
    excess = np.minimum(np.maximum(size - s.hold_within * limits, 0.0),
                        np.maximum(s.hold_cap - limits, 0.0))
    scale = excess / np.maximum(size, 1e-12)
    return limits + 0.5 * excess, 0.5 * hold * scale[:, None]


def _pushed(pushes: np.ndarray, steps, dt: float) -> np.ndarray:
    """Final state (4 x 2) reached from rest under the known push alone (no lean)."""
    x = np.zeros((4, 2))
    for (a, _), push in zip(steps, pushes, strict=True):
        x = a @ x
        x[1] += push * dt
    return x


def _predicted_path(x0: np.ndarray, plans, gains, damping, pushes, model):
    """(leans, velocities, end): the lean and the velocity at each step's start (n x 2
    each) and the final state (4 x 2) along the path the plans fly in the model they were
    made with."""
    dt, wn, zeta, reaction_m = model[:4]
    n = len(gains)
    leans, velocities = np.empty((n, 2)), np.empty((n, 2))
    x = x0.copy()
    for k in range(n):
        leans[k], velocities[k] = x[2], x[1]
        a, b = _step(float(gains[k]), reaction_m, dt, wn, zeta, float(damping[k]))
        x = a @ x + np.outer(b, [plans[0][k], plans[1][k]])
        x[1] += pushes[k] * dt
    return leans, velocities, x


def _tilt_shares(plans, free_plans, over: np.ndarray, limits: np.ndarray) -> list:
    """Per axis, its share of the tilt bound: where the bounded plans together exceed it
    (``over``), the bound split along the unbounded plan's direction; elsewhere what the plan
    used."""
    free_size = np.maximum(np.hypot(free_plans[0], free_plans[1]), 1e-12)
    shares = []
    for plan, free in zip(plans, free_plans, strict=True):
        share = np.where(over, limits * np.abs(free) / free_size, np.abs(plan))
        shares.append(np.maximum(np.minimum(share, limits), 1e-6 * limits))
    return shares


def _bounded_solve(a: np.ndarray, target: np.ndarray, limits: np.ndarray,
                   free: np.ndarray) -> np.ndarray:
    """min |a u - target|^2 with |u_k| <= limits_k; ``free``: the unbounded solution, used
    where it fits."""
    u = free
    if np.any(np.abs(u) > limits):
        from scipy.optimize import lsq_linear  # on first need: scipy loads slowly

        u = lsq_linear(a, target, bounds=(-limits, limits), method="bvls").x
    return u


def _step(gain: float, reaction_m: float, dt: float, wn: float, zeta: float,
          damping_per_s: float = 0.0):
    """(A, B) of one explicit-Euler step of the lean model: x' = A x + B theta_c, x = (p, v,
    theta, omega); the sideways acceleration g theta - c omega' - b v (c = ``reaction_m``,
    b = ``damping_per_s``) with omega' = wn^2 (theta_c - theta) - 2 zeta wn omega."""
    w2, c = wn * wn, reaction_m
    a = np.array([[1.0, dt, 0.0, 0.0],
                  [0.0, 1.0 - damping_per_s * dt, (gain + c * w2) * dt,
                   2.0 * c * zeta * wn * dt],
                  [0.0, 0.0, 1.0, dt],
                  [0.0, 0.0, -w2 * dt, 1.0 - 2.0 * zeta * wn * dt]])
    return a, np.array([0.0, -c * w2 * dt, 0.0, w2 * dt])
