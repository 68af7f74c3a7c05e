"""Touchdown: the hand-over from free flight to the contact model, the tipping plane, and the
verdict.

``TouchdownModel`` is the World's contact model. In free flight, below ``NEAR_SURFACE_M``,
``check`` watches the feet (once they start to open) and rings at the base and the top of the
stage. A point that reaches the sea away from the ship ends the flight (splashed; beside a land
pad: missed). When a point over the deck comes within ``ACTIVATION_GAP_M`` plus two steps of
closing speed of the deck, the contact phase starts, a step before contact so the contact model
sees the whole impact: from then on the World integrates the stage through
``TouchdownModel.integrate`` instead of the free-flight integrator, until the verdict
(game/sim/outcome.py) or until the stage climbs away again.

The tipping plane (``Episode``): a vertical plane through the stage's centre of mass whose
azimuth follows what can overturn the stage: the horizontal velocity relative to the deck, the
lean of its axis and the sweep of its angular rate (both as equivalent speeds), and any leg
whose collet is open (weighted ``WEAK_LEG_MPS``). With nothing to choose, it takes the ship's
beam (the roll). If the centre of mass is not over the deck, the plane points at the deck's
centre. The in-plane motion (surge along the plane, heave, pitch in it; the legs, the deck's
heave and slope in the plane) is solved by pymunk (game/sim/contact.py).

The out-of-plane motion is solved here, on floats, as the reference spring-damper model does:
- sideways (along p) the stage feels the external force, the deck normal's p component of the
  contact load, and Coulomb friction at the feet (coefficient of the pads, limit mu N), solved
  implicitly for the feet's slip (the stage sticks unless the limit is reached);
- its lean out of the plane, relative to the deck's, is held by the legs in contact as linear
  springs and dampers (each locked leg's strut stiffness and damping at lever R sin(phi)),
  each leg's extra load clipped so no foot pulls; the load's lever on the leaning stage
  (N h sin(beta)) tips it further; friction at the feet acts on it too;
- its spin about the vertical is held by friction (limit mu N R).
A lean out of the plane past ``REPLAN_TILT_DEG`` (the springs could not hold it: the stage is
tipping another way) re-chooses the plane from the stage's lean and rate and rebuilds the
pymunk model from the 6-DOF state.
The results go back into the 6-DOF state every step, so the stage slides, settles, rocks with
the deck, tips over or falls off the edge in the World like in flight. Each foot's travel
includes its out-of-plane compression, so the feet drawn in 3D stand on the deck.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import TYPE_CHECKING

from game.sim import earth
from game.sim.contact import LegSlot, PlaneContact, PlaneFrame
from game.sim.legs import LegState
from game.sim.outcome import (
    EXPLODES,
    ContactStatus,
    Outcome,
    Touchdown,
    Verdict,
    limits_exceeded,
)
from game.sim.rigid_body import (
    quat_from_axis_angle,
    quat_multiply,
    quat_rotate,
    quat_rotate_inverse,
)

if TYPE_CHECKING:
    from game.sim.world import World

NEAR_SURFACE_M = 150.0  # contact is only watched below this height above the sea
ACTIVATION_GAP_M = 1.0
ACTIVATION_STEPS = 2.0
LIFT_OFF_GAP_M = 5.0  # the contact phase ends when the stage climbs this far off the deck
LAND_EXTENT_M = 2000.0  # a land pad's ground reaches this far either way
HULL_DEPTH_M = 3.0  # below the waterline: the deck box is deck height + this thick
WEAK_LEG_MPS = 10.0
REPLAN_TILT_DEG = 1.0
REPLAN_INTERVAL_S = 0.25
RING_POINTS = 8


class TouchdownModel:
    """First approach, contact phase and verdict for a World (see the module docstring)."""

    def __init__(self, world: World) -> None:
        self.world = world
        vehicle = world.level.vehicle
        world.faults.draw_icing(world.rng, vehicle.legs, world.weather.icing_exposure)
        self.radius_m = 0.5 * vehicle.vehicle.diameter_m
        self.length_m = vehicle.vehicle.length_m
        success = world.level.spec.success
        self.verdict = Verdict(success.settle_time_s, success.max_tilt_deg,
                               vehicle.limits.max_structure_impact_speed_mps, world.land_pad)
        self.episode: Episode | None = None
        self.active = False
        self.touched = False
        self.fire_state = "none"  # none | explosion
        self.fire_start_s = -1.0
        self._replan_s = 0.0
        r = self.radius_m
        ring = [(r * math.cos(a), r * math.sin(a)) for a in
                (2.0 * math.pi * k / RING_POINTS for k in range(RING_POINTS))]
        self._ring_points = ([(0.0, y, z) for y, z in ring]
                             + [(self.length_m, y, z) for y, z in ring])

    # ---- called by the World ------------------------------------------------------------
    def check(self) -> None:
        """After each step: collets, first approach, and while in contact the verdict."""
        w = self.world
        for leg in w.faults.unlatched_legs:
            w.legs.set_collet_failed(leg - 1)
        if self.episode is not None:
            self._judge()
        elif w._last.altitude_m <= NEAR_SURFACE_M + 60.0:
            self._watch()

    def integrate(self, force_world, torque_body, dt_s: float) -> tuple[float, ...]:
        """The new 6-DOF state after one step in contact (replaces the free-flight step)."""
        state, touchdown = self.episode.advance(force_world, torque_body, dt_s)
        if touchdown is not None and not self.touched:
            self.touched = True
            w = self.world
            w.touchdown = replace(touchdown, limits_exceeded=limits_exceeded(
                touchdown, w.level.spec.success))
        return state

    # ---- free flight --------------------------------------------------------------------
    def points_world(self):
        """World points of the feet (once they open) and of the rings at base and top."""
        w = self.world
        s, com = w.state, w.mass.com_station_m
        points = list(self._ring_points)
        if w.legs.deploy_fraction > 0.0:
            points += w.legs.foot_points_body()
        q = s[6:10]
        for station, y, z in points:
            dx, dy, dz = quat_rotate(q, station - com, y, z)
            yield (s[0] + dx, s[1] + dy, s[2] + dz)

    def _watch(self) -> None:
        w = self.world
        t, s, ship = w.time_s, w.state, w.ship
        for point in self.points_world():
            if ship.on_deck(t, point):
                surface = ship.surface_at(t, point)
                n, v = surface.normal, surface.velocity_mps
                closing = -sum((s[3 + k] - v[k]) * n[k] for k in range(3))
                gap = ship.deck_local(t, point)[2]
                if gap < ACTIVATION_GAP_M + max(closing, 0.0) * w.dt_s * ACTIVATION_STEPS:
                    self._start()
                    return
            elif earth.altitude_m(*point) <= 0.0:
                self._missed(point)
                return

    def _missed(self, point) -> None:
        w = self.world
        if not w.land_pad:
            w._end(Outcome.SPLASHED, "fell into the sea")
            return
        along, across, _ = w.ship.deck_local(w.time_s, point)
        w.touchdown = free_flight_touchdown(w, point, "ground")
        self._finish(Outcome.MISSED, f"came down on the ground {math.hypot(along, across):.0f} m"
                     " from the pad's centre")

    def _start(self, azimuth_rad: float | None = None) -> None:
        w = self.world
        if azimuth_rad is None:
            azimuth_rad = overturning_azimuth(w, weak_legs=True)
        self.episode = Episode(w, azimuth_rad)
        self.active = True
        w.legs.contact_driven = True

    def _stop(self) -> None:
        self.episode = None
        self.active = False
        self.world.legs.contact_driven = False

    # ---- in contact -------------------------------------------------------------------------
    def lowest_altitude_m(self) -> float:
        """Height above the sea of the stage's lowest point: a foot, or the rim of its base or
        top."""
        w = self.world
        s, com = w.state, w.mass.com_station_m
        q = s[6:10]
        az = quat_rotate(q, 1.0, 0.0, 0.0)[2]
        rim = self.radius_m * math.sqrt(max(0.0, 1.0 - az * az))
        lowest = min(s[2] + (station - com) * az - rim for station in (0.0, self.length_m))
        for station, y, z in w.legs.foot_points_body():
            lowest = min(lowest, s[2] + quat_rotate(q, station - com, y, z)[2])
        return lowest + earth.altitude_m(s[0], s[1], s[2]) - s[2]

    def _judge(self) -> None:
        w, ep = self.world, self.episode
        status = ep.status
        if not w.land_pad and self.lowest_altitude_m() <= 0.0:
            if self.touched:
                self._finish(Outcome.FELL_OFF, "went over the edge into the sea")
            else:
                w._end(Outcome.SPLASHED, "fell into the sea")
            return
        if self.touched and w.touchdown is not None and not w.touchdown.on_deck:
            self._missed(w.state[0:3])
            return
        if self.touched:
            verdict = self.verdict.update(status, w.dt_s)
            if verdict is not None:
                self._finish(*verdict)
                return
        if (status.feet_in_contact == 0 and not status.structure_touching
                and ep.clearance_m > LIFT_OFF_GAP_M and ep.rising):
            self._stop()
        elif (abs(ep.lean_out_deg) > REPLAN_TILT_DEG and self.touched
              and w.time_s - self._replan_s >= REPLAN_INTERVAL_S):
            self._replan_s = w.time_s
            self._start(overturning_azimuth(w, weak_legs=False))

    def _finish(self, outcome: Outcome, reason: str) -> None:
        w = self.world
        w._end(outcome, reason)
        if outcome in EXPLODES:
            self.fire_state = "explosion"
            self.fire_start_s = w.time_s
        w.touchdown = self.final_touchdown()

    def final_touchdown(self) -> Touchdown | None:
        """The first-contact figures with the legs' peak loads, crush and failures so far."""
        w = self.world
        td = w.touchdown
        if td is None:
            return None
        legs = w.legs
        failed = legs.first_failure
        return replace(
            td,
            peak_leg_load_n=tuple(legs.peak_load_n),
            crush_stroke_used_m=tuple(legs.crush_stroke_used_m(i) for i in range(legs.count)),
            leg_states=legs.labels,
            first_failed_leg=failed[0] if failed else None,
            first_failure=failed[1] if failed else "",
        )


def free_flight_touchdown(w: World, point, part: str) -> Touchdown:
    """Touchdown figures from the free-flight state at a contact point."""
    t, s = w.time_s, w.state
    surface = w.ship.surface_at(t, point)
    along, across, _ = w.ship.deck_local(t, s[0:3])
    return _figures(w, t, point, s[3:6], s[6:10], math.sqrt(sum(c * c for c in s[10:13])),
                    (along, across), part, surface)


def _figures(w: World, t_s: float, point, velocity, q, rate_radps: float, along_across,
             part: str, surface) -> Touchdown:
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
        for i, state in enumerate(w.legs.state):
            if state is LegState.UNLOCKED or w.legs.collet_failed[i]:
                az = w.legs.geometry.azimuths_rad[i]
                rx, ry, _ = quat_rotate(s[6:10], 0.0, math.cos(az), math.sin(az))
                norm = math.hypot(rx, ry) or 1.0
                dx += WEAK_LEG_MPS * rx / norm
                dy += WEAK_LEG_MPS * ry / norm
    if not ship.on_deck(t, com):
        centre = ship.pose_at(t)[0]
        dx, dy = centre[0] - com[0], centre[1] - com[1]
    elif math.hypot(dx, dy) < 0.05:
        heading = math.radians(90.0 - ship.heading_deg)  # the bow; the beam is across it
        return heading + 0.5 * math.pi
    return math.atan2(dy, dx)


def relative_motion(state, surface, height_m: float):
    """Velocity of the centre of mass and angular velocity (world), relative to the deck's
    motion carried rigidly up to the centre of mass (``height_m`` along the deck normal)."""
    n, dv, dw = surface.normal, surface.velocity_mps, surface.angular_velocity_radps
    carried = [dv[k] + height_m * (dw[(k + 1) % 3] * n[(k + 2) % 3]
                                   - dw[(k + 2) % 3] * n[(k + 1) % 3]) for k in range(3)]
    omega = quat_rotate(state[6:10], *state[10:13])
    return ([state[3 + k] - carried[k] for k in range(3)],
            [omega[k] - dw[k] for k in range(3)])


class Episode:
    """One tipping plane: the pymunk model, the mapping from and to the 6-DOF state, and the
    out-of-plane motion (see the module docstring)."""

    def __init__(self, w: World, azimuth_rad: float) -> None:
        self.world = w
        s, t, ship, legs = w.state, w.time_s, w.ship, w.legs
        com = s[0:3]
        frame = self.frame = PlaneFrame((com[0], com[1], ship.surface_at(t, com).height_m),
                                        azimuth_rad)
        q = s[6:10]
        au, az, _ = frame.vector_to_plane(quat_rotate(q, 1.0, 0.0, 0.0))
        theta = math.atan2(-au, az)
        ct, st = math.cos(theta), math.sin(theta)
        geo = legs.geometry
        self.leg_cos, self.leg_sin, slots = [], [], []
        # the plane's across (in the stage's own 2D frame) and out-of-plane directions, in body
        # coordinates (y, z): a foot's 3D place is built from its 2D place along the first
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
        deck = self.deck_target(t)
        span = deck_span(w, frame, deck[0])
        thickness = (HULL_DEPTH_M + (0.0 if ship.is_land_pad else ship.deck_height_m))
        g = frame.vector_to_plane(earth.gravity_world_mps2(*com))
        self.contact = PlaneContact(
            legs=legs, slots=slots, stage_radius_m=w.contact.radius_m,
            stage_length_m=w.contact.length_m, deck_span_m=span, deck_thickness_m=thickness,
            deck_pose=deck, gravity_mps2=(g[0], g[1]), dt_s=w.dt_s)
        m = w.mass
        self.contact.set_mass(m.mass_kg, m.inertia_transverse_kgm2, m.com_station_m)
        u, z, _ = frame.point_to_plane(com)
        vu, vz, _ = frame.vector_to_plane(s[3:6])
        omega = frame.vector_to_plane(quat_rotate(q, *s[10:13]))
        self.contact.place(u, z, theta, vu, vz, omega[2])
        self.status = ContactStatus(0.0, 0.0, 0.0, 0.0, 0, 0.0, False, True, "")
        self.lean_out_deg = 0.0
        self.clearance_m = 0.0
        self.rising = False

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
        u, z, p = frame.point_to_plane(s[0:3])
        vu, vz, vp = frame.vector_to_plane(s[3:6])
        au, az, ap = frame.vector_to_plane(quat_rotate(q, 1.0, 0.0, 0.0))
        theta = math.atan2(-au, az)
        wu, wz, wp = frame.vector_to_plane(quat_rotate(q, *s[10:13]))
        pc.set_mass(m.mass_kg, m.inertia_transverse_kgm2, m.com_station_m)
        pc.set_stage(u, z, theta, vu, vz, wp)
        # The deck line under the feet: abreast of the axis at the feet's station, lowered by
        # what leaning out of the plane lifts the feet by (the 2D stage does not lean).
        reach = m.com_station_m - w.legs.geometry.deployed_station_m
        lift = reach * (1.0 - math.sqrt(max(0.0, 1.0 - ap * ap)))
        u_deck, z_deck, slope = self.deck_target(t1, p + vp * dt_s - reach * ap)
        pc.drive_deck(u_deck, z_deck, slope, dt_s)
        gu, gz, gp = frame.vector_to_plane(earth.gravity_world_mps2(*s[0:3]))
        pc.space.gravity = (gu, gz)
        fu, fz, fp = frame.vector_to_plane(force_world)
        tu, tz, tp = frame.vector_to_plane(quat_rotate(q, *torque_body))
        report = pc.step(dt_s, (fu, fz), tp, t0)
        u1, z1, th1, vu1, vz1, wp1 = pc.stage_state()
        surface = w.ship.surface_at(t1, s[0:3])
        vp1, wu1, wz1, loads, extra_travel, beta = self._out_of_plane(
            report, surface, (vp, wu, wz, ap), (fp + m.mass_kg * gp, tu, tz), dt_s)
        p1 = p + vp1 * dt_s
        rot = frame.vector_from_plane(wu1 * dt_s, wz1 * dt_s, th1 - theta)
        angle = math.sqrt(sum(c * c for c in rot))
        q1 = quat_multiply(quat_from_axis_angle(*rot, angle), q)
        n = 1.0 / math.sqrt(sum(c * c for c in q1))
        q1 = tuple(c * n for c in q1)
        omega1 = quat_rotate_inverse(q1, *frame.vector_from_plane(wu1, wz1, wp1))
        state = (*frame.point_from_plane(u1, z1, p1), *frame.vector_from_plane(vu1, vz1, vp1),
                 *q1, *omega1)
        self._update_legs(loads, extra_travel, beta)
        self._update_status(state, report, t1)
        touchdown = None
        if report.first_contact is not None:
            touchdown = self._first_touch(report.first_contact, (vp, wu, wz), p, t0)
        return state, touchdown

    def _out_of_plane(self, report, surface, motion, load, dt_s: float):
        """Sideways velocity, lean and spin rates after the step, the legs' loads and extra
        travel from the lean, and the lean relative to the deck (rad)."""
        w, frame, legs = self.world, self.frame, self.world.legs
        vp, wu, wz, ap = motion
        force_p, torque_u, torque_z = load
        m = w.mass
        mass, inertia = m.mass_kg, m.inertia_transverse_kgm2
        _, _, n_p = frame.vector_to_plane(surface.normal)
        deck_w = frame.vector_to_plane(surface.angular_velocity_radps)
        deck_v = frame.vector_to_plane(surface.velocity_mps)
        beta = math.asin(max(-1.0, min(1.0, ap))) - math.asin(max(-1.0, min(1.0, n_p)))
        beta_rate = wu - deck_w[0]
        sin_beta = math.sin(beta)
        radius = legs.geometry.foot_radius_m
        loads = list(report.leg_loads_n)
        extra_travel = [0.0] * legs.count
        torque = torque_u
        for i, gap in enumerate(self.contact.foot_gaps()):
            if gap is None:
                continue
            arm = radius * self.leg_sin[i]
            # how far leaning out of the plane pushes this foot into the deck (or lifts it)
            push = arm * sin_beta - (0.0 if report.legs_in_contact[i] else gap)
            if push <= 0.0 and not report.legs_in_contact[i]:
                continue
            extra_travel[i] = push
            if legs.state[i] is LegState.LOCKED:
                extra = legs.stiffness_npm * push + legs.damping_nspm * arm * beta_rate
                extra = max(extra, -loads[i])
                loads[i] += extra
                torque -= extra * arm
        normal = sum(loads) + report.structure_load_n
        lever = m.com_station_m - legs.geometry.deployed_station_m
        torque += normal * lever * sin_beta
        vp1 = vp + dt_s * (force_p + normal * n_p) / mass
        wu1 = wu + dt_s * torque / inertia
        wz1 = wz + dt_s * torque_z / m.inertia_roll_kgm2
        if normal > 0.0:
            limit = legs.foot_friction * normal * dt_s
            slip = vp1 - lever * wu1 - deck_v[2]
            j = -slip / (1.0 / mass + lever * lever / inertia)
            j = max(-limit, min(limit, j))
            vp1 += j / mass
            wu1 -= lever * j / inertia
            spin = (wz1 - deck_w[1]) * m.inertia_roll_kgm2
            spin = max(-limit * radius, min(limit * radius, spin))
            wz1 -= spin / m.inertia_roll_kgm2
        return vp1, wu1, wz1, loads, extra_travel, beta

    def _update_legs(self, loads, extra_travel, beta: float) -> None:
        """Travel, 3D feet and loads of the legs after the step."""
        legs, pc, geo = self.world.legs, self.contact, self.world.legs.geometry
        (ay, az), (oy, oz) = self._across_body, self._out_body
        feet = []
        for i in range(legs.count):
            travel = pc.foot_travel(i)
            if travel is not None:
                legs.travel_m[i] = max(travel + extra_travel[i], legs.crushed_travel_m[i])
            station, radius = geo.station_radius(legs.travel_m[i])
            # across the plane as in 2D (the straight groove); out of it along the hinge's arc
            across = geo.foot_radius_m * self.leg_cos[i] if travel is not None else (
                radius * self.leg_cos[i])
            out = radius * self.leg_sin[i]
            feet.append((station, across * ay + out * oy, across * az + out * oz))
        legs.contact_feet_body = feet
        legs.record_loads(loads)
        self.lean_out_deg = math.degrees(beta)

    def _update_status(self, state, report, t_s: float) -> None:
        ship, com = self.world.ship, state[0:3]
        surface = ship.surface_at(t_s, com)
        n = surface.normal
        axis = quat_rotate(state[6:10], 1.0, 0.0, 0.0)
        height = ship.deck_local(t_s, com)[2]
        rel, rel_w = relative_motion(state, surface, height)
        legs = self.world.legs
        failure = legs.first_failure
        cos_tilt = sum(a * b for a, b in zip(axis, n, strict=True))
        self.status = ContactStatus(
            tilt_deg=math.degrees(math.acos(max(-1.0, min(1.0, cos_tilt)))),
            speed_mps=math.sqrt(sum(c * c for c in rel)),
            rate_degps=math.degrees(math.sqrt(sum(c * c for c in rel_w))),
            com_height_m=height,
            feet_in_contact=sum(report.legs_in_contact),
            structure_impact_mps=report.structure_impact_mps,
            structure_touching=report.structure_load_n > 0.0,
            legs_intact=all(legs.intact(i) for i in range(legs.count)),
            leg_failure=f"leg {failure[0]} {failure[1]}" if failure else "",
        )
        lowest = min(legs.travel_m) + legs.geometry.deployed_station_m
        self.clearance_m = height - (self.world.mass.com_station_m - lowest)
        self.rising = sum(rel[k] * n[k] for k in range(3)) > 0.0

    def _first_touch(self, fc, motion, p: float, t0: float) -> Touchdown:
        w, frame = self.world, self.frame
        vp, wu, wz = motion
        velocity = frame.vector_from_plane(fc.com_velocity[0], fc.com_velocity[1], vp)
        point = frame.point_from_plane(fc.point[0], fc.point[1], p)
        t = t0 + fc.substep_end_s
        com = w.state[0:3]
        along, across, _ = w.ship.deck_local(t, com)
        rate = math.sqrt(fc.angular_velocity_radps**2 + wu * wu + wz * wz)
        return _figures(w, t, point, velocity, w.state[6:10], rate, (along, across), fc.part,
                        w.ship.surface_at(t, point))


def _unit(y: float, z: float) -> tuple[float, float]:
    n = math.hypot(y, z) or 1.0
    return (y / n, z / n)


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
