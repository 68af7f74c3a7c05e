"""US Standard Atmosphere 1976 against the published table, continuity and monotonicity."""

from __future__ import annotations

import math

import pytest

from game.sim.atmosphere import (
    MAX_ALTITUDE_M,
    MIN_ALTITUDE_M,
    R0_M,
    TOP_OF_LAYERS_M,
    geopotential_m,
    us1976,
)

# U.S. Standard Atmosphere, 1976 (NOAA-S/T 76-1562, NASA-TM-X-74335), Table I (geometric
# altitude, SI units): T kinetic temperature (K), P pressure (Pa), rho density (kg/m^3),
# a speed of sound (m/s). Rows at geometric 0, 1, 5, 11, 20, 32 and 86 km, and at the
# geometric altitudes of the 47, 51, 71 and 80 km geopotential layer boundaries
# (47.350, 51.412, 71.802 and 81.020 km). Transcriptions used: the PDAS "big table" of the
# standard (Table I, SI) and the table rows in the `ambiance` package's test data
# (airinnova/ambiance, tests/table_data.py); the 86 km row is the standard's boundary value.
#   z_m        T_K       P_Pa         rho_kgm3      a_mps
TABLE_1976 = [
    (0.0, 288.150, 1.01325e5, 1.2250, 340.294),
    (1000.0, 281.651, 8.98763e4, 1.11166, 336.435),
    (5000.0, 255.676, 5.4048e4, 7.3643e-1, 320.545),
    (11000.0, 216.774, 2.26999e4, 3.64801e-1, 295.154),
    (20000.0, 216.650, 5.52929e3, 8.89097e-2, 295.069),
    (32000.0, 228.490, 8.8906e2, 1.3555e-2, 303.023),
    (47350.0, 270.650, 1.10906e2, 1.42752e-3, 329.799),
    (51412.0, 270.650, 6.69384e1, 8.61600e-4, 329.799),
    (71802.0, 214.650, 3.95639e0, 6.42105e-5, 293.704),
    (81020.0, 196.650, 8.86272e-1, 1.57004e-5, 281.120),
    (86000.0, 186.87, 3.7338e-1, 6.958e-6, 274.10),
]

LAYER_BOUNDARIES_GEOPOTENTIAL_M = [11_000.0, 20_000.0, 32_000.0, 47_000.0, 51_000.0, 71_000.0]


def _geometric(h_m: float) -> float:
    return R0_M * h_m / (R0_M - h_m)


@pytest.mark.parametrize(("z_m", "t_k", "p_pa", "rho", "a_mps"), TABLE_1976)
def test_matches_published_table_within_half_a_percent(z_m, t_k, p_pa, rho, a_mps):
    atm = us1976(z_m)
    assert atm.temperature_k == pytest.approx(t_k, rel=5e-3)
    assert atm.pressure_pa == pytest.approx(p_pa, rel=5e-3)
    assert atm.density_kgm3 == pytest.approx(rho, rel=5e-3)
    assert atm.speed_of_sound_mps == pytest.approx(a_mps, rel=5e-3)


def test_sea_level_is_exact():
    atm = us1976(0.0)
    assert atm.temperature_k == 288.15
    assert atm.pressure_pa == 101_325.0
    assert atm.density_kgm3 == pytest.approx(1.2250, abs=1e-4)


def test_geopotential_conversion():
    assert geopotential_m(0.0) == 0.0
    assert geopotential_m(86_000.0) == pytest.approx(84_852.0, abs=1.0)
    assert _geometric(geopotential_m(30_000.0)) == pytest.approx(30_000.0, abs=1e-6)


def test_ideal_gas_law_holds_everywhere():
    # rho = P M / (R T) with the kinetic temperature and the mean molecular weight; M/M0 = 1
    # below 80 km, so there the specific gas constant is the sea-level one.
    r_air = 8314.32 / 28.9644
    for z in range(-1000, 80_000, 2500):
        atm = us1976(float(z))
        assert atm.pressure_pa / (r_air * atm.temperature_k) == pytest.approx(
            atm.density_kgm3, rel=1e-12
        )


@pytest.mark.parametrize("h_m", LAYER_BOUNDARIES_GEOPOTENTIAL_M)
def test_continuous_across_layer_boundaries(h_m):
    z = _geometric(h_m)
    below, above = us1976(z - 1e-3), us1976(z + 1e-3)
    for lo, hi in zip(below, above, strict=True):
        assert hi == pytest.approx(lo, rel=1e-6)


def test_continuous_at_top_of_layers_with_continuous_pressure_slope():
    z = TOP_OF_LAYERS_M
    below, above = us1976(z - 1e-3), us1976(z + 1e-3)
    for lo, hi in zip(below, above, strict=True):
        assert hi == pytest.approx(lo, rel=1e-6)
    # Hydrostatic on both sides: dP/dz is continuous at the junction.
    dz = 1.0
    slope_below = (us1976(z - dz).pressure_pa - us1976(z - 2 * dz).pressure_pa) / dz
    slope_above = (us1976(z + 2 * dz).pressure_pa - us1976(z + dz).pressure_pa) / dz
    assert slope_above == pytest.approx(slope_below, rel=2e-3)
    assert us1976(90_000.0).temperature_k == pytest.approx(186.87, abs=0.01)


def test_density_and_pressure_fall_monotonically_and_stay_positive():
    altitudes = [MIN_ALTITUDE_M + 250.0 * i for i in range(int(1_001_000 / 250.0) + 1)]
    previous = us1976(altitudes[0])
    for z in altitudes[1:]:
        atm = us1976(z)
        assert 0.0 < atm.density_kgm3 < previous.density_kgm3
        assert 0.0 < atm.pressure_pa < previous.pressure_pa
        assert atm.temperature_k > 0.0 and atm.speed_of_sound_mps > 0.0
        previous = atm
    assert us1976(MAX_ALTITUDE_M).density_kgm3 > 0.0


def test_below_sea_level_extrapolates_then_clamps():
    # Troposphere extrapolated: T = 288.15 - 6.5 K/km * H (H negative).
    atm = us1976(-1000.0)
    assert atm.temperature_k == pytest.approx(288.15 - 0.0065 * geopotential_m(-1000.0))
    assert atm.pressure_pa == pytest.approx(1.13929e5, rel=1e-4)  # Table I at -1 km
    assert us1976(-5000.0) == us1976(-1000.0)


def test_exponential_decay_above_86_km_uses_top_scale_height():
    # Isothermal at T_M = 186.946 K: scale height R* T_M / (M0 g0), in geopotential metres.
    scale_height = 8314.32 * (214.65 - 2.0 * (geopotential_m(86_000.0) / 1000 - 71.0)) / (
        28.9644 * 9.80665
    )
    h1, h2 = geopotential_m(120_000.0), geopotential_m(200_000.0)
    ratio = us1976(200_000.0).density_kgm3 / us1976(120_000.0).density_kgm3
    assert ratio == pytest.approx(math.exp(-(h2 - h1) / scale_height), rel=1e-9)
    assert us1976(2_000_000.0) == us1976(MAX_ALTITUDE_M)
