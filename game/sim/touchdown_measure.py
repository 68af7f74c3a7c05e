"""What the touchdown verdict reads: the first-contact figures and the per-step contact status.

Everything is measured relative to the deck (game/sim/ship.py ``surface_at``: the deck's height,
unit normal, velocity and angular velocity at a point), in the World frame (x east, y north, z
up; SI units):
- ``relative_motion``: the stage's centre-of-mass velocity and angular velocity less the deck's
  rigid motion carried up to the centre of mass (``height_m`` along the deck's normal);
- ``contact_figures`` / ``free_flight_touchdown``: the ``Touchdown`` record of the first
  contact: closing speed along the deck's normal (``vertical_speed_mps``), the rest of the
  relative speed (lateral), the axis's tilt from the local vertical, the body rate, the distance
  from the deck's centre, whether the point is on the deck;
- ``contact_status``: each step in contact, the ``ContactStatus`` that game/sim/outcome.py
  judges (tilt from the deck's normal, relative speed and rate, the height of the centre of mass
  above the deck, feet and structure in contact, the legs' damage), the lowest foot's clearance
  and whether the stage is rising off the deck (the contact phase ends on both).
Plain floats and tuples (the hot path), no state of its own.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from game.sim import earth
from game.sim.outcome import ContactStatus, Touchdown
from game.sim.rigid_body import quat_rotate

if TYPE_CHECKING:
    from game.sim.contact_plane import StepReport
    from game.sim.world import World


def relative_motion(state, surface, height_m: float):
    """Velocity of the centre of mass and angular velocity (world), relative to the deck's
    motion carried rigidly up to the centre of mass (``height_m`` along the deck normal)."""
    n, dv, dw = surface.normal, surface.velocity_mps, surface.angular_velocity_radps
    carried = [dv[k] + height_m * (dw[(k + 1) % 3] * n[(k + 2) % 3]
                                   - dw[(k + 2) % 3] * n[(k + 1) % 3]) for k in range(3)]
    omega = quat_rotate(state[6:10], *state[10:13])
    return ([state[3 + k] - carried[k] for k in range(3)],
            [omega[k] - dw[k] for k in range(3)])


def free_flight_touchdown(w: World, point, part: str) -> Touchdown:
    """Touchdown figures from the free-flight state at a contact point."""
    t, s = w.time_s, w.state
    surface = w.ship.surface_at(t, point)
    along, across, _ = w.ship.deck_local(t, s[0:3])
    return contact_figures(w, t, point, s[3:6], s[6:10],
                           math.sqrt(sum(c * c for c in s[10:13])), (along, across), part,
                           surface)


def contact_figures(w: World, t_s: float, point, velocity, q, rate_radps: float,
                    along_across, part: str, surface) -> Touchdown:
    """The Touchdown record of a first contact of ``part`` at ``point`` (world) at ``t_s``,
    with the stage's velocity (world, m/s), attitude ``q``, body rate (rad/s) and the (along,
    across) offset of its centre of mass from the deck's centre (m)."""
    rel = [velocity[k] - surface.velocity_mps[k] for k in range(3)]
    n = surface.normal
    normal = sum(rel[k] * n[k] for k in range(3))
    lateral = math.sqrt(max(sum(c * c for c in rel) - normal * normal, 0.0))
    axis = quat_rotate(q, 1.0, 0.0, 0.0)
    up = earth.local_up(*w.state[0:3])
    cos_tilt = sum(a * u for a, u in zip(axis, up, strict=True))
    return Touchdown(
        vertical_speed_mps=-normal,
        lateral_speed_mps=lateral,
        tilt_deg=math.degrees(math.acos(max(-1.0, min(1.0, cos_tilt)))),
        angular_rate_degps=math.degrees(rate_radps),
        distance_from_center_m=math.hypot(*along_across),
        on_deck=w.ship.on_deck(t_s, point),
        legs_deployed=w.legs.deployed,
        time_s=t_s,
        first_contact=part,
    )


def feet_slide_mps(w: World, state, t_s: float, in_contact) -> float | None:
    """The fastest slide of a foot that is down, along the deck plane (m/s), of the 6-DOF
    ``state`` at ``t_s``; None with no foot down. A foot's velocity is the centre of mass's
    plus omega x r; the deck's is the plane's own at that point."""
    q, com_station = state[6:10], w.mass.com_station_m
    omega = quat_rotate(q, *state[10:13])
    fastest = None
    for (station, y, z), down in zip(w.legs.foot_points_body(), in_contact, strict=False):
        if not down:
            continue
        r = quat_rotate(q, station - com_station, y, z)
        surface = w.ship.surface_at(t_s, (state[0] + r[0], state[1] + r[1], state[2] + r[2]))
        rel = [state[3 + k] + omega[(k + 1) % 3] * r[(k + 2) % 3]
               - omega[(k + 2) % 3] * r[(k + 1) % 3] - surface.velocity_mps[k] for k in range(3)]
        along_normal = sum(rel[k] * surface.normal[k] for k in range(3))
        slide = math.sqrt(sum((rel[k] - along_normal * surface.normal[k]) ** 2 for k in range(3)))
        fastest = slide if fastest is None else max(fastest, slide)
    return fastest


def contact_status(w: World, state, report: StepReport,
                   t_s: float) -> tuple[ContactStatus, float, bool]:
    """(status, clearance_m, rising) of the 6-DOF ``state`` at ``t_s`` after a contact step:
    the verdict's figures, how far the lowest foot is above the deck (m, the stage taken as
    upright), and whether the centre of mass moves away from the deck."""
    ship, com = w.ship, state[0:3]
    surface = ship.surface_at(t_s, com)
    n = surface.normal
    axis = quat_rotate(state[6:10], 1.0, 0.0, 0.0)
    height = ship.deck_local(t_s, com)[2]
    rel, rel_w = relative_motion(state, surface, height)
    legs = w.legs
    cos_tilt = sum(a * b for a, b in zip(axis, n, strict=True))
    slide = feet_slide_mps(w, state, t_s, report.legs_in_contact)
    status = ContactStatus(
        tilt_deg=math.degrees(math.acos(max(-1.0, min(1.0, cos_tilt)))),
        speed_mps=math.sqrt(sum(c * c for c in rel)) if slide is None else slide,
        rate_degps=math.degrees(math.sqrt(sum(c * c for c in rel_w))),
        com_height_m=height,
        feet_in_contact=sum(report.legs_in_contact),
        structure_impact_mps=report.structure_impact_mps,
        structure_touching=report.structure_load_n > 0.0,
        legs_intact=all(legs.intact(i) for i in range(legs.count)),
        leg_failure=legs.damage(),
    )
    lowest = min(legs.travel_m) + legs.geometry.deployed_station_m
    clearance_m = height - (w.mass.com_station_m - lowest)
    rising = sum(rel[k] * n[k] for k in range(3)) > 0.0
    return status, clearance_m, rising
