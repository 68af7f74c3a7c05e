"""The touchdown in a vertical tipping plane, solved by pymunk (the only module that imports it).

pymunk is 2D. From just before the first contact, the stage is simulated in one vertical plane
through its axis, the *tipping plane*, whose azimuth the touchdown model chooses from what can
overturn the stage (game/sim/touchdown_plane.py). Its frame (``PlaneFrame``, u along the plane,
z up, p across it) and the records traded here (``LegSlot``, ``StepReport``, ``FirstContact``)
are in game/sim/contact_plane.py; pymunk's x, y are (u, z), its positive rotation is about +p.

Bodies, added in this fixed order:
1. the deck: a KINEMATIC box (the deck's line in the plane, with the hull's depth below it),
   moved by velocity only: each step its velocity and angular velocity are set to carry it
   exactly onto the ship model's pose at the end of the step, so it never teleports and never
   drifts from the sea-state motion (``drive_deck``);
2. the stage: a dynamic body with the stage's mass less its feet's, its inertia about p less
   theirs, its centre of gravity at the right station, and a box (the body and the engine
   section, as wide as the stage in every plane, from the nozzle exit to the top) that strikes
   the deck too;
3. one foot body per deployed leg, with a circular pad, on a groove joint (the leg's hinge and
   strut seen from the plane: the foot can only rise along the stage's axis as the leg turns up
   about its hinge) and turned with the stage by a gear joint (ratio 1). The strut's force law
   (game/sim/legs.py: spring, damper, crush core, collet, pusher) pushes the foot down the
   groove and the stage up (game/sim/contact_struts.py, every sub-step); the groove's lower
   end is the strut's stop, and it moves up as the core crushes. Half of a leg's mass moves
   with its foot, half with the stage.
The foot's small outward swing as it rises is left out here (it would make friction lock the
in-plane feet but not the others); the touchdown model draws it in 3D out of the plane.

Feet that lie off the plane are projected into it: a leg at angle phi from the plane's u axis
has its foot at u = R cos(phi) (two legs may share a place; each has its own foot body).
The out-of-plane part of the motion is solved by the touchdown model, not here
(game/sim/touchdown_out_of_plane.py).

Units and settings: metres, kilograms, seconds throughout. ``space.collision_slop`` is
``COLLISION_SLOP_M`` (1 mm) and each pad's circle is that much larger than the pad, so a pad
resting within the slop leaves its sole on the deck. ``space.threads = 1``; bodies, shapes and
joints are added in a fixed order; every step is split into at least ``MIN_SUBSTEPS``
sub-steps, more when anything could move more than half the deck's thickness in one (no
tunnelling). Overlap is removed at ``OVERLAP_CORRECTION_PER_SUBSTEP`` a sub-step (pymunk moves
positions for that, without adding velocity). Contact friction is Coulomb's with the pad's
coefficient (the deck's is 1). The strut's damping is implicit (stable at any sub-step).
"""

from __future__ import annotations

import math

import pymunk

from game.sim.contact_plane import FirstContact, LegSlot, StepReport, on_groove
from game.sim.contact_struts import apply_struts

COLLISION_SLOP_M = 0.001
MIN_SUBSTEPS = 3
SOLVER_ITERATIONS = 20
OVERLAP_CORRECTION_PER_SUBSTEP = 0.2  # fraction of a penetration removed per sub-step
STRUCTURE_FRICTION = 0.5  # the stage's skin and engines on the deck [E]
STAGE_GROUP = 1
CT_DECK, CT_STAGE, CT_FOOT = 1, 2, 10  # leg i's foot: CT_FOOT + i


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
        self.deck = self._add_deck(deck_span_m, deck_thickness_m, deck_pose)
        self.foot_mass_kg = 0.5 * legs.leg_mass_kg
        self.core = self._add_stage(stage_radius_m, stage_length_m)
        self.slots = slots
        self.feet: list[pymunk.Body | None] = [None] * legs.count
        self.grooves: list[pymunk.GrooveJoint | None] = [None] * legs.count
        self.groove_low_m = [0.0] * legs.count  # each groove's stop (the crushed travel)
        for slot in slots:
            self._add_foot(slot)
        self.foot_impulse_ns = [0.0] * legs.count  # each foot's normal impulse this step
        self.bore_last_step = [False] * legs.count  # each foot bore on the deck last step
        self._structure_impulse = self._structure_impact = 0.0
        self._first: FirstContact | None = None
        self._substep_end_s = 0.0
        self.mass_kg = self.moment_kgm2 = self.com_station_m = 0.0
        for slot in slots:
            space.on_collision(CT_FOOT + slot.index, CT_DECK, begin=self._foot_begin,
                               post_solve=self._foot_post, data=slot.index)
        space.on_collision(CT_STAGE, CT_DECK, begin=self._stage_begin,
                           post_solve=self._stage_post)

    def _add_deck(self, span_m: tuple[float, float], thickness_m: float,
                  pose: tuple[float, float, float]) -> pymunk.Body:
        """The deck: a kinematic box, its top the deck's line, ``thickness_m`` deep."""
        deck = pymunk.Body(body_type=pymunk.Body.KINEMATIC)
        deck.position = pose[0:2]
        deck.angle = pose[2]
        lo, hi = span_m
        box = pymunk.Poly(deck, [(lo, -thickness_m), (hi, -thickness_m), (hi, 0.0), (lo, 0.0)])
        box.friction = 1.0
        box.collision_type = CT_DECK
        self.space.add(deck, box)
        return deck

    def _add_stage(self, radius_m: float, length_m: float) -> pymunk.Body:
        """The stage body (mass set by ``set_mass``) and its box, nozzle exit to top."""
        core = pymunk.Body(1.0, 1.0)
        r = radius_m
        box = pymunk.Poly(core, [(-r, 0.0), (r, 0.0), (r, length_m), (-r, length_m)])
        box.friction = STRUCTURE_FRICTION
        box.collision_type = CT_STAGE
        box.filter = pymunk.ShapeFilter(group=STAGE_GROUP)
        self.space.add(core, box)
        return core

    def _add_foot(self, slot: LegSlot) -> None:
        """Leg ``slot``'s foot: a pad on a groove joint (stop at the crushed travel, up to the
        fold limit) and a gear joint that turns it with the stage."""
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
        self.feet[i], self.grooves[i], self.groove_low_m[i] = foot, groove, low

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
        moment = max(moment, 0.1 * moment_kgm2)  # (never for a real stage: feet are light)
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
            low = self.groove_low_m[slot.index]
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
        self.foot_impulse_ns = [0.0] * count
        self._structure_impulse = self._structure_impact = 0.0
        self._first = None
        for k in range(n):
            self._substep_end_s = (k + 1) * h
            apply_struts(self, h, force_n, torque_nm, time_s + k * h)
            self.space.step(h)
        loads = tuple(j / dt_s for j in self.foot_impulse_ns)
        self.bore_last_step = [j != 0.0 for j in self.foot_impulse_ns]
        return StepReport(loads, tuple(j > 0.0 for j in self.foot_impulse_ns),
                          self._structure_impulse / dt_s, self._structure_impact, self._first)

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
        self.foot_impulse_ns[leg] -= j[0] * n[0] + j[1] * n[1]

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

