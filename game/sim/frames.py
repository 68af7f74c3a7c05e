"""Attitude and frame helpers shared by the world and the pilots.

The ship-local frame at a point far from the ship: the world frame rotated by the smallest
rotation that takes the world's up (z) onto the local vertical at that point. Positions are
mapped with the azimuthal-equidistant projection centred on the ship (east and north distances
measured along the sea), so the HUD and the map stay right 600 km out on a curved Earth.
"""

from __future__ import annotations

import math

from game.sim.earth import EARTH_RADIUS_M
from game.sim.rigid_body import quat_from_axis_angle, quat_multiply


def local_from_world(px: float, py: float, pz: float):
    """Quaternion that rotates world-frame vectors into the local frame at (px, py, pz)."""
    ux, uy, uz = px, py, pz + EARTH_RADIUS_M
    n = math.sqrt(ux * ux + uy * uy + uz * uz)
    ux, uy, uz = ux / n, uy / n, uz / n
    # rotation taking local up (u) back to world z: axis u x z, angle acos(u.z)
    angle = math.acos(max(-1.0, min(1.0, uz)))
    return quat_from_axis_angle(uy, -ux, 0.0, angle)


def map_position_m(px: float, py: float, pz: float) -> tuple[float, float]:
    """(east, north) of the point below (px, py, pz), azimuthal-equidistant about the ship."""
    ux, uy, uz = px, py, pz + EARTH_RADIUS_M
    horizontal = math.hypot(ux, uy)
    if horizontal == 0.0:
        return (0.0, 0.0)
    ground_m = EARTH_RADIUS_M * math.atan2(horizontal, uz)
    return (ground_m * ux / horizontal, ground_m * uy / horizontal)


def attitude_from_direction(dx: float, dy: float, dz: float):
    """Quaternion turning body +x onto the direction (dx, dy, dz) with no roll about it."""
    n = math.sqrt(dx * dx + dy * dy + dz * dz)
    dx, dy, dz = dx / n, dy / n, dz / n
    if dx < -1.0 + 1e-12:
        return (0.0, 0.0, 0.0, 1.0)  # half turn about z
    return quat_from_axis_angle(0.0, -dz, dy, math.acos(max(-1.0, min(1.0, dx))))


def apply_body_offsets(q, pitch_deg: float, yaw_deg: float, roll_deg: float):
    """Rotate attitude q by body-axis offsets: yaw about z, then pitch about y, then roll."""
    q = quat_multiply(q, quat_from_axis_angle(0.0, 0.0, 1.0, math.radians(yaw_deg)))
    q = quat_multiply(q, quat_from_axis_angle(0.0, 1.0, 0.0, math.radians(pitch_deg)))
    return quat_multiply(q, quat_from_axis_angle(1.0, 0.0, 0.0, math.radians(roll_deg)))
