"""The landing site: an autonomous drone ship or the LZ-1 land pad, in the deck frame.

Deck frame as in ``game.sim.ship``: origin at the deck centre on the deck surface, x toward
the bow, y to port, z up; the ship's pose from the Snapshot places it in the world.
Drone ship (a Marmac 300-series barge): deck ``deck_length_m`` x ``deck_width_m`` (about
91 x 52 m with the side wings), hull 91 x 30 m under it down to 3 m below the waterline (the
sim's deck height above the water), the landing target (a white circle with the X, 36 m
across), blast walls along both sides aft, an equipment house and four azimuth thruster
housings on the wing corners, four light masts with floodlights aimed at the deck, and
navigation lights (red to port, green to starboard). Land pad: a concrete circle of the same
area as the level's square (LZ-1: 86 m across) with its ring and X, scrub land around it to a
shoreline 1.4 km east (the sea there is drawn ``LAND_SEA_LEVEL_M`` below the pad), and four
floodlight masts.
"""

from __future__ import annotations

import math

import numpy as np

from game.render import meshes as m

DRAFT_M = 3.0
HULL_BEAM_FRACTION = 0.58
LAND_SEA_LEVEL_M = -2.5
COAST_EAST_M = 1400.0
DECK = np.array([0.1, 0.105, 0.115])
HULL = np.array([0.12, 0.14, 0.18])
PAINT = np.array([0.88, 0.88, 0.86])
WALL = np.array([0.32, 0.33, 0.35])
LAMP = np.array([1.0, 0.93, 0.8])
CONCRETE = np.array([0.5, 0.49, 0.46])
SCRUB = np.array([0.2, 0.24, 0.13])


def _target(radius: float, z: float) -> np.ndarray:
    """The landing mark: a ring and an X, flush above the surface at height z."""
    ring = m.disk(radius - 1.0, radius, z, PAINT, 64)
    bars = []
    for ang in (math.radians(45.0), math.radians(-45.0)):
        c, s = math.cos(ang), math.sin(ang)
        rot = np.array([[c, -s, 0.0], [s, c, 0.0], [0.0, 0.0, 1.0]])
        bars.append(m.transform(m.box((1.25 * radius, 2.2, 0.02), (0, 0, z), PAINT), rot))
    return m.concat(ring, *bars)


def _mast(x: float, y: float, height: float, lean: float) -> np.ndarray:
    pole = m.box((0.4, 0.4, height), (x, y, 0.5 * height), WALL)
    head = m.box((0.9, 1.4, 0.6), (x - lean, y, height), LAMP, material=6.0)
    return m.concat(pole, head)


def drone_ship_mesh(scene) -> np.ndarray:
    length, width, height = scene.deck_length_m, scene.deck_width_m, scene.deck_height_m
    hull_w = HULL_BEAM_FRACTION * width
    hull_h = height + DRAFT_M
    parts = [
        m.plane(np.linspace(-0.5 * length, 0.5 * length, 13),
                np.linspace(-0.5 * width, 0.5 * width, 8), 0.0, DECK),
        m.box((length, width, 0.8), (0, 0, -0.41), DECK, skip_top=True),
        m.box((length, hull_w, hull_h), (0, 0, -0.8 - 0.5 * (hull_h - 0.8)), HULL),
        _target(min(18.0, 0.35 * width), 0.02),
    ]
    wall_len = 0.45 * length
    for side in (1.0, -1.0):  # blast walls along both sides, aft
        y = side * (0.5 * width - 0.6)
        parts.append(m.box((wall_len, 1.2, 3.6), (-0.5 * length + 0.5 * wall_len + 4, y, 1.8),
                           WALL))
        for end in (1.0, -1.0):  # azimuth thruster housings on the wing corners
            parts.append(m.box((7.0, 6.0, 3.0), (end * (0.5 * length - 5.0),
                                                 side * (0.5 * width - 4.0), 1.5), HULL * 1.6))
            parts.append(m.box((2.0, 2.0, 2.0), (end * (0.5 * length - 5.0),
                                                 side * (0.5 * hull_w), -hull_h + 0.5), HULL))
    parts.append(m.box((8.0, 0.3 * width, 5.0), (-0.5 * length + 5.0, 0.0, 2.5), WALL * 1.2))
    for x, y in _mast_points(scene):
        parts.append(_mast(x, y, 9.0, np.sign(x) * 0.4))
    for side, colour in ((1.0, (1.0, 0.05, 0.03)), (-1.0, (0.05, 1.0, 0.2))):
        parts.append(m.box((0.5, 0.5, 0.5), (0.5 * length - 8.0, side * (0.5 * width - 0.6), 4.0),
                           colour, material=8.0))
    return m.concat(*parts)


def _mast_points(scene) -> list[tuple[float, float]]:
    length, width = scene.deck_length_m, scene.deck_width_m
    return [(sx * 0.3 * length, sy * (0.5 * width - 1.5)) for sx in (1, -1) for sy in (1, -1)]


def deck_lights_local(scene) -> list[np.ndarray]:
    """Floodlight positions in the deck frame (their heads, 9 m up)."""
    pts = _mast_points(scene)
    return [np.array([x, y, 9.0]) for x, y in pts]


def pad_radius_m(scene) -> float:
    """A circle with the area of the level's square deck."""
    return math.sqrt(scene.deck_length_m * scene.deck_width_m / math.pi)


def land_pad_mesh(scene) -> np.ndarray:
    r = pad_radius_m(scene)
    far = 30_000.0
    steps = np.geomspace(20.0, far, 14)
    lines = np.concatenate((-steps[::-1], [0.0], steps))
    xs = np.concatenate((lines[lines < COAST_EAST_M], [COAST_EAST_M]))
    ground = m.plane(xs, lines, -0.05, SCRUB)
    beach = m.plane(np.array([COAST_EAST_M - 60.0, COAST_EAST_M]), lines, -0.02,
                    np.array([0.55, 0.5, 0.38]))
    apron = m.disk(r, r + 25.0, -0.04, CONCRETE * 0.7, 64)
    parts = [ground, beach, apron, m.disk(0.0, r, 0.0, CONCRETE, 64), _target(0.6 * r, 0.02)]
    for x, y in _pad_mast_points(scene):
        parts.append(_mast(x, y, 14.0, np.sign(x) * 0.5))
    return m.concat(*parts)


def _pad_mast_points(scene) -> list[tuple[float, float]]:
    d = pad_radius_m(scene) + 12.0
    return [(d * math.cos(a), d * math.sin(a)) for a in np.radians([45.0, 135.0, 225.0, 315.0])]


def pad_lights_local(scene) -> list[np.ndarray]:
    return [np.array([x, y, 14.0]) for x, y in _pad_mast_points(scene)]


def site_mesh(scene) -> np.ndarray:
    return land_pad_mesh(scene) if scene.is_land_pad else drone_ship_mesh(scene)


def site_lights_local(scene) -> list[np.ndarray]:
    return pad_lights_local(scene) if scene.is_land_pad else deck_lights_local(scene)
