"""Choosing the tipping plane, and the deck as the plane cuts it.

The plane (``overturning_azimuth``) is vertical, through the stage's centre of mass, at the
azimuth of what can overturn the stage, summed as a horizontal "overturning velocity" (m/s):
- the centre of mass's velocity relative to the deck (``touchdown_measure.relative_motion``);
- the axis's lean, as the speed sqrt(g h) times the lean's horizontal component (h: the centre
  of mass's height above the deck, at least 1 m), the speed at which a lean of that size grows;
- the angular rate's sweep, as I / (m h) times the horizontal angular rate turned a quarter
  (the speed of the centre of mass whose angular momentum about the feet matches);
- when asked (a first choice, not a re-choice), any leg whose collet is open or has failed,
  ``WEAK_LEG_MPS`` toward it (the plane goes through the leg that will fold).
With nothing that stands out (under 0.05 m/s) the plane takes the ship's beam (the roll's
plane); with the centre of mass not over the deck, it points at the deck's centre.
Azimuths are radians from world +x (east) anticlockwise.

The deck in the plane: ``deck_line`` is the deck's straight cut where the plane's parallel at
offset p cuts it (the point abreast of the deck's centre, its height and its slope), from the
ship model's pose; ``deck_span`` is where the plane enters and leaves the deck's rectangle (a
land pad's ground reaches ``LAND_EXTENT_M`` either way); ``deck_thickness_m`` is how deep the
2D deck box reaches (the deck's height above the waterline plus ``HULL_DEPTH_M``), deep enough
that no sub-step carries anything through it. Units: metres, seconds, radians.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from game.sim import earth
from game.sim.legs import LegState
from game.sim.rigid_body import quat_rotate
from game.sim.touchdown_measure import relative_motion

if TYPE_CHECKING:
    from game.sim.contact_plane import PlaneFrame
    from game.sim.world import World

LAND_EXTENT_M = 2000.0  # a land pad's ground reaches this far either way
HULL_DEPTH_M = 3.0  # below the waterline: the deck box is deck height + this thick
WEAK_LEG_MPS = 10.0


def overturning_azimuth(w: World, weak_legs: bool) -> float:
    """Azimuth (rad, from world +x anticlockwise) of what can overturn the stage now."""
    s, t, ship = w.state, w.time_s, w.ship
    com = s[0:3]
    surface = ship.surface_at(t, com)
    height = max(1.0, ship.deck_local(t, com)[2])
    rel_v, rel_w = relative_motion(s, surface, height)
    speed_scale = math.sqrt(earth.G0_MPS2 * height)
    axis = quat_rotate(s[6:10], 1.0, 0.0, 0.0)
    sweep = w.mass.inertia_transverse_kgm2 / (w.mass.mass_kg * height)
    dx = rel_v[0] + speed_scale * axis[0] + sweep * rel_w[1]
    dy = rel_v[1] + speed_scale * axis[1] - sweep * rel_w[0]
    if weak_legs:
        dx, dy = _toward_weak_legs(w, dx, dy)
    if not ship.on_deck(t, com):
        centre = ship.pose_at(t)[0]
        dx, dy = centre[0] - com[0], centre[1] - com[1]
    elif math.hypot(dx, dy) < 0.05:
        heading = math.radians(90.0 - ship.heading_deg)  # the bow; the beam is across it
        return heading + 0.5 * math.pi
    return math.atan2(dy, dx)


def _toward_weak_legs(w: World, dx: float, dy: float) -> tuple[float, float]:
    """The overturning velocity plus ``WEAK_LEG_MPS`` toward each leg with an open collet."""
    s = w.state
    for i, state in enumerate(w.legs.state):
        if state is LegState.UNLOCKED or w.legs.collet_failed[i]:
            az = w.legs.geometry.azimuths_rad[i]
            rx, ry, _ = quat_rotate(s[6:10], 0.0, math.cos(az), math.sin(az))
            norm = math.hypot(rx, ry) or 1.0
            dx += WEAK_LEG_MPS * rx / norm
            dy += WEAK_LEG_MPS * ry / norm
    return dx, dy


def deck_line(ship, frame: PlaneFrame, t_s: float, p_m: float) -> tuple[float, float, float]:
    """Pose in the plane (u, z, angle) of the deck's line where the plane's parallel at p cuts
    the deck: the point abreast of the deck centre, and the line's slope."""
    centre, q = ship.pose_at(t_s)
    nu, nz, _ = frame.vector_to_plane(quat_rotate(q, 0.0, 0.0, 1.0))
    u = frame.point_to_plane(centre)[0]
    height = ship.surface_at(t_s, frame.point_from_plane(u, 0.0, p_m)).height_m
    return (u, height - frame.origin[2], math.atan2(-nu, nz))


def deck_span(w: World, frame: PlaneFrame, u_ref: float) -> tuple[float, float]:
    """Where the deck begins and ends along the plane, from the deck line's reference point."""
    ship = w.ship
    if ship.is_land_pad:
        return (-LAND_EXTENT_M, LAND_EXTENT_M)
    t = w.time_s
    a0, c0, _ = ship.deck_local(t, frame.point_from_plane(0.0, 0.0, 0.0))
    a1, c1, _ = ship.deck_local(t, frame.point_from_plane(1.0, 0.0, 0.0))
    lo, hi = -LAND_EXTENT_M, LAND_EXTENT_M
    for x0, dx, half in ((a0, a1 - a0, 0.5 * ship.deck_length_m),
                         (c0, c1 - c0, 0.5 * ship.deck_width_m)):
        if abs(dx) < 1e-12:
            continue
        t1, t2 = (-half - x0) / dx, (half - x0) / dx
        lo, hi = max(lo, min(t1, t2)), min(hi, max(t1, t2))
    if hi <= lo:  # the plane misses the deck: a sliver under the stage (it falls past)
        lo, hi = -0.01, 0.01
    return (lo - u_ref, hi - u_ref)


def deck_thickness_m(ship) -> float:
    """Depth of the 2D deck box below the deck's line (m)."""
    return HULL_DEPTH_M + (0.0 if ship.is_land_pad else ship.deck_height_m)
