"""Engine plumes: their shape from throttle, engine count and ambient pressure.

Model (a look, not gas dynamics; documented so it can be tuned):
- An under-expanded nozzle's plume widens as the ambient pressure falls. With a Merlin 1D
  exit pressure of about 0.7 atm, the expansion factor is
  ``e = clamp(sqrt(0.7 atm / p_ambient), 1, 30)``: 1 at sea level (a narrow, bright
  column with faint shock diamonds), about 8 at 20 km and the cap of 30 above about 60 km,
  where the plume is a huge, faint bulb.
- Per engine: length ``d_exit (10 + 14 e) (0.55 + 0.45 throttle)`` (22 m at sea level at full
  throttle, about 400 m in near vacuum), end radius ``r_exit (1.6 + 1.1 e)``, brightness
  ``throttle^0.7 / e^0.75`` (a vacuum plume is big but faint).
- Several engines: one plume each; in thin air (e > 3) the plumes merge, drawn as one more
  envelope plume around the axis whose radius covers the ring.
- Light: a point light a quarter of the way down the plume whose intensity grows with the
  total brightness and the number of engines (the main light at night).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from game.render.stage_model import (
    NOZZLE_EXIT_RADIUS_M,
    engine_positions,
    gimbal_rotation,
    lit_engines,
)

SEA_LEVEL_PA = 101325.0
EXIT_PRESSURE_PA = 0.7 * SEA_LEVEL_PA
MAX_EXPANSION = 30.0
LIGHT_INTENSITY_PER_ENGINE = 3000.0  # point-light units (linear RGB times m^2)


@dataclass(frozen=True)
class PlumeShape:
    length_m: float
    exit_radius_m: float
    end_radius_m: float
    brightness: float
    diamonds: float  # 0..1, shock diamonds (dense air only)


def expansion(ambient_pressure_pa: float) -> float:
    p = max(float(ambient_pressure_pa), 1e-3)
    return min(max(math.sqrt(EXIT_PRESSURE_PA / p), 1.0), MAX_EXPANSION)


def plume_shape(throttle_norm: float, ambient_pressure_pa: float) -> PlumeShape:
    """One engine's plume (see the module docstring)."""
    thr = min(max(float(throttle_norm), 0.0), 1.0)
    e = expansion(ambient_pressure_pa)
    d = 2.0 * NOZZLE_EXIT_RADIUS_M
    return PlumeShape(
        length_m=d * (10.0 + 14.0 * e) * (0.55 + 0.45 * thr),
        exit_radius_m=NOZZLE_EXIT_RADIUS_M * 0.95,
        end_radius_m=NOZZLE_EXIT_RADIUS_M * (1.6 + 1.1 * e),
        brightness=thr**0.7 / e**0.75,
        diamonds=max(0.0, min(1.0, 1.6 - 0.6 * e)),
    )


@dataclass(frozen=True)
class PlumeInstance:
    """One plume to draw: body-frame origin (nozzle exit) and direction, and its shape."""

    origin_body: np.ndarray
    direction_body: np.ndarray
    shape: PlumeShape


def plumes(scene, state) -> list[PlumeInstance]:
    """Plumes of the lit engines (plus the merged envelope in thin air), body frame."""
    engines = lit_engines(state.engines_lit, scene.engine_count)
    if not engines or state.throttle_norm <= 0.0:
        return []
    shape = plume_shape(state.throttle_norm, state.ambient_pressure_pa)
    rot = gimbal_rotation(state.gimbal_pitch_rad, state.gimbal_yaw_rad)
    exhaust = -(rot @ np.array([1.0, 0.0, 0.0]))
    gimbal_to_exit = rot @ np.array([-scene.gimbal_station_m, 0.0, 0.0])
    positions = engine_positions(scene)
    out = [PlumeInstance(positions[i] + gimbal_to_exit, exhaust, shape) for i in engines]
    e = expansion(state.ambient_pressure_pa)
    if len(engines) > 1 and e > 3.0:
        ring = scene.engine_ring_radius_m if len(engines) > 1 else 0.0
        merged = PlumeShape(shape.length_m * 1.15, ring + shape.exit_radius_m,
                            shape.end_radius_m * 1.5 + ring,
                            shape.brightness * min(1.0, (e - 3.0) / 5.0) * 0.6, 0.0)
        out.append(PlumeInstance(positions[0] + gimbal_to_exit, exhaust, merged))
    return out


def plume_light(scene, state) -> tuple[np.ndarray, float] | None:
    """(body-frame position, intensity) of the plume's light, or None when nothing burns."""
    engines = lit_engines(state.engines_lit, scene.engine_count)
    if not engines or state.throttle_norm <= 0.0:
        return None
    shape = plume_shape(state.throttle_norm, state.ambient_pressure_pa)
    rot = gimbal_rotation(state.gimbal_pitch_rad, state.gimbal_yaw_rad)
    exhaust = -(rot @ np.array([1.0, 0.0, 0.0]))
    reach = min(shape.length_m, 40.0) * 0.25
    origin = np.array([0.0, 0.0, 0.0]) + exhaust * reach
    e = expansion(state.ambient_pressure_pa)
    intensity = LIGHT_INTENSITY_PER_ENGINE * math.sqrt(len(engines)) * \
        state.throttle_norm ** 0.7 / e
    return origin, intensity
