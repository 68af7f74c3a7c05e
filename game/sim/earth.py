"""The spherical, non-rotating Earth and the geometry of a flight's start state.

Model: a sphere of mean radius ``EARTH_RADIUS_M`` (IUGG mean radius) with a point-mass
gravity field ``mu / r^2`` (``EARTH_MU_M3PS2``, WGS 84). The Earth does not rotate, so the
world frame is inertial. No oblateness, no J2, no centrifugal term.

World frame: the ship's tangent frame. Origin at the ship's station point at sea level,
x east, y north, z up (all at the ship); the Earth's centre is at ``(0, 0, -EARTH_RADIUS_M)``.
Far from the ship "up" is not +z: use ``local_up`` / ``enu_basis``. Units: SI (metres,
seconds, radians inside, degrees only where a name says ``_deg``).

Headings and azimuths in this module are clockwise from north *as seen in the ship's frame*
(north = +y at the origin), so a heading of 90 deg flies toward +x.

The per-step functions (``gravity_world_mps2``, ``altitude_m``, ``local_up``,
``ground_distance_m``, ``enu_basis``) take Python floats, return tuples and use ``math`` only.
The start-state builders run once per flight and use numpy.
"""

from __future__ import annotations

import math

import numpy as np

EARTH_RADIUS_M = 6_371_008.8
EARTH_MU_M3PS2 = 3.986004418e14
G0_MPS2 = 9.80665
DEFAULT_SHIP_LATITUDE_DEG = 28.5  # off Cape Canaveral

Vec3 = tuple[float, float, float]

_R = EARTH_RADIUS_M
_MU = EARTH_MU_M3PS2


def gravity_world_mps2(x: float, y: float, z: float) -> Vec3:
    """Gravitational acceleration at a world point: mu / r^2 toward the Earth's centre."""
    zc = z + _R
    r2 = x * x + y * y + zc * zc
    k = -_MU / (r2 * math.sqrt(r2))
    return (k * x, k * y, k * zc)


def altitude_m(x: float, y: float, z: float) -> float:
    """Height of a world point above the sea sphere (negative below sea level)."""
    zc = z + _R
    return math.sqrt(x * x + y * y + zc * zc) - _R


def local_up(x: float, y: float, z: float) -> Vec3:
    """Unit vector from the Earth's centre through a world point."""
    zc = z + _R
    inv = 1.0 / math.sqrt(x * x + y * y + zc * zc)
    return (x * inv, y * inv, zc * inv)


def ground_distance_m(x: float, y: float, z: float) -> float:
    """Great-circle distance along the sea from the ship's station point to the point below."""
    return _R * math.atan2(math.sqrt(x * x + y * y), z + _R)


def flat_horizon_drop_m(distance_m: float) -> float:
    """How far the sea at a ground distance lies below the ship's tangent plane (world -z).

    Exact: R (1 - cos(d / R)) = 2 R sin^2(d / 2R); about d^2 / 2R for d << R.
    """
    s = math.sin(0.5 * distance_m / _R)
    return 2.0 * _R * s * s


def enu_basis(
    x: float, y: float, z: float, ship_latitude_deg: float = DEFAULT_SHIP_LATITUDE_DEG
) -> tuple[Vec3, Vec3, Vec3]:
    """Local (east, north, up) unit vectors at a world point, geographic north.

    The ship sits at latitude ``ship_latitude_deg`` with geographic north along +y, so the
    rotation axis (toward the north pole, from the centre) is (0, cos(lat), sin(lat)).
    East = pole x up (normalised), north = up x east. At the origin this gives exactly
    (+x, +y, +z). At a pole, where east is undefined, world +x is used as east.
    """
    lat = math.radians(ship_latitude_deg)
    py, pz = math.cos(lat), math.sin(lat)
    ux, uy, uz = local_up(x, y, z)
    # east = pole x up, pole = (0, py, pz)
    ex, ey, ez = py * uz - pz * uy, pz * ux, -py * ux
    n = math.sqrt(ex * ex + ey * ey + ez * ez)
    if n < 1e-12:
        # At a pole: take world +x projected on the horizontal.
        ex, ey, ez = 1.0 - ux * ux, -ux * uy, -ux * uz
        n = math.sqrt(ex * ex + ey * ey + ez * ez)
    ex, ey, ez = ex / n, ey / n, ez / n
    north = (uy * ez - uz * ey, uz * ex - ux * ez, ux * ey - uy * ex)
    return (ex, ey, ez), north, (ux, uy, uz)


def _heading_unit(heading_deg: float) -> np.ndarray:
    """Horizontal unit vector at the ship for an azimuth clockwise from north (+y)."""
    h = math.radians(heading_deg)
    return np.array([math.sin(h), math.cos(h), 0.0])


def _to_world(unit_from_centre: np.ndarray, radius_m: float) -> Vec3:
    p = unit_from_centre * radius_m
    return (float(p[0]), float(p[1]), float(p[2] - _R))


def early_start_state(
    altitude_m: float,
    speed_mps: float,
    flight_path_angle_deg: float,
    heading_deg: float,
    range_to_ship_m: float,
    crossrange_m: float = 0.0,
) -> tuple[Vec3, Vec3]:
    """Position and inertial velocity (world frame) of a stage far from the ship.

    Convention: ``heading_deg`` is the direction of flight, clockwise from the ship's north
    (+y), measured at the ship. Let A be the sea point ``crossrange_m`` (along the sea) to the
    LEFT of the ship, looking along the heading; the ground track is the great circle through
    A with that azimuth (at A it is parallel to the heading at the ship, and A is the track
    point closest to the ship). So the ship lies ``crossrange_m`` to the right of the track
    (negative: to the left). The stage is ``range_to_ship_m`` back along the track from A
    (positive: the ship is ahead), ``altitude_m`` above the sea sphere, flying along the track
    toward A at ``speed_mps``, ``flight_path_angle_deg`` above the local horizontal.

    Returns ``(position_world_m, velocity_world_mps)``.
    """
    up0 = np.array([0.0, 0.0, 1.0])  # the ship, seen from the centre
    h = _heading_unit(heading_deg)
    left = np.cross(up0, h)  # 90 deg anticlockwise from the heading
    c = crossrange_m / _R
    a = math.cos(c) * up0 + math.sin(c) * left  # A; rotating about h leaves h horizontal at A
    s = -range_to_ship_m / _R  # arc angle from A to the stage along the track
    u = math.cos(s) * a + math.sin(s) * h  # stage's ground point (unit, from the centre)
    t = -math.sin(s) * a + math.cos(s) * h  # track direction there (toward A)
    g = math.radians(flight_path_angle_deg)
    v = speed_mps * (math.cos(g) * t + math.sin(g) * u)
    pos = _to_world(u, _R + altitude_m)
    return pos, (float(v[0]), float(v[1]), float(v[2]))


def late_start_state(
    altitude_above_deck_m: float,
    deck_height_m: float,
    vertical_speed_mps: float,
    horizontal_speed_mps: float,
    horizontal_offset_m: float,
    approach_heading_deg: float,
) -> tuple[Vec3, Vec3]:
    """Position and velocity (world frame) of a stage near the deck, for practice levels.

    The stage is ``horizontal_offset_m`` (along the sea) back from the deck centre along the
    great circle through the station point with azimuth ``approach_heading_deg``, at
    ``deck_height_m + altitude_above_deck_m`` above the sea sphere (the deck at its mean,
    still-water pose). Velocity: ``horizontal_speed_mps`` along that great circle toward the
    deck (the approach heading) plus ``vertical_speed_mps`` along local up (down negative).
    """
    up0 = np.array([0.0, 0.0, 1.0])
    h = _heading_unit(approach_heading_deg)
    s = -horizontal_offset_m / _R
    u = math.cos(s) * up0 + math.sin(s) * h
    t = -math.sin(s) * up0 + math.cos(s) * h
    v = horizontal_speed_mps * t + vertical_speed_mps * u
    pos = _to_world(u, _R + deck_height_m + altitude_above_deck_m)
    return pos, (float(v[0]), float(v[1]), float(v[2]))
