"""Body aerodynamics of the stage: axial and normal force from tables, torque about the CoM.

Model:
- Input: the stage's velocity relative to the air in body axes (m/s), air density (kg/m^3),
  speed of sound (m/s) and the centre-of-mass station (m along body x from the nozzle exit).
- Angle of attack ``alpha`` is the angle between body +x (toward the interstage) and the
  air-relative velocity: 0 deg nose first, 180 deg engines first, 90 deg broadside.
- Coefficients C_A, C_N and the centre-of-pressure station come from the vehicle's tables by
  bilinear interpolation in (alpha_deg, mach), clamped at the table ends.
- Sign convention for C_A (matching the schema: "along -x for positive values at alpha 0"):
  a positive C_A is drag-like in BOTH flight directions; the axial force is
  ``-sign(v_x) q S C_A`` along body x, so it always opposes the x component of the motion
  (along -x flying nose first, along +x flying engines first). At exactly alpha = 90 deg the
  axial force is zero, so tables should bring C_A toward 0 there.
- The normal force ``q S C_N`` acts in the cross-flow plane, opposing the transverse velocity
  (C_N is a magnitude, as in the schema).
- Both act at the centre of pressure on the body axis; the torque about the CoM is
  ``r_cp x F`` with ``r_cp = (cp_station - com_station, 0, 0)``.
- Dynamic pressure ``q = rho V^2 / 2``; zero airspeed or zero density gives zero force.

Frames and units: body frame, SI (N, N m). Telemetry attributes: ``mach``, ``alpha_deg``,
``dynamic_pressure_pa`` (and the last coefficients) of the latest ``forces`` call.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from game.data.vehicle_schema import AeroSpec

_RAD_TO_DEG = 180.0 / math.pi
ZERO_WRENCH = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0)


def bracket(axis: list[float], x: float) -> tuple[int, int, float]:
    """Indices (i0, i1) and weight w of x on a strictly increasing axis, clamped at the ends.

    The interpolated value is ``y[i0] + w * (y[i1] - y[i0])``.
    """
    n = len(axis)
    if n == 1 or x <= axis[0]:
        return 0, 0, 0.0
    if x >= axis[-1]:
        return n - 1, n - 1, 0.0
    i1 = bisect_right(axis, x)
    i0 = i1 - 1
    return i0, i1, (x - axis[i0]) / (axis[i1] - axis[i0])


def interp1(axis: list[float], values: list[float], x: float) -> float:
    """Linear interpolation in a 1-D table, clamped at the ends."""
    i0, i1, w = bracket(axis, x)
    y0 = values[i0]
    return y0 + w * (values[i1] - y0)


def _bilinear(table: list[list[float]], a0: int, a1: int, wa: float, m0: int, m1: int,
              wm: float) -> float:
    row0, row1 = table[a0], table[a1]
    lo = row0[m0] + wm * (row0[m1] - row0[m0])
    hi = row1[m0] + wm * (row1[m1] - row1[m0])
    return lo + wa * (hi - lo)


class BodyAero:
    """Axial and normal aerodynamic force on the stage body from the vehicle's tables."""

    def __init__(self, spec: AeroSpec, reference_area_m2: float) -> None:
        self._mach = [float(m) for m in spec.mach]
        self._alpha = [float(a) for a in spec.alpha_deg]
        self._ca = [[float(v) for v in row] for row in spec.axial_coefficient]
        self._cn = [[float(v) for v in row] for row in spec.normal_coefficient]
        self._cp = [[float(v) for v in row] for row in spec.center_of_pressure_station_m]
        self._area_m2 = float(reference_area_m2)
        self.mach = 0.0
        self.alpha_deg = 0.0
        self.dynamic_pressure_pa = 0.0
        self.axial_coefficient = 0.0
        self.normal_coefficient = 0.0
        self.cp_station_m = 0.0

    def forces(
        self,
        vx_air_body: float,
        vy_air_body: float,
        vz_air_body: float,
        density_kgm3: float,
        speed_of_sound_mps: float,
        com_station_m: float,
    ) -> tuple[float, float, float, float, float, float]:
        """(Fx, Fy, Fz, Tx, Ty, Tz): force (N) and torque about the CoM (N m), body frame."""
        v_cross_sq = vy_air_body * vy_air_body + vz_air_body * vz_air_body
        speed_sq = vx_air_body * vx_air_body + v_cross_sq
        if speed_sq <= 0.0 or density_kgm3 <= 0.0:
            self.mach = self.alpha_deg = self.dynamic_pressure_pa = 0.0
            return ZERO_WRENCH
        speed = math.sqrt(speed_sq)
        v_cross = math.sqrt(v_cross_sq)
        q = 0.5 * density_kgm3 * speed_sq
        mach = speed / speed_of_sound_mps if speed_of_sound_mps > 0.0 else 0.0
        alpha = math.atan2(v_cross, vx_air_body) * _RAD_TO_DEG
        a0, a1, wa = bracket(self._alpha, alpha)
        m0, m1, wm = bracket(self._mach, mach)
        c_a = _bilinear(self._ca, a0, a1, wa, m0, m1, wm)
        c_n = _bilinear(self._cn, a0, a1, wa, m0, m1, wm)
        cp = _bilinear(self._cp, a0, a1, wa, m0, m1, wm)
        self.mach, self.alpha_deg, self.dynamic_pressure_pa = mach, alpha, q
        self.axial_coefficient, self.normal_coefficient, self.cp_station_m = c_a, c_n, cp

        qs = q * self._area_m2
        if vx_air_body > 0.0:
            fx = -qs * c_a
        elif vx_air_body < 0.0:
            fx = qs * c_a
        else:
            fx = 0.0
        if v_cross > 0.0:
            k = -qs * c_n / v_cross
            fy, fz = k * vy_air_body, k * vz_air_body
        else:
            fy = fz = 0.0
        arm = cp - com_station_m
        return (fx, fy, fz, 0.0, -arm * fz, arm * fy)
