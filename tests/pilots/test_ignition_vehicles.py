"""The landing burn's light-up decision works for every vehicle and level (no range errors)."""

from __future__ import annotations

import dataclasses
import math

import pytest

from game.data.loader import list_levels, load_level
from game.pilots.autopilot import Autopilot
from game.sim.atmosphere import us1976
from game.sim.world import World


def falling(obs, height_m: float, sink_mps: float):
    """The level's first observation, moved to a stage falling engines first at a height."""
    deck = obs.altitude_above_sea_m - obs.altitude_above_deck_m
    atm = us1976(deck + height_m)
    return dataclasses.replace(
        obs, time_s=obs.time_s + 100.0 - height_m / 100.0, altitude_above_deck_m=height_m,
        altitude_above_sea_m=deck + height_m, position_rel_deck_m=(20.0, -10.0, height_m),
        velocity_rel_deck_mps=(3.0, 1.0, -sink_mps), vertical_speed_mps=-sink_mps,
        horizontal_speed_mps=math.hypot(3.0, 1.0), engine_state="off", engines_lit=0,
        throttle_norm=0.0, thrust_n=0.0, grid_fins_deploy_fraction=1.0,
        dynamic_pressure_pa=0.5 * atm.density_kgm3 * sink_mps**2,
        mach=sink_mps / atm.speed_of_sound_mps)


@pytest.mark.parametrize("name", [name for name, _ in list_levels()])
def test_every_level_finds_its_light_up_height(name):
    level = load_level(name)
    obs = World().reset(level, 0)
    burn = Autopilot(level).ctx.landing
    lit_at = None
    for height in range(4000, 0, -100):
        if burn.ignition_due(falling(obs, float(height), 250.0)):
            lit_at = height
            break
        assert math.isfinite(burn.ignition_height_m)
        assert burn.ignition is not None
    # A stage at 250 m/s lights a few kilometres up (drag-aware stopping distance).
    assert lit_at is not None and 800 <= lit_at <= 4000
