"""Blend two ``Snapshot``s into one ``FrameState`` for drawing, and keep NaN off the screen.

Interpolation (Fiedler's "Fix Your Timestep"): the frame shows ``prev + alpha (cur - prev)``.
Positions and scalars are linear; attitudes use a normalised linear blend of the quaternions
(the shorter way round; within one 1/120 s step that is slerp to within 1e-6 rad). Discrete
fields (engines lit, outcome, time of day) come from ``cur``.

Guards: any value that is not finite, a quaternion of zero length, or a number outside its
physical range is replaced, field by field, by the last good value this ``Interpolator`` saw
(or a safe default before that) and the fraction/angle inputs are clamped. So a NaN that
escapes the simulation freezes that part of the picture instead of reaching a shader.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

MAX_COORD_M = 5.0e7  # anything farther than 50,000 km is treated as garbage
ANGLE_LIMIT_RAD = 1.0


def _clamp(x: float, lo: float, hi: float) -> float:
    return lo if x < lo else hi if x > hi else x


@dataclass
class FrameState:
    """One instant of the scene, interpolated and sanitised (world frame, SI)."""

    time_s: float = 0.0
    stage_position_m: np.ndarray = field(default_factory=lambda: np.array([0.0, 0.0, 100.0]))
    stage_attitude_wxyz: tuple = (math.sqrt(0.5), 0.0, -math.sqrt(0.5), 0.0)  # axis up
    stage_velocity_mps: np.ndarray = field(default_factory=lambda: np.zeros(3))
    com_station_m: float = 17.0
    throttle_norm: float = 0.0
    engines_lit: int = 0
    engine_mode: int = 1
    ambient_pressure_pa: float = 101325.0
    gimbal_pitch_rad: float = 0.0
    gimbal_yaw_rad: float = 0.0
    fin_deploy_fraction: float = 0.0
    fin_deflections_rad: tuple = (0.0, 0.0, 0.0, 0.0)
    legs_deploy_fraction: float = 0.0
    rcs_firing: tuple = (0.0, 0.0, 0.0)
    ship_position_m: np.ndarray = field(default_factory=lambda: np.array([0.0, 0.0, 3.0]))
    ship_attitude_wxyz: tuple = (1.0, 0.0, 0.0, 0.0)
    outcome: str = "flying"
    mach: float = 0.0
    foot_points_body_m: tuple | None = None  # per leg (station, y, z), when the sim has them
    leg_states: tuple = ()
    fire_state: str | None = None  # "none" | "explosion" when the sim reports fire
    fire_start_s: float = -1.0
    fire_intensity_norm: float | None = None  # optional explicit fire fields
    fire_position_m: np.ndarray | None = None


def _finite_vec(v, n: int) -> tuple | None:
    try:
        t = tuple(float(c) for c in v)
    except (TypeError, ValueError):
        return None
    if len(t) != n or not all(math.isfinite(c) for c in t):
        return None
    return t


def _unit_quat(q) -> tuple | None:
    t = _finite_vec(q, 4)
    if t is None:
        return None
    n = math.sqrt(sum(c * c for c in t))
    if not (n > 1e-6):
        return None
    return tuple(c / n for c in t)


def _nlerp(a: tuple, b: tuple, alpha: float) -> tuple:
    dot = sum(x * y for x, y in zip(a, b, strict=True))
    sign = -1.0 if dot < 0.0 else 1.0
    q = tuple(x + alpha * (sign * y - x) for x, y in zip(a, b, strict=True))
    n = math.sqrt(sum(c * c for c in q)) or 1.0
    return tuple(c / n for c in q)


class Interpolator:
    """Turns (prev, cur, alpha) into a sanitised FrameState, remembering the last good values."""

    def __init__(self) -> None:
        self.last = FrameState()

    # -- one field at a time -------------------------------------------------------------
    def _scalar(self, prev, cur, name: str, alpha: float, lo: float, hi: float) -> float:
        good = getattr(self.last, name)
        a = _num(getattr(prev, name, None))
        b = _num(getattr(cur, name, None))
        if a is None and b is None:
            return good
        a = b if a is None else a
        b = a if b is None else b
        return _clamp(a + alpha * (b - a), lo, hi)

    def _vec(self, prev, cur, name: str, alpha: float, n: int, limit: float, good):
        a = _finite_vec(getattr(prev, name, ()), n)
        b = _finite_vec(getattr(cur, name, ()), n)
        if a is not None and max(abs(c) for c in a) > limit:
            a = None
        if b is not None and max(abs(c) for c in b) > limit:
            b = None
        if a is None and b is None:
            return good
        a = b if a is None else a
        b = a if b is None else b
        return tuple(x + alpha * (y - x) for x, y in zip(a, b, strict=True))

    def _quat(self, prev, cur, name: str, alpha: float, good: tuple) -> tuple:
        a = _unit_quat(getattr(prev, name, ()))
        b = _unit_quat(getattr(cur, name, ()))
        if a is None and b is None:
            return good
        a = b if a is None else a
        b = a if b is None else b
        return _nlerp(a, b, alpha)

    # -- the whole state -------------------------------------------------------------------
    def blend(self, prev, cur, alpha: float) -> FrameState:
        """The sanitised state at ``prev + alpha (cur - prev)``; alpha is clamped to 0..1."""
        alpha = _clamp(float(alpha), 0.0, 1.0) if _num(alpha) is not None else 1.0
        last = self.last
        s = FrameState()
        s.time_s = self._scalar(prev, cur, "time_s", alpha, -1e9, 1e9)
        pos = self._vec(prev, cur, "stage_position_m", alpha, 3, MAX_COORD_M,
                        tuple(last.stage_position_m))
        s.stage_position_m = np.array(pos)
        s.stage_velocity_mps = self._velocity(prev, cur, last)
        s.stage_attitude_wxyz = self._quat(prev, cur, "stage_attitude_wxyz", alpha,
                                           last.stage_attitude_wxyz)
        s.com_station_m = self._scalar(prev, cur, "com_station_m", alpha, 0.0, 100.0)
        s.throttle_norm = self._scalar(prev, cur, "throttle_norm", alpha, 0.0, 1.0)
        s.ambient_pressure_pa = self._scalar(prev, cur, "ambient_pressure_pa", alpha, 0.0, 2e5)
        s.gimbal_pitch_rad = self._scalar(prev, cur, "gimbal_pitch_rad", alpha, -0.5, 0.5)
        s.gimbal_yaw_rad = self._scalar(prev, cur, "gimbal_yaw_rad", alpha, -0.5, 0.5)
        s.fin_deploy_fraction = self._scalar(prev, cur, "fin_deploy_fraction", alpha, 0.0, 1.0)
        s.legs_deploy_fraction = self._scalar(prev, cur, "legs_deploy_fraction", alpha, 0.0, 1.0)
        s.mach = self._scalar(prev, cur, "mach", alpha, 0.0, 100.0)
        fins = self._vec(prev, cur, "fin_deflections_rad", alpha,
                         len(getattr(cur, "fin_deflections_rad", ()) or ()) or 4,
                         ANGLE_LIMIT_RAD, last.fin_deflections_rad)
        s.fin_deflections_rad = tuple(_clamp(f, -ANGLE_LIMIT_RAD, ANGLE_LIMIT_RAD) for f in fins)
        rcs = _finite_vec(getattr(cur, "rcs_firing", ()), 3)
        s.rcs_firing = tuple(_clamp(c, -1.0, 1.0) for c in rcs) if rcs else (0.0, 0.0, 0.0)
        s.ship_position_m = np.array(self._vec(prev, cur, "ship_position_m", alpha, 3,
                                               MAX_COORD_M, tuple(last.ship_position_m)))
        s.ship_attitude_wxyz = self._quat(prev, cur, "ship_attitude_wxyz", alpha,
                                          last.ship_attitude_wxyz)
        s.engines_lit = _int(getattr(cur, "engines_lit", None), 0, 9, last.engines_lit)
        s.engine_mode = _int(getattr(cur, "engine_mode", None), 1, 9, last.engine_mode)
        s.outcome = str(getattr(cur, "outcome", "flying"))
        s.foot_points_body_m = _feet(prev, cur, alpha)
        s.leg_states = tuple(str(x) for x in getattr(cur, "leg_states", ()) or ())
        self._fire(cur, s)
        self.last = s
        return s

    def _velocity(self, prev, cur, last: FrameState) -> np.ndarray:
        a = _finite_vec(getattr(prev, "stage_position_m", ()), 3)
        b = _finite_vec(getattr(cur, "stage_position_m", ()), 3)
        ta, tb = _num(getattr(prev, "time_s", None)), _num(getattr(cur, "time_s", None))
        if a is None or b is None or ta is None or tb is None or not tb > ta:
            return last.stage_velocity_mps.copy()
        v = (np.array(b) - np.array(a)) / (tb - ta)
        return v if np.all(np.abs(v) < 1e5) else last.stage_velocity_mps.copy()

    @staticmethod
    def _fire(cur, s: FrameState) -> None:
        """The sim's fire (``fire_state``, ``fire_start_s``) and the optional explicit
        ``fire_intensity_norm`` / ``fire_position_m``."""
        state = getattr(cur, "fire_state", None)
        s.fire_state = None if state is None else str(state)
        start = _num(getattr(cur, "fire_start_s", None))
        s.fire_start_s = -1.0 if start is None else start
        intensity = _num(getattr(cur, "fire_intensity_norm", None))
        s.fire_intensity_norm = None if intensity is None else _clamp(intensity, 0.0, 1.0)
        pos = _finite_vec(getattr(cur, "fire_position_m", None) or (), 3)
        s.fire_position_m = np.array(pos) if pos else None


def _feet(prev, cur, alpha: float) -> tuple | None:
    """Per-leg foot points (body frame), blended; None when absent or not finite."""
    def read(snap):
        pts = getattr(snap, "foot_points_body_m", None) or ()
        out = tuple(_finite_vec(p, 3) for p in pts)
        if not out or any(p is None or max(abs(c) for c in p) > 100.0 for p in out):
            return None
        return out
    a, b = read(prev), read(cur)
    if b is None:
        return None
    if a is None or len(a) != len(b):
        return b
    return tuple(tuple(x + alpha * (y - x) for x, y in zip(pa, pb, strict=True))
                 for pa, pb in zip(a, b, strict=True))


def _num(x) -> float | None:
    try:
        v = float(x)
    except (TypeError, ValueError):
        return None
    return v if math.isfinite(v) else None


def _int(x, lo: int, hi: int, fallback: int) -> int:
    v = _num(x)
    return fallback if v is None else int(_clamp(round(v), lo, hi))
