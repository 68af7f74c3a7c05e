"""Monte Carlo dispersions: seeded, pure, and spread by the level's one-sigma table."""

from __future__ import annotations

import numpy as np
import pytest

from game.data.loader import load_level
from game.sim import dispersion
from game.sim.dispersion import disperse


@pytest.fixture(scope="module")
def separation_level():
    return load_level("atlantic_600km")


@pytest.fixture(scope="module")
def practice_level():
    return load_level("practice_landing_burn")


def test_same_generator_state_gives_the_same_variation(separation_level):
    a = disperse(separation_level, np.random.default_rng([7, 3]))
    b = disperse(separation_level, np.random.default_rng([7, 3]))
    c = disperse(separation_level, np.random.default_rng([7, 4]))
    assert a.spec == b.spec
    assert a.spec != c.spec
    assert a.spec.level.seed != c.spec.level.seed


def test_the_input_level_is_left_alone(separation_level):
    before = separation_level.spec.model_dump()
    varied = disperse(separation_level, np.random.default_rng(1))
    assert separation_level.spec.model_dump() == before
    assert varied.spec.start.altitude_m != separation_level.spec.start.altitude_m
    assert varied.name == separation_level.name and varied.vehicle is separation_level.vehicle


@pytest.mark.parametrize("name", ["altitude_m", "speed_mps", "flight_path_angle_deg",
                                  "range_to_ship_m", "crossrange_m"])
def test_start_errors_follow_the_one_sigma_table(separation_level, name):
    rng = np.random.default_rng(2024)
    nominal = getattr(separation_level.spec.start, name)
    sigma = getattr(separation_level.spec.dispersion, name)
    draws = np.array([getattr(disperse(separation_level, rng).spec.start, name)
                      for _ in range(400)]) - nominal
    # 400 normal draws: the sample sigma is within 10 % of the true one with p > 0.99,
    # and the mean within 3 standard errors of zero.
    assert abs(draws.std() / sigma - 1.0) < 0.1
    assert abs(draws.mean()) < 3.0 * sigma / np.sqrt(400)


def test_practice_levels_vary_their_deck_relative_fields(practice_level):
    rng = np.random.default_rng(5)
    start = practice_level.spec.start
    sigma = practice_level.spec.dispersion
    draws = [disperse(practice_level, rng).spec.start for _ in range(300)]
    for name in ("altitude_m", "vertical_speed_mps", "horizontal_speed_mps"):
        values = np.array([getattr(d, name) for d in draws]) - getattr(start, name)
        assert abs(values.std() / getattr(sigma, name) - 1.0) < 0.12
    assert all(d.horizontal_offset_m >= 0.0 and d.horizontal_speed_mps >= 0.0 for d in draws)
    assert all(d.speed_mps is None for d in draws)  # early-phase fields stay unset


def test_weather_and_sea_spread_by_the_model_constants(separation_level):
    rng = np.random.default_rng(9)
    base = separation_level.spec
    levels = [disperse(separation_level, rng).spec for _ in range(400)]
    wind = np.array([s.weather.wind_speed_mps for s in levels]) / base.weather.wind_speed_mps
    assert abs(wind.std() / dispersion.WIND_SPEED_SIGMA - 1.0) < 0.12
    turn = (np.array([s.weather.wind_from_deg for s in levels]) - base.weather.wind_from_deg
            + 180.0) % 360.0 - 180.0
    assert abs(turn.std() / dispersion.WIND_DIRECTION_SIGMA_DEG - 1.0) < 0.12
    hs = np.array([s.sea.significant_wave_height_m for s in levels])
    assert abs(hs.std() / (base.sea.significant_wave_height_m * dispersion.WAVE_HEIGHT_SIGMA)
               - 1.0) < 0.12
    assert all(0.0 <= s.weather.gust_intensity <= 1.0 for s in levels)


def test_zero_spread_leaves_a_field_alone(make_level):
    level = make_level({"dispersion": {"altitude_m": 10.0}})
    varied = disperse(level, np.random.default_rng(3))
    assert varied.spec.start.vertical_speed_mps == level.spec.start.vertical_speed_mps
    assert varied.spec.start.altitude_m != level.spec.start.altitude_m


def test_clipping_keeps_the_level_valid(make_level):
    level = make_level({"start": {"altitude_m": 1.0, "horizontal_offset_m": 0.5},
                        "dispersion": {"altitude_m": 100.0, "horizontal_offset_m": 100.0}})
    rng = np.random.default_rng(11)
    for _ in range(50):
        spec = disperse(level, rng).spec
        assert spec.start.altitude_m >= 0.0 and spec.start.horizontal_offset_m >= 0.0
        type(spec).model_validate(spec.model_dump())  # still a valid level
