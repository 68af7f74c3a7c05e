"""A simple rigid contact: the first touch of the deck, the pad or the sea ends free flight.

Model: contact points are the engine bells (a ring at the nozzle exit plane) and, once they
start to open, the feet of the landing legs. Near the sea, every step, each point is tested
against the ship's deck plane (``Ship.surface_at``) inside the deck rectangle, and against the
sea (or, around a land pad, the ground) at sea level. The first point that reaches a surface
records the touchdown figures relative to the deck and the level's success rules give the
verdict. The full touchdown model (legs, crush cores, a rocking deck under the stage, tipping)
replaces this verdict with what happens after first contact.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from game.sim import earth
from game.sim.outcome import Outcome, Touchdown, judge_touchdown
from game.sim.rigid_body import quat_rotate

if TYPE_CHECKING:
    from game.sim.world import World

NEAR_SURFACE_M = 150.0  # contact is only tested below this height above the sea
BELL_RING_RADIUS_M = 1.5


class RigidContact:
    """First-contact detection and the touchdown verdict for a World."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.bell_points = [(0.0, 0.0, 0.0)] + [
            (0.0, BELL_RING_RADIUS_M * math.cos(a), BELL_RING_RADIUS_M * math.sin(a))
            for a in (0.0, 0.5 * math.pi, math.pi, 1.5 * math.pi)
        ]

    def _points_world(self):
        w = self.world
        s, com = w.state, w.mass.com_station_m
        points = list(self.bell_points)
        if w.legs.deploy_fraction > 0.0:
            points += w.legs.foot_points_body()
        q = s[6:10]
        for station, y, z in points:
            dx, dy, dz = quat_rotate(q, station - com, y, z)
            yield (s[0] + dx, s[1] + dy, s[2] + dz)

    def check(self) -> None:
        """End the flight at the first contact with the deck, the pad, the ground or the sea."""
        w = self.world
        if w._last.altitude_m > NEAR_SURFACE_M + 60.0:
            return
        t = w.time_s
        for point in self._points_world():
            on_deck = w.ship.on_deck(t, point)
            if on_deck and point[2] <= w.ship.surface_at(t, point).height_m:
                self._touch(point, True)
                return
            if earth.altitude_m(*point) <= 0.0:
                if w.land_pad:
                    self._touch(point, False)
                else:
                    w._end(Outcome.SPLASHED, "fell into the sea")
                return

    def _touch(self, point, on_deck: bool) -> None:
        w = self.world
        surface = w.ship.surface_at(w.time_s, point)
        s = w.state
        rel = (s[3] - surface.velocity_mps[0], s[4] - surface.velocity_mps[1],
               s[5] - surface.velocity_mps[2])
        n = surface.normal
        normal_speed = rel[0] * n[0] + rel[1] * n[1] + rel[2] * n[2]
        lateral = math.sqrt(max(sum(c * c for c in rel) - normal_speed**2, 0.0))
        axis = quat_rotate(s[6:10], 1.0, 0.0, 0.0)
        up = earth.local_up(s[0], s[1], s[2])
        tilt = math.degrees(math.acos(max(-1.0, min(1.0, sum(a * u for a, u in zip(
            axis, up, strict=True))))))
        along, across, _ = w.ship.deck_local(w.time_s, (s[0], s[1], s[2]))
        td = Touchdown(
            vertical_speed_mps=-normal_speed,
            lateral_speed_mps=lateral,
            tilt_deg=tilt,
            angular_rate_degps=math.degrees(math.sqrt(sum(c * c for c in s[10:13]))),
            distance_from_center_m=math.hypot(along, across),
            on_deck=on_deck,
            legs_deployed=w.legs.deployed,
            time_s=w.time_s,
        )
        w.touchdown = td
        outcome, reason = judge_touchdown(td, w.level.spec.success, w.land_pad)
        w._end(outcome, reason)
