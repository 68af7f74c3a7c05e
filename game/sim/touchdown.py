"""Touchdown: the hand-over from free flight to the contact model, and the verdict.

``TouchdownModel`` is the World's contact model (``World.contact``). In free flight, below
``NEAR_SURFACE_M`` (+ 60 m), ``check`` watches the feet (once they start to open) and rings of
``RING_POINTS`` points at the base and the top of the stage. A point that reaches the sea away
from the ship ends the flight (splashed; beside a land pad: missed). When a point over the
deck comes within ``ACTIVATION_GAP_M`` plus ``ACTIVATION_STEPS`` steps of closing speed of the
deck, the contact phase starts, a step before contact so the contact model sees the whole
impact: from then on the World integrates the stage through ``TouchdownModel.integrate``
instead of the free-flight integrator, until the verdict (game/sim/outcome.py) or until the
stage climbs ``LIFT_OFF_GAP_M`` off the deck again, rising with no foot or structure touching.

The contact phase is a sequence of tipping planes (game/sim/touchdown_episode.py): the first
chosen from what can overturn the stage, open collets included (game/sim/touchdown_plane.py);
the in-plane motion solved by pymunk (game/sim/contact.py), the rest on floats
(game/sim/touchdown_out_of_plane.py). A lean out of the plane past ``REPLAN_TILT_DEG`` (the
springs could not hold it: the stage is tipping another way), at most every
``REPLAN_INTERVAL_S``, re-chooses the plane from the stage's lean and rate and rebuilds the
pymunk model from the 6-DOF state. The results go back into the 6-DOF state every step, so the
stage slides, settles, rocks with the deck, tips over or falls off the edge in the World like
in flight.

The verdict each step in contact (after the first touch) is ``outcome.Verdict``'s, from the
status measured relative to the deck (game/sim/touchdown_measure.py), refined here: on a ship,
tipping over with the centre of mass off the deck is falling off it; by a land pad, standing
beside it is a miss; the lowest point reaching the sea beside a ship is falling into it. A
breaking-up or tipping verdict starts the explosion (``fire_state``). Units: SI.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import TYPE_CHECKING

from game.sim import earth
from game.sim.outcome import EXPLODES, Outcome, Touchdown, Verdict, limits_exceeded
from game.sim.rigid_body import quat_rotate
from game.sim.touchdown_episode import Episode
from game.sim.touchdown_measure import free_flight_touchdown
from game.sim.touchdown_plane import overturning_azimuth

if TYPE_CHECKING:
    from game.sim.world import World

NEAR_SURFACE_M = 150.0  # contact is only watched below this height above the sea
ACTIVATION_GAP_M = 1.0
ACTIVATION_STEPS = 2.0
LIFT_OFF_GAP_M = 5.0  # the contact phase ends when the stage climbs this far off the deck
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
        if w.touchdown is None:
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
        if self.touched:
            verdict = self.verdict.update(status, w.dt_s)
            if verdict is not None:
                off = not w.ship.on_deck(w.time_s, w.state[0:3])
                if w.land_pad and verdict[0] in (Outcome.LANDED, Outcome.LANDED_HARD) and off:
                    self._missed(w.state[0:3])  # standing, but on the ground beside the pad
                    return
                if not w.land_pad and verdict[0] == Outcome.TIPPED_OVER and off:
                    verdict = (Outcome.FELL_OFF, "tipped over the edge of the deck")
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

