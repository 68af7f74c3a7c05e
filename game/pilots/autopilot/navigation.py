"""Navigation: the inertial state the guidance needs, rebuilt from the instruments alone.

The ``Observation`` reports the stage relative to the deck in the ship-local frame at the
stage: (east, north) measured along the sea (azimuthal-equidistant about the ship), the
altitude above the deck and above the sea, and the velocity relative to the deck rotated into
the local east-north-up axes at the stage. Guidance far from the ship integrates in the
inertial world frame of ``game.sim.earth`` (origin at the ship's station point at sea level,
the Earth's centre at (0, 0, -R)), so this module inverts that mapping:

- position: the point at ground distance d = hypot(east, north) from the station point along
  the great circle with that azimuth, at the measured altitude above the sea;
- velocity: the local vector rotated back into the world frame.

Assumption: the deck is at its station point and moves slowly (station keeping holds it within
a few metres, at well under 1 m/s), so the deck-relative readings stand for inertial ones here.
The inverse maps back with ``game.sim.frames.map_position_m`` exactly.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from game.sim.earth import EARTH_RADIUS_M
from game.sim.frames import local_from_world, map_position_m
from game.sim.rigid_body import quat_rotate, quat_rotate_inverse

if TYPE_CHECKING:
    from game.sim.observation import Observation

Vec3 = tuple[float, float, float]


def world_position_m(east_m: float, north_m: float, altitude_sea_m: float) -> Vec3:
    """World-frame point above the sea point at (east, north) from the station point."""
    d = math.hypot(east_m, north_m)
    r = EARTH_RADIUS_M + altitude_sea_m
    if d == 0.0:
        return (0.0, 0.0, altitude_sea_m)
    theta = d / EARTH_RADIUS_M
    s = math.sin(theta) * r / d
    return (east_m * s, north_m * s, math.cos(theta) * r - EARTH_RADIUS_M)


def local_to_world(position_world_m: Vec3, vector_local: Vec3) -> Vec3:
    """Rotate a vector from the local (east, north, up) axes at a point into the world frame."""
    q = local_from_world(*position_world_m)
    return quat_rotate_inverse(q, *vector_local)


def world_to_local(position_world_m: Vec3, vector_world: Vec3) -> Vec3:
    """Rotate a world-frame vector into the local (east, north, up) axes at a point."""
    q = local_from_world(*position_world_m)
    return quat_rotate(q, *vector_world)


def map_point_m(position_world_m: Vec3) -> tuple[float, float]:
    """(east, north) along the sea from the station point to below a world point."""
    return map_position_m(*position_world_m)


def world_state(obs: Observation) -> tuple[Vec3, Vec3]:
    """(position, velocity) in the world frame from an observation (see the module doc)."""
    e, n, _ = obs.position_rel_deck_m
    pos = world_position_m(e, n, obs.altitude_above_sea_m)
    return pos, local_to_world(pos, obs.velocity_rel_deck_mps)


def deck_height_m(obs: Observation) -> float:
    """Height of the deck centre above the sea (still water), from two altimeters."""
    return obs.altitude_above_sea_m - obs.altitude_above_deck_m


def air_velocity_mps(obs: Observation) -> Vec3:
    """The stage's velocity relative to the air, local frame (deck-relative velocity minus
    the wind, m/s)."""
    v, w = obs.velocity_rel_deck_mps, obs.wind_mps
    return (v[0] - w[0], v[1] - w[1], v[2] - w[2])


def airspeed_mps(obs: Observation) -> float:
    return math.sqrt(sum(c * c for c in air_velocity_mps(obs)))
