"""The tipping plane's frame and the plain records the contact model trades in (no pymunk).

The touchdown is solved in one vertical plane through the stage's centre of mass, the
*tipping plane* (game/sim/touchdown_plane.py chooses its azimuth; game/sim/contact.py solves
the motion in it with pymunk). ``PlaneFrame`` maps world vectors and points into the plane and
back: u horizontal along the plane (at the azimuth, from world +x anticlockwise), z = world up,
and p = u x z across it (out of the plane). The frame is Cartesian and flat: over the few tens
of metres of a deck the Earth's curvature is left out (the World's gravity vector, projected,
carries the local vertical). pymunk's x, y are (u, z) and its positive rotation is about +p.

A leg seen in the plane (``LegSlot``) is its deployed foot's place in the stage's own 2D frame
(across the axis, station along it) and the unit direction of its groove, the line along which
the foot rises as the leg turns up about its hinge (``on_groove``). ``FirstContact`` and
``StepReport`` are what one step of the contact model reports back.

Units: metres, kilograms, seconds, radians, newtons; tuples of Python floats throughout.
"""

from __future__ import annotations

import math
from typing import NamedTuple


class PlaneFrame:
    """The tipping plane: origin (world, m), e_u (horizontal, at ``azimuth_rad`` from world +x
    anticlockwise), e_z = world up, e_p = e_u x e_z."""

    def __init__(self, origin_m: tuple[float, float, float], azimuth_rad: float) -> None:
        c, s = math.cos(azimuth_rad), math.sin(azimuth_rad)
        self.origin = origin_m
        self.azimuth_rad = azimuth_rad
        self.e_u = (c, s, 0.0)
        self.e_p = (s, -c, 0.0)

    def vector_to_plane(self, v) -> tuple[float, float, float]:
        """(u, z, p) components of a world vector."""
        (cu, su, _), (cp, sp, _) = self.e_u, self.e_p
        return (v[0] * cu + v[1] * su, v[2], v[0] * cp + v[1] * sp)

    def point_to_plane(self, p) -> tuple[float, float, float]:
        """(u, z, p) of a world point, from the plane's origin."""
        o = self.origin
        return self.vector_to_plane((p[0] - o[0], p[1] - o[1], p[2] - o[2]))

    def vector_from_plane(self, u: float, z: float, p: float) -> tuple[float, float, float]:
        """The world vector with these (u, z, p) components."""
        (cu, su, _), (cp, sp, _) = self.e_u, self.e_p
        return (u * cu + p * cp, u * su + p * sp, z)

    def point_from_plane(self, u: float, z: float, p: float) -> tuple[float, float, float]:
        """The world point at (u, z, p) from the plane's origin."""
        x, y, zz = self.vector_from_plane(u, z, p)
        o = self.origin
        return (o[0] + x, o[1] + y, o[2] + zz)


class LegSlot(NamedTuple):
    """A leg seen in the plane: its deployed foot (stage-local: across, station), the unit
    direction of its groove (station component > 0) and its first travel."""

    index: int
    anchor: tuple[float, float]
    direction: tuple[float, float]
    travel_m: float


class FirstContact(NamedTuple):
    """The first strike of a step: which part, where, and the stage's motion at that moment."""

    part: str  # "leg 2", "stage"
    point: tuple[float, float]  # in the plane (u, z)
    com_velocity: tuple[float, float]
    angular_velocity_radps: float
    substep_end_s: float  # time into the step


class StepReport(NamedTuple):
    """What one step of the contact model measured (loads are impulses over the step)."""

    leg_loads_n: tuple[float, ...]  # normal load on each foot (0 for legs without one)
    legs_in_contact: tuple[bool, ...]
    structure_load_n: float  # normal load of the stage's own box on the deck
    structure_impact_mps: float  # fastest first strike of the box this step (0: none)
    first_contact: FirstContact | None


def on_groove(slot: LegSlot, travel_m: float) -> tuple[float, float]:
    """Stage-local point of leg ``slot``'s foot at this travel."""
    (ax, ay), (dx, dy) = slot.anchor, slot.direction
    k = travel_m / dy
    return (ax + k * dx, ay + k * dy)
