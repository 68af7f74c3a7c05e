"""Monte Carlo dispersions: one seeded variation of a level.

``disperse(level, rng) -> Level`` returns a new ``Level`` (the input is not touched) whose
start state and weather are perturbed, and whose seed is drawn anew, so that the World, which
draws the sea's wave phases, the gusts, the ship's drift and the faults from the level's seed,
flies a different sea and different turbulence. It is a pure function of the level and the
generator's state: the same generator state gives the same variation.

What varies (each draw a normal variate with the stated one-sigma spread):

- the start state, by the level's ``[dispersion]`` table (zero spreads leave a field alone):
  altitude, speed, flight-path angle, heading, range and crossrange for a flight from
  separation; altitude, vertical and horizontal speed and horizontal offset for a practice
  level. Results are clipped to what the level format accepts (no negative altitude, speed or
  offset, |flight-path angle| <= 90 deg, headings wrapped into 0..360 deg);
- the weather, by the model constants below: the 10 m wind speed by ``WIND_SPEED_SIGMA``
  (relative), its direction by ``WIND_DIRECTION_SIGMA_DEG``, the gust intensity by
  ``GUST_SIGMA`` (relative, clipped to 0..1);
- the sea: significant wave height by ``WAVE_HEIGHT_SIGMA`` (relative); the phases of the
  waves come from the new seed.

Draw order is fixed (seed, start fields in table order, weather, sea) so a campaign is
reproducible. The level's seed is replaced by one drawn from ``rng`` (0 .. 2^31 - 1).
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

    from game.data.loader import Level

WIND_SPEED_SIGMA = 0.2  # relative, one sigma [E] a forecast's typical error
WIND_DIRECTION_SIGMA_DEG = 15.0  # one sigma [E]
GUST_SIGMA = 0.2  # relative, one sigma [E]
WAVE_HEIGHT_SIGMA = 0.1  # relative, one sigma [E]

EARLY_FIELDS = ("altitude_m", "speed_mps", "flight_path_angle_deg", "heading_deg",
                "range_to_ship_m", "crossrange_m")
LATE_FIELDS = ("altitude_m", "vertical_speed_mps", "horizontal_speed_mps",
               "horizontal_offset_m")
NON_NEGATIVE = ("altitude_m", "speed_mps", "horizontal_speed_mps", "horizontal_offset_m")
MAX_SEED = 2**31 - 1


def disperse(level: Level, rng: np.random.Generator) -> Level:
    """A new level: the start, the weather and the sea perturbed, a new seed (module doc)."""
    spec = level.spec
    seed = int(rng.integers(0, MAX_SEED))
    start = _disperse_start(spec, rng)
    weather = _disperse_weather(spec.weather, rng)
    sea = spec.sea.model_copy(update={"significant_wave_height_m": _clip(
        spec.sea.significant_wave_height_m * (1.0 + WAVE_HEIGHT_SIGMA * rng.standard_normal()),
        0.0, 15.0)})
    info = spec.level.model_copy(update={"seed": seed})
    new_spec = spec.model_copy(update={"level": info, "start": start, "weather": weather,
                                       "sea": sea})
    return dataclasses.replace(level, spec=new_spec)


def _disperse_start(spec, rng: np.random.Generator):
    start, sigma = spec.start, spec.dispersion
    fields = EARLY_FIELDS if start.phase in ("separation", "boostback", "coast", "entry",
                                             "descent") else LATE_FIELDS
    update = {}
    for name in fields:
        value = getattr(start, name)
        spread = float(getattr(sigma, name))
        draw = float(rng.standard_normal())
        if value is None or spread == 0.0:
            continue
        new = float(value) + spread * draw
        if name in NON_NEGATIVE:
            new = max(new, 0.0)
        elif name == "flight_path_angle_deg":
            new = _clip(new, -90.0, 90.0)
        elif name == "heading_deg":
            new %= 360.0
        update[name] = new
    return start.model_copy(update=update)


def _disperse_weather(weather, rng: np.random.Generator):
    speed = weather.wind_speed_mps * (1.0 + WIND_SPEED_SIGMA * rng.standard_normal())
    direction = (weather.wind_from_deg + WIND_DIRECTION_SIGMA_DEG * rng.standard_normal()) % 360.0
    gusts = weather.gust_intensity * (1.0 + GUST_SIGMA * rng.standard_normal())
    return weather.model_copy(update={
        "wind_speed_mps": _clip(float(speed), 0.0, 60.0),
        "wind_from_deg": float(direction),
        "gust_intensity": _clip(float(gusts), 0.0, 1.0),
    })


def _clip(x: float, lo: float, hi: float) -> float:
    return float(min(max(x, lo), hi))
