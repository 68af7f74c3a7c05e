"""Weather: mean wind profile, seeded gusts, fog visibility, night and icing exposure.

Frames and units: world frame (x east, y north, z up), SI; altitude above sea level in m.

Mean wind (an IDEALISED CLIMATOLOGY, not a forecast): it blows FROM ``wind_from_deg``
(meteorological convention, clockwise from north), so a wind from 270 deg blows toward +x.
Its speed is ``wind_speed_mps`` at 10 m and grows with height:
- boundary layer, up to 1 km: power law U10 (z / 10 m)^p (z floored at 1 m), with the level's
  ``wind_shear_exponent`` p: 0.11 over the open sea (Hsu, Meindl and Gilhousen 1994, J. Appl.
  Meteor. 33: 0.11 +- 0.03 measured at sea in near-neutral air), 1/7 over open flat land
  (the classic engineering value). The 1 km speed is then U1k = 1.66 U10 at sea, 1.93 over
  land: the sea's smoother surface slows the wind near it less, so a given 10 m wind has
  less above it (the geostrophic wind is about 1.5 U10 over the sea);
- above 1 km: U1k times a factor blended with half-cosine steps (continuous value and slope)
  through the nodes 1 km: 1, 12 km: 3 (a mid-latitude jet stream), 20 km: 1, 50 km: 0.05,
  and held at 0.05 above 50 km. The direction does not veer with height.

Gusts (frozen turbulence, MIL-F-8785C Dryden-like): per axis (along the mean wind, across it,
vertical) a sum of GUST_COMPONENTS sinusoids a_k sin(w_k t + m_k z + p_k). Spatial
wavenumbers k_k are drawn log-stratified over [0.1, 30] / L with L = 533 m (the Dryden length
scale above 1000 ft), amplitudes follow the Dryden spectra (longitudinal 1 / (1 + (L k)^2),
transverse (1 + 3 (L k)^2) / (1 + (L k)^2)^2) and are normalised to unit RMS. The pattern is
advected past a fixed point at w_k = k_k U_adv (U_adv = the 10 m wind, at least 5 m/s) and
varies with height through m_k = k_k mu_k, mu_k uniform in [-1, 1]. Phases, wavenumbers and
mu are drawn from the generator in ``__init__``; ``wind_world_mps`` is then a pure function of
(t, altitude).

Gust RMS with height, MIL-F-8785C's low-altitude model: the vertical RMS is constant with
height (the specification's sigma_w = 0.1 W20), and the horizontal one is sigma_u = sigma_v
= sigma_w / (0.177 + 0.000823 h/ft)^0.4 below 1000 ft (0.0027 per metre), so about 1.9
sigma_w near the sea and sigma_w from 1000 ft (305 m) up, where the turbulence is isotropic;
above, held there (the specification's medium-altitude intensities for light to moderate
turbulence are of that size). The level's ``gust_intensity`` sets the horizontal RMS at 10
m: sigma_u(10 m) = ``gust_intensity * (U10 + gust_floor_mps)`` (the floor lets a calm day
gust), so sigma_u(z) = sigma_u(10 m) ((0.177 + 0.027) / (0.177 + 0.0027 min(z, 305 m)))^0.4:
the turbulence intensity sigma_u / U falls with height, as over the sea, and a strong
breeze's gusts at 1 km are half their surface size (at the sea the same as before; an
earlier version scaled them with U(z), three times this at 1 km and ten at the jet stream).

Fog: extinction coefficient sigma(z) = sigma_clear + (sigma_0 - sigma_clear) exp(-z / 150 m),
with sigma_0 = 3.912 / fog_visibility_m at sea level and sigma_clear = 3.912 / 50 km, so a fog
layer has its top a few hundred metres up; a spec visibility of 50 km or more is uniform
haze. Visibility = 3.912 / sigma (Koschmieder, 2 % contrast threshold).

Icing exposure (0..1): the level's ``icing_exposure``, whatever the fog at the landing site.
The ice that kept Jason-3's collet from latching came from "condensation from heavy fog at
liftoff" (Musk, 17 Jan 2016): water that froze on the stage while it stood fuelled with
cryogenic oxygen at the pad, hundreds of kilometres and ten minutes from the landing. So the
exposure is a launch-day figure the level states (Jason-3: 0.9); fog at the ship only hides it.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

    from game.data.level_schema import WeatherSpec

KOSCHMIEDER = 3.912  # ln(1 / 0.02): visibility = 3.912 / extinction coefficient
CLEAR_AIR_VISIBILITY_M = 50_000.0
FOG_SCALE_HEIGHT_M = 150.0
GUST_COMPONENTS = 8
DRYDEN_LENGTH_M = 533.0  # 1750 ft
GUST_MIN_ADVECTION_MPS = 5.0
MIL_SHAPE_PER_M = 0.0027  # MIL-F-8785C's 0.000823 per foot
MIL_ISOTROPIC_M = 304.8  # 1000 ft: sigma_u = sigma_w from here up
SEA_SHEAR_EXPONENT = 0.11  # power-law exponent of the mean wind over the open sea
LAND_SHEAR_EXPONENT = 1.0 / 7.0  # ... over open flat land
_SIGMA_W_PER_SIGMA_U_10M = (0.177 + MIL_SHAPE_PER_M * 10.0) ** 0.4
_BOUNDARY_LAYER_TOP_M = 1000.0
_JET_NODES = [(1000.0, 1.0), (12_000.0, 3.0), (20_000.0, 1.0), (50_000.0, 0.05)]


_JET_Z_M = [z for z, _ in _JET_NODES]
_JET_F = [f for _, f in _JET_NODES]


def profile_factor(altitude_m: float, shear_exponent: float = SEA_SHEAR_EXPONENT) -> float:
    """Mean wind speed at an altitude divided by the 10 m speed, for a boundary-layer
    power-law exponent (see the module docstring)."""
    z = altitude_m if altitude_m > 1.0 else 1.0
    if z <= _BOUNDARY_LAYER_TOP_M:
        return (z / 10.0) ** shear_exponent
    top = (_BOUNDARY_LAYER_TOP_M / 10.0) ** shear_exponent
    i = bisect_left(_JET_Z_M, z)
    if i >= len(_JET_Z_M):
        return top * _JET_F[-1]
    z0, z1, f0, f1 = _JET_Z_M[i - 1], _JET_Z_M[i], _JET_F[i - 1], _JET_F[i]
    return top * (f0 + (f1 - f0) * 0.5 * (1.0 - math.cos(math.pi * (z - z0) / (z1 - z0))))


def _dryden_amplitudes(wavenumbers: list[float], d_ln: float, transverse: bool) -> list[float]:
    power = []
    for k in wavenumbers:
        x2 = (DRYDEN_LENGTH_M * k) ** 2
        shape = (1.0 + 3.0 * x2) / (1.0 + x2) ** 2 if transverse else 1.0 / (1.0 + x2)
        power.append(shape * k * d_ln)  # spectrum times bin width (log-spaced bins)
    norm = math.sqrt(2.0 / sum(power))  # sum a^2 / 2 = 1: unit RMS
    return [norm * math.sqrt(p) for p in power]


class Weather:
    """Wind, gusts, fog and light for one level; deterministic given the generator."""

    def __init__(self, spec: WeatherSpec, rng: np.random.Generator,
                 gust_floor_mps: float = 1.0) -> None:
        self.wind_speed_10m_mps = float(spec.wind_speed_mps)
        self.shear_exponent = float(spec.wind_shear_exponent)
        from_rad = math.radians(spec.wind_from_deg)
        self._toward_x, self._toward_y = -math.sin(from_rad), -math.cos(from_rad)
        self.gust_intensity = float(spec.gust_intensity)
        self.gust_floor_mps = float(gust_floor_mps)
        self._sigma_w_mps = (self.gust_intensity * (self.wind_speed_10m_mps + self.gust_floor_mps)
                             * _SIGMA_W_PER_SIGMA_U_10M)  # the vertical gusts' RMS
        self.fog_visibility_m = float(spec.fog_visibility_m)
        self._time_of_day = str(spec.time_of_day)
        self._icing = min(1.0, max(0.0, float(spec.icing_exposure)))
        self._sigma_clear = KOSCHMIEDER / CLEAR_AIR_VISIBILITY_M
        self._sigma_sea = KOSCHMIEDER / self.fog_visibility_m
        self._gusts = self._draw_gusts(rng)

    def _draw_gusts(self, rng: np.random.Generator) -> list[tuple[float, ...]]:
        """Per component: (a_u, w_u, m_u, p_u, a_v, w_v, m_v, p_v, a_w, w_w, m_w, p_w)."""
        n = GUST_COMPONENTS
        ln_lo, ln_hi = math.log(0.1 / DRYDEN_LENGTH_M), math.log(30.0 / DRYDEN_LENGTH_M)
        d_ln = (ln_hi - ln_lo) / n
        advection = max(self.wind_speed_10m_mps, GUST_MIN_ADVECTION_MPS)
        axes = []
        for transverse in (False, True, True):
            strata = rng.uniform(0.0, 1.0, n)
            k = [math.exp(ln_lo + (i + float(strata[i])) * d_ln) for i in range(n)]
            mu = rng.uniform(-1.0, 1.0, n)
            phase = rng.uniform(0.0, 2.0 * math.pi, n)
            amp = _dryden_amplitudes(k, d_ln, transverse)
            axes.append([(amp[i], k[i] * advection, k[i] * float(mu[i]), float(phase[i]))
                         for i in range(n)])
        return [u + v + w for u, v, w in zip(*axes, strict=True)]

    def mean_wind_speed_mps(self, altitude_m: float) -> float:
        return self.wind_speed_10m_mps * profile_factor(altitude_m, self.shear_exponent)

    def mean_wind_world_mps(self, altitude_m: float) -> tuple[float, float, float]:
        speed = self.wind_speed_10m_mps * profile_factor(altitude_m, self.shear_exponent)
        return (speed * self._toward_x, speed * self._toward_y, 0.0)

    def wind_world_mps(self, t_s: float, altitude_m: float) -> tuple[float, float, float]:
        """Mean wind plus gusts (m/s, world frame) at time t_s and altitude_m."""
        speed = self.wind_speed_10m_mps * profile_factor(altitude_m, self.shear_exponent)
        tx, ty = self._toward_x, self._toward_y
        if self.gust_intensity <= 0.0:
            return (speed * tx, speed * ty, 0.0)
        z = altitude_m
        gu = gv = gw = 0.0
        sin = math.sin
        for au, wu, mu, pu, av, wv, mv, pv, aw, ww, mw, pw in self._gusts:
            gu += au * sin(wu * t_s + mu * z + pu)
            gv += av * sin(wv * t_s + mv * z + pv)
            gw += aw * sin(ww * t_s + mw * z + pw)
        shape = 0.177 + MIL_SHAPE_PER_M * min(max(z, 0.0), MIL_ISOTROPIC_M)
        sigma_u = self._sigma_w_mps / shape ** 0.4
        u = speed + sigma_u * gu
        v = sigma_u * gv
        return (u * tx - v * ty, u * ty + v * tx, self._sigma_w_mps * gw)

    def fog_density_per_m(self, altitude_m: float) -> float:
        """Extinction coefficient (1/m) at an altitude."""
        if self._sigma_sea <= self._sigma_clear:
            return self._sigma_sea
        z = altitude_m if altitude_m > 0.0 else 0.0
        excess = self._sigma_sea - self._sigma_clear
        return self._sigma_clear + excess * math.exp(-z / FOG_SCALE_HEIGHT_M)

    def visibility_m(self, altitude_m: float) -> float:
        """Meteorological visibility (m) at an altitude (Koschmieder)."""
        return KOSCHMIEDER / self.fog_density_per_m(altitude_m)

    @property
    def time_of_day(self) -> str:
        return self._time_of_day

    @property
    def is_night(self) -> bool:
        return self._time_of_day == "night"

    @property
    def icing_exposure(self) -> float:
        """The launch day's icing exposure (see the module docstring), 0..1."""
        return self._icing
