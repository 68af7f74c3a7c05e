"""The legs' struts in the tipping plane: the push between the stage and each foot, per sub-step.

Each deployed leg is a foot body on a groove along the stage's axis (game/sim/contact.py
builds them). Its *travel* s is how far the foot has risen along the body from its deployed
station; the groove's unit direction (across, station) = (d_x, d_y) has d_y > 0, so moving a
length l along the groove raises the foot by d_y l. The strut's force law F(s, ds/dt) is the
LegSet's (game/sim/legs.py: spring and damper in series with the crush core, the collet, the
helium pusher). By virtual work a force F along the travel is a force F d_y along the groove:
it pushes the foot down the groove and, as the reaction at the foot's point, the stage up (with
its torque about the stage body's centre of gravity). The strut only pushes (F <= 0: nothing).

The damper is implicit (stable at any sub-step): the LegSet needs the mass the damper moves,
in the travel's coordinate (a mass m along the groove is m / d_y^2 along the travel): the
foot's alone while its pad is in the air, a quarter of the stage body's once it bears on the
deck (any normal impulse so far this step, or in the last step: a foot standing on the deck
is not in the air at a step's first sub-step). As the crush core crushes, the groove's lower
end, the strut's stop, moves up to the crushed travel.

The external wrench (thrust, aerodynamics, RCS) comes as a force at the stage's centre of mass
and a torque about p; pymunk's stage body has its centre of gravity where the feet's mass is
taken out, so the force's moment about it is added to the torque.

Units: metres, kilograms, seconds, newtons, newton-metres; Python floats (the hot path).
No pymunk import: this module sets forces on the bodies ``PlaneContact`` made.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from game.sim.contact_plane import LegSlot, on_groove

if TYPE_CHECKING:
    from game.sim.contact import PlaneContact

# The stage body's pose and motion for one sub-step: cos and sin of its angle, its origin (x,
# y), its centre of gravity (x, y), its velocity (x, y) and its angular velocity (rad/s).
StagePose = tuple[float, float, float, float, float, float, float, float, float]


def apply_struts(pc: PlaneContact, h_s: float, force_n, torque_nm: float,
                 time_s: float) -> None:
    """Strut forces on every foot and their reactions, plus the external wrench, as the
    bodies' forces for the next sub-step of ``h_s`` starting at ``time_s``."""
    core = pc.core
    a = core.angle
    c, s = math.cos(a), math.sin(a)
    ox, oy = core.position
    cg = core.center_of_gravity[1]
    cgx, cgy = ox - s * cg, oy + c * cg
    vx, vy = core.velocity
    stage = (c, s, ox, oy, cgx, cgy, vx, vy, core.angular_velocity)
    com = pc.com_station_m
    fx, fy = force_n
    torque = torque_nm + (-s * com - (cgx - ox)) * fy - (c * com - (cgy - oy)) * fx
    for slot in pc.slots:
        foot = pc.feet[slot.index]
        px, py = foot.position
        force = strut_force_n(pc, slot, (px, py), stage, h_s, time_s)
        if force <= 0.0:
            continue
        dxl, dyl = slot.direction
        g = force * dyl
        gx, gy = g * (c * dxl - s * dyl), g * (s * dxl + c * dyl)
        foot.force = (-gx, -gy)
        fx += gx
        fy += gy
        torque += (px - cgx) * gy - (py - cgy) * gx
    core.force = (fx, fy)
    core.torque = torque


def strut_force_n(pc: PlaneContact, slot: LegSlot, foot_m: tuple[float, float],
                  stage: StagePose, h_s: float, time_s: float) -> float:
    """Leg ``slot``'s strut force along its travel (N, > 0 pushes the foot down) from the
    foot's place ``foot_m`` (in the plane) and motion on its groove; moves the groove's stop
    to the crushed travel."""
    c, s, ox, oy, cgx, cgy, vx, vy, w = stage
    i = slot.index
    px, py = foot_m
    travel = -s * (px - ox) + c * (py - oy) - slot.anchor[1]
    dxl, dyl = slot.direction
    dwx, dwy = c * dxl - s * dyl, s * dxl + c * dyl
    fvx, fvy = pc.feet[i].velocity
    rate = ((fvx - vx + w * (py - cgy)) * dwx + (fvy - vy - w * (px - cgx)) * dwy) * dyl
    # the mass the strut's damper moves: the foot's alone in the air; on the deck, the
    # stage's share
    bearing = pc.foot_impulse_ns[i] != 0.0 or pc.bore_last_step[i]
    mass = (0.25 * pc.core.mass if bearing else pc.foot_mass_kg) / (dyl * dyl)
    force = pc.legs.foot_force(i, travel, rate, h_s, mass, time_s)
    low = pc.legs.crushed_travel_m[i]  # the groove's stop follows the crushed travel
    if low != pc.groove_low_m[i]:
        pc.grooves[i].groove_a = on_groove(slot, low)
        pc.groove_low_m[i] = low
    return force
