"""One tipping plane (``Episode``): the 6-DOF state into the plane and back, every step.

An Episode is built when the contact phase starts, and again whenever the touchdown model
chooses another plane (game/sim/touchdown_plane.py). It builds the pymunk model of the plane
(game/sim/contact.py) from the World's 6-DOF state: the plane's frame through the centre of
mass, at the deck's height (game/sim/contact_plane.py); the stage's pitch in the plane,
theta = atan2(-a_u, a_z) of its axis a; each leg at angle phi from the plane, its foot projected
to u = R cos(phi) across the stage's 2D axis (R the feet's radius); the deck's line at the
stage, its span and depth; gravity in the plane; the whole stage's mass and transverse inertia.

Each step (``advance``, instead of the free-flight integrator, with the same external force
in world axes and torque in body axes):
1. the in-plane state (u, z, theta and their rates) is set into pymunk (a no-op up to
   round-off), and the deck is driven onto its pose at the end of the step, cut where the feet
   will be across the plane and lowered by what the stage's lean out of the plane lifts them;
2. pymunk steps the plane (game/sim/contact.py), the out-of-plane floats step the rest
   (game/sim/touchdown_out_of_plane.py);
3. both go back into the 6-DOF state: position and velocity from (u, z, p), the attitude by
   the small rotation (omega_u dt, omega_z dt, delta theta) about the plane's axes, body rates;
4. the legs' travel, loads and 3D feet are updated (each foot's travel includes what the lean
   out of the plane pushes it in; its 3D place is across the plane as in 2D and out of it along
   its hinge's arc), and the contact status measured (game/sim/touchdown_measure.py).
Units: metres, kilograms, seconds, radians, newtons; Python floats.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from game.sim import earth
from game.sim.contact import PlaneContact
from game.sim.contact_plane import LegSlot, PlaneFrame
from game.sim.legs import LegState
from game.sim.outcome import ContactStatus, Touchdown
from game.sim.rigid_body import (
    quat_from_axis_angle,
    quat_multiply,
    quat_rotate,
    quat_rotate_inverse,
)
from game.sim.touchdown_measure import contact_figures, contact_status
from game.sim.touchdown_out_of_plane import OutOfPlane, lean_rad
from game.sim.touchdown_plane import deck_line, deck_span, deck_thickness_m

if TYPE_CHECKING:
    from game.sim.contact_plane import FirstContact, StepReport
    from game.sim.world import World


class Episode:
    """One tipping plane: the pymunk model, the mapping from and to the 6-DOF state, and the
    out-of-plane motion (see the module docstring)."""

    def __init__(self, w: World, azimuth_rad: float) -> None:
        self.world = w
        s, t = w.state, w.time_s
        com = s[0:3]
        frame = self.frame = PlaneFrame((com[0], com[1], w.ship.surface_at(t, com).height_m),
                                        azimuth_rad)
        q = s[6:10]
        au, az, _ = frame.vector_to_plane(quat_rotate(q, 1.0, 0.0, 0.0))
        theta = math.atan2(-au, az)
        slots = self._see_legs(theta)
        self.contact = self._build_contact(slots)
        u, z, _ = frame.point_to_plane(com)
        vu, vz, _ = frame.vector_to_plane(s[3:6])
        omega = frame.vector_to_plane(quat_rotate(q, *s[10:13]))
        self.contact.place(u, z, theta, vu, vz, omega[2])
        self.out_of_plane = OutOfPlane(w, frame, self.contact, self.leg_sin)
        self.status = ContactStatus(0.0, 0.0, 0.0, 0.0, 0, 0.0, False, True, "")
        self.lean_out_deg = 0.0
        self.clearance_m = 0.0
        self.rising = False

    def _see_legs(self, theta: float) -> list[LegSlot]:
        """Each leg's cos and sin of its angle from the plane, the slots of the legs that are
        out, and the plane's across (in the stage's own 2D frame) and out-of-plane directions
        in body coordinates (y, z): a foot's 3D place is built from its 2D place along the
        first."""
        w, frame = self.world, self.frame
        q, legs = w.state[6:10], w.legs
        geo = legs.geometry
        ct, st = math.cos(theta), math.sin(theta)
        self.leg_cos, self.leg_sin, slots = [], [], []
        bx = quat_rotate_inverse(q, *frame.vector_from_plane(ct, st, 0.0))
        px = quat_rotate_inverse(q, *frame.vector_from_plane(0.0, 0.0, 1.0))
        self._across_body = _unit(bx[1], bx[2])
        self._out_body = _unit(px[1], px[2])
        for i in range(legs.count):
            az_i = geo.azimuths_rad[i]
            ru, rz, rp = frame.vector_to_plane(quat_rotate(q, 0.0, math.cos(az_i),
                                                           math.sin(az_i)))
            c_i = ru * ct + rz * st
            self.leg_cos.append(c_i)
            self.leg_sin.append(rp)
            if legs.state[i] is not LegState.STOWED:
                slots.append(LegSlot(i, (geo.foot_radius_m * c_i, geo.deployed_station_m),
                                     (0.0, 1.0), legs.travel_m[i]))
        return slots

    def _build_contact(self, slots: list[LegSlot]) -> PlaneContact:
        """The pymunk model of this plane, with the stage's mass set."""
        w, frame = self.world, self.frame
        deck = self.deck_target(w.time_s)
        g = frame.vector_to_plane(earth.gravity_world_mps2(*w.state[0:3]))
        contact = PlaneContact(
            legs=w.legs, slots=slots, stage_radius_m=w.contact.radius_m,
            stage_length_m=w.contact.length_m, deck_span_m=deck_span(w, frame, deck[0]),
            deck_thickness_m=deck_thickness_m(w.ship), deck_pose=deck,
            gravity_mps2=(g[0], g[1]), dt_s=w.dt_s)
        m = w.mass
        contact.set_mass(m.mass_kg, m.inertia_transverse_kgm2, m.com_station_m)
        return contact

    def deck_target(self, t_s: float, p_m: float = 0.0) -> tuple[float, float, float]:
        """The deck line's pose at time t in the plane's parallel at p (where the stage is):
        (u, z) of the deck point abreast of the deck centre, and its angle."""
        return deck_line(self.world.ship, self.frame, t_s, p_m)

    def advance(self, force_world, torque_body, dt_s: float):
        """One step: (new 6-DOF state, first-contact Touchdown or None)."""
        w, frame, pc = self.world, self.frame, self.contact
        t0, t1 = w.time_s, (w.steps + 1) * w.dt_s
        s, m = w.state, w.mass
        q = s[6:10]
        before = w.ship.surface_at(t0, s[0:3])  # (the ship caches one time: t0 first, then t1)
        u, z, p = frame.point_to_plane(s[0:3])
        vu, vz, vp = frame.vector_to_plane(s[3:6])
        au, az, ap = frame.vector_to_plane(quat_rotate(q, 1.0, 0.0, 0.0))
        theta = math.atan2(-au, az)
        wu, wz, wp = frame.vector_to_plane(quat_rotate(q, *s[10:13]))
        pc.set_mass(m.mass_kg, m.inertia_transverse_kgm2, m.com_station_m)
        pc.set_stage(u, z, theta, vu, vz, wp)
        self._drive_deck(t1, p + vp * dt_s, ap, dt_s)
        gu, gz, gp = frame.vector_to_plane(earth.gravity_world_mps2(*s[0:3]))
        pc.space.gravity = (gu, gz)
        fu, fz, fp = frame.vector_to_plane(force_world)
        tu, tz, tp = frame.vector_to_plane(quat_rotate(q, *torque_body))
        report = pc.step(dt_s, (fu, fz), tp, t0)
        in_plane = pc.stage_state()
        vp1, wu1, wz1, loads = self.out_of_plane.step(
            report, (vp, wu, wz, before), (fp + m.mass_kg * gp, tu, tz), t0, dt_s)
        state = self._new_state(in_plane, theta, p + vp1 * dt_s, (vp1, wu1, wz1), dt_s)
        self._update_legs(report, loads, state, t1)
        self.status, self.clearance_m, self.rising = contact_status(w, state, report, t1)
        touchdown = None
        if report.first_contact is not None:
            touchdown = self._first_touch(report.first_contact, (vp, wu, wz), p, t0)
        return state, touchdown

    def _drive_deck(self, t1: float, p_next_m: float, axis_p: float, dt_s: float) -> None:
        """Drive the 2D deck onto the deck line under the feet at the end of the step: abreast
        of the axis at the feet's station, lowered by what leaning out of the plane lifts the
        feet by (the 2D stage does not lean); ``axis_p`` is the axis's p component."""
        reach = self.world.mass.com_station_m - self.world.legs.geometry.deployed_station_m
        lift = reach * (1.0 - math.sqrt(max(0.0, 1.0 - axis_p * axis_p)))
        u_deck, z_deck, slope = self.deck_target(t1, p_next_m - reach * axis_p)
        self.contact.drive_deck(u_deck, z_deck - lift, slope, dt_s)

    def _new_state(self, in_plane, theta: float, p1: float, rates, dt_s: float):
        """The 6-DOF state from pymunk's in-plane (u, z, theta, v_u, v_z, omega_p) and the
        out-of-plane p, (v_p, omega_u, omega_z); ``theta``: the pitch at the step's start."""
        frame, q = self.frame, self.world.state[6:10]
        u1, z1, th1, vu1, vz1, wp1 = in_plane
        vp1, wu1, wz1 = rates
        rot = frame.vector_from_plane(wu1 * dt_s, wz1 * dt_s, th1 - theta)
        angle = math.sqrt(sum(c * c for c in rot))
        q1 = quat_multiply(quat_from_axis_angle(*rot, angle), q)
        n = 1.0 / math.sqrt(sum(c * c for c in q1))
        q1 = tuple(c * n for c in q1)
        omega1 = quat_rotate_inverse(q1, *frame.vector_from_plane(wu1, wz1, wp1))
        return (*frame.point_from_plane(u1, z1, p1), *frame.vector_from_plane(vu1, vz1, vp1),
                *q1, *omega1)

    def _update_legs(self, report: StepReport, loads, state, t1: float) -> None:
        """Travel (with what the lean at the end of the step pushes in), 3D feet and loads."""
        legs, pc, geo = self.world.legs, self.contact, self.world.legs.geometry
        beta = lean_rad(self.frame, state, self.world.ship.surface_at(t1, state[0:3]).normal)
        pushes = self.out_of_plane.pushes(report, math.sin(beta))
        (ay, az), (oy, oz) = self._across_body, self._out_body
        feet = []
        for i in range(legs.count):
            travel = pc.foot_travel(i)
            if travel is not None:
                legs.travel_m[i] = max(travel + (pushes[i] or 0.0), legs.crushed_travel_m[i])
            station, radius = geo.station_radius(legs.travel_m[i])
            # across the plane as in 2D (the straight groove); out of it along the hinge's arc
            across = geo.foot_radius_m * self.leg_cos[i] if travel is not None else (
                radius * self.leg_cos[i])
            out = radius * self.leg_sin[i]
            feet.append((station, across * ay + out * oy, across * az + out * oz))
        legs.contact_feet_body = feet
        legs.record_loads(loads)
        self.lean_out_deg = math.degrees(beta)

    def _first_touch(self, fc: FirstContact, motion, p: float, t0: float) -> Touchdown:
        """The first-contact figures from the sub-step of the strike."""
        w, frame = self.world, self.frame
        vp, wu, wz = motion
        velocity = frame.vector_from_plane(fc.com_velocity[0], fc.com_velocity[1], vp)
        point = frame.point_from_plane(fc.point[0], fc.point[1], p)
        t = t0 + fc.substep_end_s
        com = w.state[0:3]
        along, across, _ = w.ship.deck_local(t, com)
        rate = math.sqrt(fc.angular_velocity_radps**2 + wu * wu + wz * wz)
        return contact_figures(w, t, point, velocity, w.state[6:10], rate, (along, across),
                               fc.part, w.ship.surface_at(t, point))


def _unit(y: float, z: float) -> tuple[float, float]:
    """The unit vector along (y, z); (0, 0) for a zero vector."""
    n = math.hypot(y, z) or 1.0
    return (y / n, z / n)
