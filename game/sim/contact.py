"""The touchdown in a vertical tipping plane, solved by pymunk (the only module that imports it).

pymunk is 2D. From the first approach to the deck, the stage is simulated in one vertical plane
through its axis, the *tipping plane*, whose azimuth the touchdown model chooses from what can
overturn the stage (game/sim/touchdown.py). ``PlaneFrame`` maps world vectors into the plane:
u horizontal along it, z up, and p = u x z across it (out of the plane). pymunk's x, y are
(u, z); its positive rotation is about +p.

Bodies, added in this fixed order:
1. the deck: a KINEMATIC box (the deck line seen in the plane, with the deck's thickness below
   it), moved by velocity only: each step its velocity and angular velocity are set to carry it
   exactly onto the ship model's pose at the end of the step, so it never teleports and never
   drifts from the sea-state motion (``drive_deck``);
2. the stage: a dynamic body with the stage's mass less the feet's, its inertia about p, its
   centre of gravity at the right station, and a box shape (the body and engine section: the
   width of the stage in every plane, from the nozzle exit to the top) that hits the deck too;
3. one foot body per deployed leg, on a groove joint along the path its foot takes as the leg
   turns about its hinge (the hinge's arc seen in the plane, straightened over the crush and
   fold travel), turned with the stage by a gear joint (ratio 1), with a circular pad. The
   strut (game/sim/legs.py: spring, crush core, collet, pusher) pushes the foot down the
   groove; the groove's lower end is the strut's stop and moves up as the core crushes. Half
   a leg's mass moves with its foot, half with the stage.

Feet that lie off the plane are projected into it: a leg at angle phi from the plane's u axis
has its foot at u = R cos(phi) (two legs may share a place; each has its own foot body).
The out-of-plane part of the motion is solved by the touchdown model, not here.

Units and settings: metres, kilograms, seconds throughout. ``space.collision_slop`` is
``COLLISION_SLOP_M`` (1 mm); each pad's collision circle is that much larger than the pad so
that at rest the sole sits on the deck. ``space.threads = 1``; bodies, shapes and joints are
added in a fixed order; every step is split into at least ``MIN_SUBSTEPS`` sub-steps and more
when anything could move more than half the deck's thickness in one (no tunnelling). Contact
friction is Coulomb's, with the pad's coefficient (the deck's is 1). The strut's damping is
applied implicitly, so it is stable at any sub-step.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import pymunk

COLLISION_SLOP_M = 0.001
MIN_SUBSTEPS = 3
SOLVER_ITERATIONS = 20
OVERLAP_CORRECTION_PER_SUBSTEP = 0.2  # fraction of a penetration removed per sub-step
STRUCTURE_FRICTION = 0.5  # the stage's skin and engines on the deck [E]
STAGE_GROUP = 1
CT_DECK, CT_STAGE, CT_FOOT = 1, 2, 10  # leg i's foot: CT_FOOT + i


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
        o = self.origin
        return self.vector_to_plane((p[0] - o[0], p[1] - o[1], p[2] - o[2]))

    def vector_from_plane(self, u: float, z: float, p: float) -> tuple[float, float, float]:
        (cu, su, _), (cp, sp, _) = self.e_u, self.e_p
        return (u * cu + p * cp, u * su + p * sp, z)

    def point_from_plane(self, u: float, z: float, p: float) -> tuple[float, float, float]:
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
    part: str  # "leg 2", "stage"
    point: tuple[float, float]  # in the plane (u, z)
    com_velocity: tuple[float, float]
    angular_velocity_radps: float
    substep_end_s: float  # time into the step


class StepReport(NamedTuple):
    leg_loads_n: tuple[float, ...]  # normal load on each foot (0 for legs without one)
    legs_in_contact: tuple[bool, ...]
    structure_load_n: float  # normal load of the stage's own box on the deck
    structure_impact_mps: float  # fastest first strike of the box this step (0: none)
    first_contact: FirstContact | None


def new_space(gravity_mps2: tuple[float, float], substep_s: float) -> pymunk.Space:
    """A pymunk space with this model's settings (see the module docstring)."""
    space = pymunk.Space()
    space.threads = 1
    space.iterations = SOLVER_ITERATIONS
    space.gravity = gravity_mps2
    space.collision_slop = COLLISION_SLOP_M
    space.collision_bias = (1.0 - OVERLAP_CORRECTION_PER_SUBSTEP) ** (1.0 / substep_s)
    return space


class PlaneContact:
    """Deck, stage and feet in one pymunk space (see the module docstring).

    ``legs`` is the LegSet: its force law drives the struts and its crush state moves the
    grooves' stops. Call ``set_mass`` and ``set_stage`` (or ``place`` the first time),
    ``drive_deck``, then ``step``; read back with ``stage_state`` and ``foot_travel``.
    """

    def __init__(self, *, legs, slots: list[LegSlot], stage_radius_m: float,
                 stage_length_m: float, deck_span_m: tuple[float, float],
                 deck_thickness_m: float, deck_pose: tuple[float, float, float],
                 gravity_mps2: tuple[float, float], dt_s: float) -> None:
        self.legs = legs
        self.deck_thickness_m = deck_thickness_m
        self.stage_length_m = stage_length_m
        self.space = space = new_space(gravity_mps2, dt_s / MIN_SUBSTEPS)
        self.deck = pymunk.Body(body_type=pymunk.Body.KINEMATIC)
        self.deck.position = deck_pose[0:2]
        self.deck.angle = deck_pose[2]
        lo, hi = deck_span_m
        deck_box = pymunk.Poly(self.deck, [(lo, -deck_thickness_m), (hi, -deck_thickness_m),
                                           (hi, 0.0), (lo, 0.0)])
        deck_box.friction = 1.0
        deck_box.collision_type = CT_DECK
        space.add(self.deck, deck_box)
        self.foot_mass_kg = 0.5 * legs.leg_mass_kg
        self.core = pymunk.Body(1.0, 1.0)
        r = stage_radius_m
        box = pymunk.Poly(self.core, [(-r, 0.0), (r, 0.0), (r, stage_length_m),
                                      (-r, stage_length_m)])
        box.friction = STRUCTURE_FRICTION
        box.collision_type = CT_STAGE
        box.filter = pymunk.ShapeFilter(group=STAGE_GROUP)
        space.add(self.core, box)
        self.slots = slots
        self.feet: list[pymunk.Body | None] = [None] * legs.count
        self._grooves: list[pymunk.GrooveJoint | None] = [None] * legs.count
        self._groove_low = [0.0] * legs.count
        for slot in slots:
            self._add_foot(slot)
        self._impulse = [0.0] * legs.count
        self._structure_impulse = self._structure_impact = 0.0
        self._first: FirstContact | None = None
        self._substep_end_s = 0.0
        self.mass_kg = self.moment_kgm2 = self.com_station_m = 0.0
        for slot in slots:
            space.on_collision(CT_FOOT + slot.index, CT_DECK, begin=self._foot_begin,
                               post_solve=self._foot_post, data=slot.index)
        space.on_collision(CT_STAGE, CT_DECK, begin=self._stage_begin,
                           post_solve=self._stage_post)

    def _add_foot(self, slot: LegSlot) -> None:
        legs, i = self.legs, slot.index
        pad = legs.foot_pad_radius_m
        foot = pymunk.Body(self.foot_mass_kg, 0.5 * self.foot_mass_kg * pad * pad)
        shape = pymunk.Circle(foot, pad + COLLISION_SLOP_M, (0.0, pad))
        shape.friction = legs.foot_friction
        shape.collision_type = CT_FOOT + i
        shape.filter = pymunk.ShapeFilter(group=STAGE_GROUP)
        low = legs.crushed_travel_m[i]
        groove = pymunk.GrooveJoint(self.core, foot, on_groove(slot, low),
                                    on_groove(slot, legs.geometry.fold_limit_m), (0.0, 0.0))
        gear = pymunk.GearJoint(self.core, foot, 0.0, 1.0)
        self.space.add(foot, shape, groove, gear)
        self.feet[i], self._grooves[i], self._groove_low[i] = foot, groove, low

    # ---- state in and out ---------------------------------------------------------------
    def set_mass(self, mass_kg: float, moment_kgm2: float, com_station_m: float) -> None:
        """The whole stage's mass, transverse inertia and centre of mass (feet included, in
        their deployed places); the stage body gets what the feet do not carry."""
        if (mass_kg, moment_kgm2, com_station_m) == (
                self.mass_kg, self.moment_kgm2, self.com_station_m):
            return
        mf = self.foot_mass_kg
        feet = [s.anchor for s in self.slots]
        core_mass = mass_kg - mf * len(feet)
        cog = (mass_kg * com_station_m - mf * sum(a[1] for a in feet)) / core_mass
        moment = moment_kgm2 - sum(mf * (a[0] ** 2 + (a[1] - com_station_m) ** 2) for a in feet)
        moment -= core_mass * (cog - com_station_m) ** 2
        core = self.core
        core.mass, core.moment = core_mass, moment
        core.center_of_gravity = (0.0, cog)
        self.mass_kg, self.moment_kgm2, self.com_station_m = mass_kg, moment_kgm2, com_station_m

    def place(self, u: float, z: float, angle_rad: float, vu: float, vz: float,
              omega_radps: float) -> None:
        """Put the stage's centre of mass at (u, z) with this motion, the feet at their
        slots' travel, moving with it (only when the model is built)."""
        self.set_stage(u, z, angle_rad, vu, vz, omega_radps)
        core = self.core
        for slot in self.slots:
            foot = self.feet[slot.index]
            low = self._groove_low[slot.index]
            travel = min(max(slot.travel_m, low), self.legs.geometry.fold_limit_m)
            foot.position = core.local_to_world(on_groove(slot, travel))
            foot.angle = angle_rad
            foot.velocity = core.velocity_at_world_point(foot.position)
            foot.angular_velocity = omega_radps

    def set_stage(self, u: float, z: float, angle_rad: float, vu: float, vz: float,
                  omega_radps: float) -> None:
        """Set the stage body from the 6-DOF state (between steps a no-op up to round-off)."""
        core, com = self.core, self.com_station_m
        c, s = math.cos(angle_rad), math.sin(angle_rad)
        core.angle = angle_rad
        core.position = (u + s * com, z - c * com)
        dy = core.center_of_gravity[1] - com
        core.velocity = (vu - omega_radps * c * dy, vz - omega_radps * s * dy)
        core.angular_velocity = omega_radps

    def stage_state(self) -> tuple[float, float, float, float, float, float]:
        """(u, z, angle, vu, vz, omega) of the stage's centre of mass."""
        core, com = self.core, self.com_station_m
        a = core.angle
        c, s = math.cos(a), math.sin(a)
        ox, oy = core.position
        w = core.angular_velocity
        vx, vy = core.velocity
        dy = com - core.center_of_gravity[1]
        return (ox - s * com, oy + c * com, a, vx - w * c * dy, vy - w * s * dy, w)

    def foot_travel(self, i: int) -> float | None:
        """Leg i's travel (m along the body) as its foot stands now; None without a foot."""
        foot = self.feet[i]
        if foot is None:
            return None
        return self.core.world_to_local(foot.position)[1] - self._slot(i).anchor[1]

    def foot_gaps(self) -> list[float | None]:
        """Height (m) of each foot's sole above the deck line; None for legs without a foot."""
        x, y = self.deck.position
        a = self.deck.angle
        c, s = math.cos(a), math.sin(a)
        out: list[float | None] = [None] * self.legs.count
        for i, foot in enumerate(self.feet):
            if foot is not None:
                fx, fy = foot.position
                out[i] = c * (fy - y) - s * (fx - x)
        return out

    def _slot(self, i: int) -> LegSlot:
        return next(s for s in self.slots if s.index == i)

    def drive_deck(self, u: float, z: float, angle_rad: float, dt_s: float) -> None:
        """Set the deck's velocity so that it reaches this pose at the end of the step."""
        deck = self.deck
        x, y = deck.position
        deck.velocity = ((u - x) / dt_s, (z - y) / dt_s)
        deck.angular_velocity = (angle_rad - deck.angle) / dt_s

    def deck_pose(self) -> tuple[float, float, float]:
        x, y = self.deck.position
        return (x, y, self.deck.angle)

    # ---- the step -------------------------------------------------------------------------
    def substeps(self, dt_s: float) -> int:
        """Enough sub-steps that nothing moves more than half the deck's thickness in one."""
        core, deck = self.core, self.deck
        speed = (abs(core.velocity) + abs(core.angular_velocity) * self.stage_length_m
                 + abs(deck.velocity) + abs(deck.angular_velocity) * 50.0)
        return max(MIN_SUBSTEPS, math.ceil(speed * dt_s / (0.5 * self.deck_thickness_m)))

    def step(self, dt_s: float, force_n: tuple[float, float], torque_nm: float,
             time_s: float) -> StepReport:
        """Advance one step under an external force (at the centre of mass, in the plane),
        a torque about p and gravity; ``time_s`` is the time at the start of the step."""
        n = self.substeps(dt_s)
        h = dt_s / n
        count = self.legs.count
        self._impulse = [0.0] * count
        self._structure_impulse = self._structure_impact = 0.0
        self._first = None
        for k in range(n):
            self._substep_end_s = (k + 1) * h
            self._apply_forces(h, force_n, torque_nm, time_s + k * h)
            self.space.step(h)
        loads = tuple(j / dt_s for j in self._impulse)
        return StepReport(loads, tuple(j > 0.0 for j in self._impulse),
                          self._structure_impulse / dt_s, self._structure_impact, self._first)

    def _apply_forces(self, h: float, force_n, torque_nm: float, time_s: float) -> None:
        """Strut forces on every foot and their reactions, plus the external wrench."""
        core, legs = self.core, self.legs
        a = core.angle
        c, s = math.cos(a), math.sin(a)
        ox, oy = core.position
        cg = core.center_of_gravity[1]
        cgx, cgy = ox - s * cg, oy + c * cg
        vx, vy = core.velocity
        w = core.angular_velocity
        com = self.com_station_m
        fx, fy = force_n
        torque = torque_nm + (-s * com - (cgx - ox)) * fy - (c * com - (cgy - oy)) * fx
        mf = self.foot_mass_kg
        for slot in self.slots:
            i = slot.index
            foot = self.feet[i]
            px, py = foot.position
            travel = -s * (px - ox) + c * (py - oy) - slot.anchor[1]
            dxl, dyl = slot.direction
            dwx, dwy = c * dxl - s * dyl, s * dxl + c * dyl
            fvx, fvy = foot.velocity
            rate = ((fvx - vx + w * (py - cgy)) * dwx + (fvy - vy - w * (px - cgx)) * dwy) * dyl
            # the mass the strut's damper moves: the foot's alone in the air; on the deck, the
            # stage's share
            mass = (mf if self._impulse[i] == 0.0 else 0.25 * core.mass) / (dyl * dyl)
            force = legs.foot_force(i, travel, rate, h, mass, time_s)
            low = legs.crushed_travel_m[i]
            if low != self._groove_low[i]:
                self._grooves[i].groove_a = on_groove(slot, low)
                self._groove_low[i] = low
            if force <= 0.0:
                continue
            g = force * dyl
            gx, gy = g * dwx, g * dwy
            foot.force = (-gx, -gy)
            fx += gx
            fy += gy
            torque += (px - cgx) * gy - (py - cgy) * gx
        core.force = (fx, fy)
        core.torque = torque

    # ---- collision callbacks (pymunk calls them inside space.step) ----------------------
    def _record_first(self, part: str, arbiter: pymunk.Arbiter) -> None:
        if self._first is not None:
            return
        point = arbiter.contact_point_set.points[0].point_b
        core = self.core
        v = core.velocity_at_local_point((0.0, self.com_station_m))
        self._first = FirstContact(part, (point[0], point[1]), (v[0], v[1]),
                                   core.angular_velocity, self._substep_end_s)

    def _foot_begin(self, arbiter: pymunk.Arbiter, space, leg: int) -> None:
        self._record_first(f"leg {leg + 1}", arbiter)

    def _foot_post(self, arbiter: pymunk.Arbiter, space, leg: int) -> None:
        j, n = arbiter.total_impulse, arbiter.normal
        self._impulse[leg] -= j[0] * n[0] + j[1] * n[1]

    def _stage_begin(self, arbiter: pymunk.Arbiter, space, data) -> None:
        self._record_first("stage", arbiter)
        point = arbiter.contact_point_set.points[0].point_a
        v = self.core.velocity_at_world_point(point)
        d = self.deck.velocity_at_world_point(point)
        n = arbiter.normal
        speed = (v[0] - d[0]) * n[0] + (v[1] - d[1]) * n[1]
        self._structure_impact = max(self._structure_impact, speed)

    def _stage_post(self, arbiter: pymunk.Arbiter, space, data) -> None:
        j, n = arbiter.total_impulse, arbiter.normal
        self._structure_impulse -= j[0] * n[0] + j[1] * n[1]

    # ---- for tests ------------------------------------------------------------------------
    def mechanical_energy_j(self) -> float:
        """Kinetic + gravitational (about the plane's origin) + strut energy of the stage."""
        gx, gy = self.space.gravity
        energy = 0.0
        for body in [self.core, *(f for f in self.feet if f is not None)]:
            x, y = body.local_to_world(body.center_of_gravity)
            vx, vy = body.velocity
            w = body.angular_velocity
            energy += 0.5 * (body.mass * (vx * vx + vy * vy) + body.moment * w * w)
            energy -= body.mass * (gx * x + gy * y)
        for slot in self.slots:
            energy += self.legs.elastic_energy_j(slot.index, self.foot_travel(slot.index))
        return energy


def on_groove(slot: LegSlot, travel_m: float) -> tuple[float, float]:
    """Stage-local point of leg ``slot``'s foot at this travel."""
    (ax, ay), (dx, dy) = slot.anchor, slot.direction
    k = travel_m / dy
    return (ax + k * dx, ay + k * dy)
