"""Fixtures that build levels in memory from the shipped vehicle files."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from game.data.level_schema import LevelSpec
from game.data.loader import Level, load_vehicle

BASE_LEVEL = {
    "level": {"title": "test level", "vehicle": "falcon9_ft", "seed": 1},
    "start": {
        "phase": "landing_burn", "altitude_m": 2000.0, "vertical_speed_mps": -200.0,
        "horizontal_speed_mps": 0.0, "horizontal_offset_m": 0.0, "attitude": "vertical",
        "propellant_kg": 8000.0, "nitrogen_kg": 200.0, "hydraulic_fluid_kg": 30.0,
        "engine_starts_left": 3, "grid_fins": "deployed",
    },
}


def _merge(base: dict, overrides: dict) -> dict:
    out = copy.deepcopy(base)
    for key, value in overrides.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


@pytest.fixture
def make_level():
    """make_level(overrides) -> Level, from BASE_LEVEL with nested overrides."""

    def build(overrides: dict | None = None) -> Level:
        data = _merge(BASE_LEVEL, overrides or {})
        spec = LevelSpec.model_validate(data)
        return Level(name="test", path=Path("test.toml"), spec=spec,
                     vehicle=load_vehicle(spec.level.vehicle))

    return build
