"""Weather: wind direction and profile, seeded gusts, fog (Koschmieder), icing exposure."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from game.data.level_schema import WeatherSpec
from game.sim.weather import Weather, profile_factor

ALTITUDES = [0.0, 10.0, 150.0, 900.0, 3000.0, 12_000.0, 30_000.0, 70_000.0]


def make(seed=1, **kw) -> Weather:
    return Weather(WeatherSpec(**kw), np.random.default_rng(seed))


def test_calm_day_has_no_wind_anywhere():
    w = make(wind_speed_mps=0.0, gust_intensity=0.0)
    for t in (0.0, 7.3, 500.0):
        for z in ALTITUDES:
            assert w.wind_world_mps(t, z) == (0.0, 0.0, 0.0)


@pytest.mark.parametrize(
    ("from_deg", "toward"),
    [(270.0, (1.0, 0.0)), (0.0, (0.0, -1.0)), (90.0, (-1.0, 0.0)), (225.0, (0.5**0.5, 0.5**0.5))],
)
def test_meteorological_direction_convention(from_deg, toward):
    w = make(wind_speed_mps=8.0, wind_from_deg=from_deg)
    wx, wy, wz = w.wind_world_mps(0.0, 10.0)
    assert (wx, wy, wz) == pytest.approx((8.0 * toward[0], 8.0 * toward[1], 0.0), abs=1e-12)


def test_speed_at_10_m_matches_spec_and_profile_shape():
    w = make(wind_speed_mps=7.0, wind_from_deg=200.0)
    assert math.hypot(*w.wind_world_mps(42.0, 10.0)[:2]) == pytest.approx(7.0)
    # Power law in the boundary layer, 0.11 at sea by default (Hsu et al. 1994).
    assert w.mean_wind_speed_mps(1000.0) == pytest.approx(7.0 * 100.0 ** 0.11)
    assert w.mean_wind_speed_mps(250.0) == pytest.approx(7.0 * 25.0 ** 0.11)
    # Jet near 12 km at about three times the 1 km value, nearly gone at 50 km.
    profile = [profile_factor(z) for z in range(1000, 60_001, 250)]
    peak_z = 1000 + 250 * profile.index(max(profile))
    assert 11_000 <= peak_z <= 13_000
    assert max(profile) == pytest.approx(3.0 * profile_factor(1000.0), rel=0.02)
    assert profile_factor(50_000.0) < 0.1 * profile_factor(1000.0)
    assert all(b >= a for a, b in itertools.pairwise(profile[:45]))  # up to 12 km


def test_profile_is_continuous():
    for p in (0.11, 1 / 7):
        for z in (1000.0, 12_000.0, 20_000.0, 50_000.0):
            assert profile_factor(z - 1e-6, p) == pytest.approx(profile_factor(z + 1e-6, p),
                                                                rel=1e-6)


@pytest.mark.parametrize(("exponent", "ratio_1km"), [(0.11, 1.66), (1 / 7, 1.93)])
def test_the_shear_exponent_sets_the_wind_aloft_for_the_same_10_m_wind(exponent, ratio_1km):
    w = make(wind_speed_mps=10.0, wind_shear_exponent=exponent)
    assert w.mean_wind_speed_mps(10.0) == pytest.approx(10.0)
    assert w.mean_wind_speed_mps(1000.0) == pytest.approx(10.0 * ratio_1km, abs=0.01)
    # The jet stream keeps its shape: three times the 1 km wind near 12 km.
    assert w.mean_wind_speed_mps(12_000.0) == pytest.approx(30.0 * ratio_1km, abs=0.05)


def _series(w: Weather, altitude_m: float, n: int = 400) -> list[tuple[float, float, float]]:
    return [w.wind_world_mps(0.25 * i, altitude_m) for i in range(n)]


def test_gusts_are_seeded_and_pure_functions_of_time_and_altitude():
    kw = dict(wind_speed_mps=6.0, wind_from_deg=250.0, gust_intensity=0.3)
    a, b, c = make(5, **kw), make(5, **kw), make(6, **kw)
    assert _series(a, 800.0) == _series(b, 800.0)
    assert _series(a, 800.0) != _series(c, 800.0)
    # Pure: the answer does not depend on what was asked before.
    late = a.wind_world_mps(123.0, 2000.0)
    _series(a, 50.0)
    assert a.wind_world_mps(123.0, 2000.0) == late
    # Gusts vary with time and with altitude.
    assert a.wind_world_mps(0.0, 800.0) != a.wind_world_mps(1.0, 800.0)
    assert a.wind_world_mps(5.0, 800.0) != a.wind_world_mps(5.0, 900.0)


def _gust_rms(w: Weather, altitude_m: float, n: int = 20_000) -> tuple[float, float, float]:
    """RMS of the gust part per axis, sampled at random times over a long span."""
    times = np.random.default_rng(99).uniform(0.0, 1e7, n)
    mean = w.mean_wind_world_mps(altitude_m)
    sums = [0.0, 0.0, 0.0]
    for t in times:
        wind = w.wind_world_mps(float(t), altitude_m)
        for i in range(3):
            sums[i] += (wind[i] - mean[i]) ** 2
    return tuple(math.sqrt(s / n) for s in sums)


def test_gust_rms_scales_with_intensity_and_matches_its_definition():
    kw = dict(wind_speed_mps=10.0, wind_from_deg=270.0)
    weak = _gust_rms(make(3, gust_intensity=0.1, **kw), 2000.0, n=4000)
    strong = _gust_rms(make(3, gust_intensity=0.3, **kw), 2000.0, n=4000)
    for lo, hi in zip(weak, strong, strict=True):
        assert hi == pytest.approx(3.0 * lo, rel=1e-9)
    # Horizontal RMS at 10 m = intensity * (U10 + 1 m/s floor); above 1000 ft isotropic at
    # MIL-F-8785C's sigma_w = sigma_u(10 m) x (0.177 + 0.000823 x 32.8 ft)^0.4.
    w = make(3, gust_intensity=0.2, **kw)
    sigma = 0.2 * (10.0 + 1.0) * (0.177 + 0.000823 * 10.0 / 0.3048) ** 0.4
    rms = _gust_rms(w, 2000.0)
    assert rms == pytest.approx((sigma, sigma, sigma), rel=0.05)


@pytest.mark.parametrize("altitude_m", [10.0, 50.0, 150.0, 250.0])
def test_low_altitude_gusts_follow_mil_f_8785c(altitude_m):
    """MIL-F-8785C, low altitude (h < 1000 ft): sigma_w = 0.1 W20 at every height and
    sigma_u = sigma_v = sigma_w / (0.177 + 0.000823 h/ft)^0.4, so the horizontal gusts shrink
    with height while the mean wind grows (the turbulence intensity falls), and the vertical
    ones hold."""
    w = make(4, wind_speed_mps=12.0, wind_from_deg=270.0, gust_intensity=0.25)
    u, v, vert = _gust_rms(w, altitude_m, n=6000)
    h_ft = altitude_m / 0.3048
    sigma_u_10 = 0.25 * (12.0 + 1.0)
    sigma_w = sigma_u_10 * (0.177 + 0.000823 * 10.0 / 0.3048) ** 0.4
    assert vert == pytest.approx(sigma_w, rel=0.06)
    expected = sigma_w / (0.177 + 0.000823 * h_ft) ** 0.4
    assert u == pytest.approx(expected, rel=0.06)
    assert v == pytest.approx(expected, rel=0.06)


def test_calm_day_still_gusts_when_intensity_is_positive():
    w = make(2, wind_speed_mps=0.0, gust_intensity=0.5)
    rms = _gust_rms(w, 500.0, n=4000)
    assert all(r > 0.2 for r in rms)
    assert rms[0] == pytest.approx(0.5 * 1.0 * (0.177 + 0.027) ** 0.4, rel=0.1)


def test_koschmieder_relation_and_fog_clears_with_height():
    w = make(fog_visibility_m=150.0)
    assert w.visibility_m(0.0) == pytest.approx(150.0)
    previous = 0.0
    for z in range(0, 3001, 50):
        vis = w.visibility_m(float(z))
        assert w.fog_density_per_m(float(z)) * vis == pytest.approx(3.912)
        assert vis > previous
        previous = vis
    assert w.visibility_m(1500.0) > 0.9 * 50_000.0  # above the fog layer: clear air
    clear = make(fog_visibility_m=80_000.0)
    assert clear.visibility_m(0.0) == clear.visibility_m(5000.0) == pytest.approx(80_000.0)


def test_icing_exposure_is_the_launch_days_whatever_the_fog_at_the_ship():
    # Jason-3's ice formed at liftoff, in fog at the pad; fog at the ship does not add to it.
    for fog_m in (20_000.0, 1000.0, 150.0, 30.0):
        assert make(icing_exposure=0.3, fog_visibility_m=fog_m).icing_exposure == 0.3
        assert make(icing_exposure=0.0, fog_visibility_m=fog_m).icing_exposure == 0.0
    assert make(icing_exposure=1.0, fog_visibility_m=10.0).icing_exposure == 1.0


def test_time_of_day():
    assert make(time_of_day="night").is_night
    assert not make(time_of_day="dusk").is_night
    assert make(time_of_day="dusk").time_of_day == "dusk"
