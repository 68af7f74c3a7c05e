"""The U.S. Standard Atmosphere 1976 (NOAA-S/T 76-1562, NASA-TM-X-74335), 0 to 1000 km.

Model:
- Input: geometric altitude above sea level, metres. It is converted to geopotential altitude
  ``H = r0 z / (r0 + z)`` with the standard's effective Earth radius r0 = 6356.766 km.
- 0 to 86 km (84.852 km geopotential): the seven layers of the standard with their linear
  molecular-scale temperature gradients (-6.5, 0, +1.0, +2.8, 0, -2.8, -2.0 K/km) and the
  exact hydrostatic solutions (eq. 33a for a gradient, 33b for an isothermal layer).
  Density is ``P M0 / (R* T_M)`` (eq. 42) and the speed of sound ``sqrt(gamma R* T_M / M0)``
  (eq. 50), both from the molecular-scale temperature T_M. The kinetic temperature reported
  equals T_M except between 80 and 86 km, where the standard multiplies by M/M0 (falling from
  1 to 0.999579 at 86 km, giving 186.8673 K there); here M/M0 is ramped linearly over that
  span, which differs from the standard's Table 8 by less than 0.01 %.
- Below sea level the first layer is extrapolated down to -1000 m; lower input is clamped.
- APPROXIMATION above 86 km: the real 1976 thermosphere heats up and its composition changes.
  Here the temperature is held at the 86 km value (186.87 K kinetic) and pressure and density
  decay exponentially in geopotential altitude with the isothermal scale height of the top
  layer (about 5.5 km). This is continuous with the layer below (pressure also has a
  continuous slope) and positive everywhere. Against the standard's table the density is 3 %
  high at 100 km, 24 % low at 120 km and more than ten times too low above 150 km, where the
  dynamic pressure on a stage is negligible anyway. Input above 1000 km is clamped to 1000 km.

Units: SI (K, Pa, kg/m^3, m/s). Per-call cost: plain floats and the ``math`` module.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from typing import NamedTuple

R_STAR_J_PER_KMOL_K = 8.31432e3  # the standard's gas constant
M0_KG_PER_KMOL = 28.9644  # sea-level mean molecular weight
G0_MPS2 = 9.80665
R0_M = 6_356_766.0  # effective Earth radius for the geopotential conversion
GAMMA = 1.4
T0_K = 288.15
P0_PA = 101_325.0

_GMR = G0_MPS2 * M0_KG_PER_KMOL / R_STAR_J_PER_KMOL_K  # K/m, the hydrostatic constant
_RHO_FACTOR = M0_KG_PER_KMOL / R_STAR_J_PER_KMOL_K
_SOUND_FACTOR = GAMMA * R_STAR_J_PER_KMOL_K / M0_KG_PER_KMOL

# Layer bases (geopotential m) and molecular-scale temperature gradients (K per geopotential m).
_LAYER_BASE_M = [0.0, 11_000.0, 20_000.0, 32_000.0, 47_000.0, 51_000.0, 71_000.0]
_LAYER_GRADIENT_KPM = [-0.0065, 0.0, 0.001, 0.0028, 0.0, -0.0028, -0.002]

MIN_ALTITUDE_M = -1000.0
TOP_OF_LAYERS_M = 86_000.0  # geometric; 84.852 km geopotential
MAX_ALTITUDE_M = 1_000_000.0
_RATIO_RAMP_START_M = 80_000.0  # geometric altitude where M/M0 starts to fall
_RATIO_AT_TOP = 0.999579  # M/M0 at 86 km (the standard's Table 8)


class Atmosphere(NamedTuple):
    temperature_k: float
    pressure_pa: float
    density_kgm3: float
    speed_of_sound_mps: float


def geopotential_m(altitude_m: float) -> float:
    """Geopotential altitude (m') of a geometric altitude (m)."""
    return R0_M * altitude_m / (R0_M + altitude_m)


def _layer_bases() -> tuple[list[float], list[float]]:
    """Molecular temperature and pressure at each layer base, propagated from sea level."""
    temps, pressures = [T0_K], [P0_PA]
    for i in range(len(_LAYER_BASE_M) - 1):
        t_b, p_b, grad = temps[-1], pressures[-1], _LAYER_GRADIENT_KPM[i]
        dh = _LAYER_BASE_M[i + 1] - _LAYER_BASE_M[i]
        t_next = t_b + grad * dh
        if grad == 0.0:
            p_next = p_b * math.exp(-_GMR * dh / t_b)
        else:
            p_next = p_b * (t_b / t_next) ** (_GMR / grad)
        temps.append(t_next)
        pressures.append(p_next)
    return temps, pressures


_BASE_T_K, _BASE_P_PA = _layer_bases()
_EXPONENT = [(_GMR / g if g != 0.0 else 0.0) for g in _LAYER_GRADIENT_KPM]


def _molecular(h_m: float) -> tuple[float, float]:
    """Molecular-scale temperature (K) and pressure (Pa) at geopotential altitude h (m')."""
    i = bisect_right(_LAYER_BASE_M, h_m) - 1
    if i < 0:
        i = 0  # below sea level: extrapolate the first layer
    t_b = _BASE_T_K[i]
    grad = _LAYER_GRADIENT_KPM[i]
    dh = h_m - _LAYER_BASE_M[i]
    if grad == 0.0:
        return t_b, _BASE_P_PA[i] * math.exp(-_GMR * dh / t_b)
    t_m = t_b + grad * dh
    return t_m, _BASE_P_PA[i] * (t_b / t_m) ** _EXPONENT[i]


_H_TOP_M = geopotential_m(TOP_OF_LAYERS_M)
_T_M_TOP_K, _P_TOP_PA = _molecular(_H_TOP_M)
_T_TOP_K = _T_M_TOP_K * _RATIO_AT_TOP  # 186.8673 K kinetic
_SCALE_HEIGHT_TOP_M = _T_M_TOP_K / _GMR
_RHO_TOP = _P_TOP_PA * _RHO_FACTOR / _T_M_TOP_K
_SOUND_TOP_MPS = math.sqrt(_SOUND_FACTOR * _T_M_TOP_K)
_RATIO_SLOPE_PER_M = (1.0 - _RATIO_AT_TOP) / (TOP_OF_LAYERS_M - _RATIO_RAMP_START_M)


def us1976(altitude_m: float) -> Atmosphere:
    """Temperature, pressure, density and speed of sound at a geometric altitude (m)."""
    z = altitude_m
    if z < MIN_ALTITUDE_M:
        z = MIN_ALTITUDE_M
    elif z > MAX_ALTITUDE_M:
        z = MAX_ALTITUDE_M
    h = R0_M * z / (R0_M + z)
    if z >= TOP_OF_LAYERS_M:
        decay = math.exp((_H_TOP_M - h) / _SCALE_HEIGHT_TOP_M)
        return Atmosphere(_T_TOP_K, _P_TOP_PA * decay, _RHO_TOP * decay, _SOUND_TOP_MPS)
    t_m, p = _molecular(h)
    t_kinetic = t_m
    if z > _RATIO_RAMP_START_M:
        t_kinetic = t_m * (1.0 - _RATIO_SLOPE_PER_M * (z - _RATIO_RAMP_START_M))
    return Atmosphere(t_kinetic, p, p * _RHO_FACTOR / t_m, math.sqrt(_SOUND_FACTOR * t_m))
