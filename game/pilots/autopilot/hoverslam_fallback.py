"""The closed-form fallback: a constant-deceleration landing burn ("hoverslam").

Used when the convex solver fails, is not available, or finds no landing. Model: a point
mass in uniform gravity ``g`` (canonical frame: z up, origin at the target, velocities
relative to it), no drag, the engine's thrust available at once.

Vertical channel. From height ``h`` above the target, sinking at ``w = -v_z``, a constant
net deceleration ``a = (w^2 - w_f^2) / (2 h)`` brings the vehicle to the target sinking at the
final rate ``w_f`` (0 for a touchdown) after ``t_b = 2 h / (w + w_f)``; the thrust
acceleration is ``a_T = g + a``. Mass follows the rocket
equation, ``m(t) = m_i exp(-a_T t / v_e)`` with ``v_e = Isp g0``, so the thrust that keeps
the deceleration constant falls with the mass: the throttle profile is
``T(t) / T_max = m_i a_T exp(-a_T t / v_e) / T_max``.

- If that burn needs less than the minimum thrust at its end (lit too early: the engine
  cannot throttle below a thrust that exceeds the weight), the vehicle coasts first and
  lights at the ignition height ``h_i = (w^2 + 2 g h - w_f^2) / (2 a_T)`` with ``a_T`` chosen so
  that the burn starts at ``throttle_norm`` of full thrust; the coast lasts
  ``t_c = (w_i - w) / g`` with ``w_i = sqrt(w^2 + 2 g (h - h_i))``.
- If it needs more than full thrust (lit too late), the plan burns straight up at full thrust
  (no horizontal correction) and reaches the target height still sinking at
  ``sqrt(w^2 - 2 (a_max - g) h)``: no landing, and the status says so.

Horizontal channel, over the burn: the acceleration ``a(t) = a0 + j t`` with
``a0 = -(6 x0 + 4 v0 t_b + 2 v_f t_b) / t_b^2`` and ``j = 2 (v_f - v0 - a0 t_b) / t_b^2``
takes the horizontal position and velocity ``(x0, v0)`` at ignition exactly to
``(0, v_f)`` at ``t_b`` (with ``v_f = 0``: ``j = (12 x0 + 6 v0 t_b) / t_b^3``). With
it the thrust is ``m (a_h, a_T)``; the mass then follows the rocket equation with
``|a|``, integrated with the trapezoidal rule on a fine grid. The pointing limit is not
enforced (this is the emergency plan).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

G0_MPS2 = 9.80665
_SUBSTEPS = 20  # trapezoid sub-steps per node interval for the mass integral


@dataclass(frozen=True)
class HoverslamSolution:
    """The fallback plan in the canonical frame; one row per node (a node may repeat a time
    where the thrust steps, at ignition)."""

    times_s: np.ndarray
    positions_m: np.ndarray
    velocities_mps: np.ndarray
    thrust_n: np.ndarray
    masses_kg: np.ndarray
    status: str
    lands: bool  # True when the plan ends at the target at zero relative speed
    ignition_time_s: float  # seconds of coast before the burn (0: burn now)
    ignition_height_m: float


def constant_deceleration(height_m: float, sink_mps: float, gravity_mps2: float,
                          final_sink_mps: float = 0.0) -> tuple:
    """(thrust acceleration, burn time) of the burn that reaches the target at the final sink."""
    decel = (sink_mps ** 2 - final_sink_mps ** 2) / (2.0 * height_m)
    return gravity_mps2 + decel, 2.0 * height_m / (sink_mps + final_sink_mps)


def ignition_height(height_m: float, sink_mps: float, gravity_mps2: float,
                    thrust_accel_mps2: float, final_sink_mps: float = 0.0) -> float:
    """Height at which a constant ``thrust_accel_mps2`` burn, after a coast, reaches the target
    at the final sink rate."""
    energy = sink_mps ** 2 + 2.0 * gravity_mps2 * height_m - final_sink_mps ** 2
    return energy / (2.0 * thrust_accel_mps2)


def horizontal_profile(x0_m: np.ndarray, v0_mps: np.ndarray, t_s: float,
                       vf_mps: np.ndarray | float = 0.0) -> tuple:
    """(a0, jerk) of the linear acceleration taking (x0, v0) to (0, vf) in ``t_s``."""
    a0 = -(6.0 * x0_m + 4.0 * v0_mps * t_s + 2.0 * vf_mps * t_s) / (t_s * t_s)
    jerk = 2.0 * (vf_mps - v0_mps - a0 * t_s) / (t_s * t_s)
    return a0, jerk


def hoverslam_plan(r0_m: np.ndarray, v0_mps: np.ndarray, mass_kg: float, gravity_mps2: float,
                   min_thrust_n: float, max_thrust_n: float, isp_s: float, n_nodes: int,
                   throttle_norm: float = 0.8,
                   v_final_mps: np.ndarray | None = None) -> HoverslamSolution:
    """The closed-form plan from a canonical state; never raises for a hopeless state.

    ``throttle_norm`` (of ``max_thrust_n``) is the burn's starting throttle after a coast.
    """
    vf = np.zeros(3) if v_final_mps is None else np.asarray(v_final_mps, dtype=float)
    h, w, w_f = float(r0_m[2]), -float(v0_mps[2]), max(-float(vf[2]), 0.0)
    if h <= 0.0:
        return _at_target(r0_m, v0_mps, mass_kg)
    ve = isp_s * G0_MPS2
    a_max = max_thrust_n / mass_kg
    status, coast = "hoverslam burn now", 0.0
    if w > w_f:
        a_t, t_b = constant_deceleration(h, w, gravity_mps2, w_f)
        m_end = mass_kg * math.exp(-a_t * t_b / ve)
    if w <= w_f or m_end * a_t < min_thrust_n:  # too early: coast, then light
        a_t = max(throttle_norm * max_thrust_n, min_thrust_n) / mass_kg
        if a_t <= gravity_mps2:
            return _full_thrust(r0_m, v0_mps, mass_kg, gravity_mps2, max_thrust_n, ve, n_nodes,
                                vf, "cannot decelerate: thrust below weight")
        h_i = ignition_height(h, w, gravity_mps2, a_t, w_f)
        w_i = math.sqrt(max(w * w + 2.0 * gravity_mps2 * (h - h_i), 0.0))
        coast, t_b = (w_i - w) / gravity_mps2, 2.0 * h_i / (w_i + w_f)
        status = f"hoverslam: coast {coast:.1f} s, light at {h_i:.0f} m"
    elif a_t > a_max:  # too late: full thrust, reach the target still sinking
        return _full_thrust(r0_m, v0_mps, mass_kg, gravity_mps2, max_thrust_n, ve, n_nodes,
                            vf, f"needs {a_t / a_max:.0%} of full thrust")
    return _assemble(r0_m, v0_mps, vf, mass_kg, gravity_mps2, ve, n_nodes, coast, t_b, a_t,
                     status, True)


def _at_target(r0_m: np.ndarray, v0_mps: np.ndarray, mass_kg: float) -> HoverslamSolution:
    zeros = np.zeros((2, 3))
    return HoverslamSolution(np.array([0.0, 0.0]), np.array([r0_m, r0_m], dtype=float),
                             np.array([v0_mps, v0_mps], dtype=float), zeros,
                             np.array([mass_kg, mass_kg]), "at or below the target", False,
                             0.0, float(r0_m[2]))


def _full_thrust(r0_m, v0_mps, mass_kg, g, max_thrust_n, ve, n_nodes, vf,
                 why) -> HoverslamSolution:
    """Full thrust from now (constant deceleration at the present mass) to the target height."""
    h, w = float(r0_m[2]), -float(v0_mps[2])
    a_t = max_thrust_n / mass_kg
    net = a_t - g  # deceleration of the sink rate
    if abs(net) < 1e-9:
        t_b = h / max(w, 1e-3)
    else:  # first time the fall w t - net t^2 / 2 reaches h (net > 0 only when w > 0)
        disc = max(w * w - 2.0 * net * h, 0.0)
        t_b = (w - math.sqrt(disc)) / net if net > 0.0 else (math.sqrt(disc) - w) / -net
    speed = w - net * t_b
    return _assemble(r0_m, v0_mps, vf, mass_kg, g, ve, n_nodes, 0.0, t_b, a_t,
                     f"{why}: full thrust, reaches the target sinking at {speed:.1f} m/s",
                     False, steer=False)


def _assemble(r0_m, v0_mps, vf, mass_kg, g, ve, n_nodes, coast_s, burn_s, a_t, status,
              lands, steer=True) -> HoverslamSolution:
    """Sample the coast (if any) and the burn on ``n_nodes`` nodes."""
    r0, v0 = np.asarray(r0_m, dtype=float), np.asarray(v0_mps, dtype=float)
    n_coast = 0 if coast_s <= 0.0 else max(2, n_nodes // 5)
    t_coast = np.linspace(0.0, coast_s, n_coast)
    g_vec = np.array([0.0, 0.0, -g])
    r_c = r0[None, :] + v0[None, :] * t_coast[:, None] + 0.5 * g_vec * t_coast[:, None] ** 2
    v_c = v0[None, :] + g_vec * t_coast[:, None]
    r_i = r0 + v0 * coast_s + 0.5 * g_vec * coast_s ** 2
    v_i = v0 + g_vec * coast_s
    tau = np.linspace(0.0, burn_s, max(n_nodes - n_coast, 2))
    vf_h = vf[:2] if steer else None
    r_b, v_b, acc = _burn_states(r_i, v_i, vf_h, g, a_t, burn_s, tau)
    m_b = _burn_masses(r_i, v_i, vf_h, a_t, burn_s, tau, mass_kg, ve)
    times = np.concatenate([t_coast, coast_s + tau])
    positions = np.concatenate([r_c, r_b])
    velocities = np.concatenate([v_c, v_b])
    thrust = np.concatenate([np.zeros((n_coast, 3)), m_b[:, None] * acc])
    masses = np.concatenate([np.full(n_coast, mass_kg), m_b])
    h_i = float(r_i[2])
    return HoverslamSolution(times, positions, velocities, thrust, masses, status, lands,
                             float(coast_s), h_i)


def _steering(r_i, v_i, vf_h, burn_s) -> tuple:
    """(a0, jerk) of the horizontal channel; zero when not steering (``vf_h`` None)."""
    if vf_h is None:
        return np.zeros(2), np.zeros(2)
    return horizontal_profile(r_i[:2], v_i[:2], burn_s, vf_h)


def _burn_states(r_i, v_i, vf_h, g, a_t, burn_s, tau) -> tuple:
    """Positions, velocities and thrust accelerations at burn times ``tau``."""
    a0, jerk = _steering(r_i, v_i, vf_h, burn_s)
    t = tau[:, None]
    r_h = r_i[:2] + v_i[:2] * t + a0 * t ** 2 / 2.0 + jerk * t ** 3 / 6.0
    v_h = v_i[:2] + a0 * t + jerk * t ** 2 / 2.0
    net = a_t - g
    r_z = r_i[2] + v_i[2] * tau + net * tau ** 2 / 2.0
    v_z = v_i[2] + net * tau
    acc = np.column_stack([a0 + jerk * t, np.full(len(tau), a_t)])
    return (np.column_stack([r_h, r_z]), np.column_stack([v_h, v_z]), acc)


def _burn_masses(r_i, v_i, vf_h, a_t, burn_s, tau, mass_kg, ve) -> np.ndarray:
    """Rocket equation: m = m_i exp(-(1/ve) integral |a_thrust| dt), trapezoid on a fine grid."""
    a0, jerk = _steering(r_i, v_i, vf_h, burn_s)
    if not np.any(a0) and not np.any(jerk):
        return mass_kg * np.exp(-a_t * tau / ve)  # vertical: exact
    fine = np.linspace(0.0, burn_s, (len(tau) - 1) * _SUBSTEPS + 1)
    acc_h = a0 + jerk * fine[:, None]
    mag = np.sqrt(np.sum(acc_h ** 2, axis=1) + a_t * a_t)
    integral = np.concatenate([[0.0], np.cumsum((mag[1:] + mag[:-1]) / 2.0 * np.diff(fine))])
    return mass_kg * np.exp(-integral[::_SUBSTEPS] / ve)
