"""Particle effects: RCS puffs, plume impingement, sea spray, explosions and fire.

Everything here is visual only: it reads ``FrameState``s and draws from its own
``numpy.random.Generator`` (seeded once), so drawing never touches the simulation's
generator or trajectory. Particles (``particles.Particles``) live in the world frame and are
drawn as instanced billboards: ``glow`` additive (fire, sparks), ``smoke`` blended (smoke,
steam, spray, RCS puffs).

Emitters, per frame, scaled by the frame's simulated time step (no emission while paused; a
jump back in time, i.e. a restart, clears everything):
- RCS: cold-gas puffs from the four pods at the RCS station, away from the force each
  command asks for (signs as ``game.sim.rcs``), 120 puffs/s at full command.
- Impingement: where the centre plume reaches the deck, pad or sea, a ring of smoke (deck,
  pad) or steam and spray (sea) thrown out along the surface.
- Sea spray: from the drone ship's hull at the waterline, at a rate proportional to the
  significant wave height (from the same wave components), within 3 km of the eye.
- Explosion: when the Snapshot's ``fire_state`` turns to "explosion" (the touchdown model:
  tipped over, broke up on impact), when the stage breaks up in flight, or, for a Snapshot
  without ``fire_state``, when the outcome becomes one of ``FIRE_OUTCOMES``: a fireball,
  debris sparks, a smoke cloud and (at sea) a water column; then a fire at the stage's base
  decaying over ``FIRE_DECAY_S`` from ``fire_start_s``, with a smoke column (a stage broken
  up in the air leaves no fire). ``fire_intensity_norm`` / ``fire_position_m``, if a
  Snapshot carries them, drive the fire instead.
"""

from __future__ import annotations

import math

import numpy as np

from game.render.math3d import quat_to_matrix
from game.render.particles import Particles, random_unit_vectors

FIRE_OUTCOMES = ("crashed", "missed", "splashed", "broke_up", "tipped_over", "fell_off_deck")
FIRE_DECAY_S = 45.0
MAX_FRAME_DT_S = 0.1
SPRAY_RANGE_M = 3000.0


class Effects:
    """All particle emitters and the fire's state for one scene."""

    def __init__(self, scene, seed: int = 20150110) -> None:
        self.scene = scene
        self.rng = np.random.default_rng(seed)
        self.glow = Particles(2500)  # additive: fire, sparks
        self.smoke = Particles(3500)  # alpha-blended: smoke, steam, spray, puffs
        amps = [w[0] for w in scene.wave_components] if not scene.is_land_pad else []
        self.hs_m = 4.0 * math.sqrt(sum(0.5 * a * a for a in amps)) if amps else 0.0
        self.reset()

    def reset(self) -> None:
        self.glow.clear()
        self.smoke.clear()
        self.last_time_s: float | None = None
        self.fire_start_s: float | None = None
        self.fire_position: np.ndarray | None = None
        self.fire_level = 0.0
        self.stage_visible = True
        self.time_s = 0.0

    # ------------------------------------------------------------------ per frame
    def update(self, state, eye: np.ndarray, up: np.ndarray, surface_z_m: float) -> None:
        """Advance to ``state.time_s`` and emit; ``surface_z_m``: deck or sea under the stage."""
        t = state.time_s
        first = self.last_time_s is None or t < self.last_time_s - 1e-9
        if first:
            self.reset()
            self.last_time_s = t
        dt = min(max(t - self.last_time_s, 0.0), MAX_FRAME_DT_S)
        self.last_time_s = t
        self.time_s = t
        if self.fire_start_s is None and self._burning(state):
            start = state.fire_start_s if state.fire_start_s >= 0.0 else t
            # a burst only when seen as it happens (not when joining a flight already over)
            self._ignite(state, start, explode=not first and t - start < 1.0)
        self._fire_level(state, t)
        if dt > 0.0:
            rot = quat_to_matrix(state.stage_attitude_wxyz)
            if self.stage_visible:
                self._rcs(state, rot, dt)
                self._impingement(state, rot, surface_z_m, dt, up)
            self._spray(state, eye, dt, up)
            self._fire(dt, up)
            self.glow.step(dt, up)
            self.smoke.step(dt, up)

    @staticmethod
    def _burning(state) -> bool:
        """The sim's ``fire_state`` when it reports one; else the outcome says it."""
        if state.outcome == "broke_up":
            return True
        if state.fire_state is not None:
            return state.fire_state not in ("", "none")
        return state.outcome in FIRE_OUTCOMES

    def _fire_level(self, state, t: float) -> None:
        if state.fire_intensity_norm is not None:
            self.fire_level = state.fire_intensity_norm
            if state.fire_position_m is not None:
                self.fire_position = state.fire_position_m
            elif self.fire_position is None:
                self.fire_position = self._base(state)
        elif self.fire_start_s is not None and self.stage_visible:
            self.fire_level = math.exp(-(t - self.fire_start_s) / FIRE_DECAY_S)
        else:
            self.fire_level = 0.0

    def _base(self, state) -> np.ndarray:
        rot = quat_to_matrix(state.stage_attitude_wxyz)
        return state.stage_position_m + rot[:, 0] * (4.0 - state.com_station_m)

    # ------------------------------------------------------------------ emitters
    def _rcs(self, state, rot, dt: float) -> None:
        p, y, r = state.rcs_firing
        if p == 0.0 and y == 0.0 and r == 0.0:
            return
        radius = 0.5 * self.scene.stage_diameter_m + 0.2
        station = self.scene.rcs_station_m - state.com_station_m
        ey, ez = np.array([0.0, 1.0, 0.0]), np.array([0.0, 0.0, 1.0])
        jets = []  # (pod radial direction, gas direction, strength), body frame
        if p:
            s = math.copysign(1.0, p)
            jets.append((s * ez, s * ez, abs(p)))
        if y:
            s = math.copysign(1.0, y)
            jets.append((-s * ey, -s * ey, abs(y)))
        if r:
            s = math.copysign(1.0, r)
            jets += [(ez, s * ey, abs(r)), (-ez, -s * ey, abs(r))]
        for radial, gas, strength in jets:
            n = self.rng.poisson(120.0 * strength * dt)
            if n == 0:
                continue
            origin = state.stage_position_m + rot @ (np.array([station, 0, 0]) + radius * radial)
            d = rot @ gas
            vel = state.stage_velocity_mps + d * self.rng.uniform(40, 70, (n, 1)) + \
                self.rng.normal(0, 6, (n, 3))
            self.smoke.spawn(np.tile(origin, (n, 1)), vel, self.rng.uniform(0.5, 0.9, n),
                             0.3, 3.5, (0.95, 0.96, 1.0, 0.55), (0.9, 0.9, 0.95, 0.0), drag=3.0)

    def _impingement(self, state, rot, surface_z: float, dt: float, up: np.ndarray) -> None:
        from game.render.plume import plume_shape
        if state.engines_lit <= 0 or state.throttle_norm <= 0.0:
            return
        shape = plume_shape(state.throttle_norm, state.ambient_pressure_pa)
        exit_pt = state.stage_position_m + rot[:, 0] * (0.0 - state.com_station_m)
        d = -rot[:, 0]
        if d[2] > -0.2:
            return
        dist = (exit_pt[2] - surface_z) / -d[2]
        reach = shape.length_m * 1.2
        if not 0.0 < dist < reach:
            return
        n = self.rng.poisson(500.0 * (1.0 - dist / reach) * dt * math.sqrt(state.engines_lit))
        if n == 0:
            return
        hit = exit_pt + d * dist
        ang = self.rng.uniform(0, 2 * math.pi, n)
        radial = np.stack([np.cos(ang), np.sin(ang), np.zeros(n)], 1)
        vel = radial * self.rng.uniform(15, 45, (n, 1)) + up * self.rng.uniform(1, 6, (n, 1))
        on_deck = abs(hit[0] - state.ship_position_m[0]) < 0.5 * self.scene.deck_length_m and \
            abs(hit[1] - state.ship_position_m[1]) < 0.5 * self.scene.deck_width_m
        colour = (0.45, 0.42, 0.38, 0.4) if on_deck or self.scene.is_land_pad else \
            (0.9, 0.92, 0.95, 0.45)
        self.smoke.spawn(hit + radial * 2.0, vel, self.rng.uniform(1.2, 2.6, n), 2.0, 14.0,
                         colour, (*colour[:3], 0.0), drag=1.2, lift=1.5)

    def _spray(self, state, eye: np.ndarray, dt: float, up: np.ndarray) -> None:
        if self.hs_m <= 0.05 or np.linalg.norm(eye - state.ship_position_m) > SPRAY_RANGE_M:
            return
        n = self.rng.poisson(25.0 * self.hs_m * dt)
        if n == 0:
            return
        half_l = 0.5 * self.scene.deck_length_m
        half_w = 0.29 * self.scene.deck_width_m
        side = self.rng.choice([-1.0, 1.0], n)
        local = np.stack([self.rng.uniform(-half_l, half_l, n), side * half_w,
                          np.full(n, -self.scene.deck_height_m)], 1)
        rot = quat_to_matrix(state.ship_attitude_wxyz)
        pos = state.ship_position_m + local @ rot.T
        out = np.outer(side, rot[:, 1]) * self.rng.uniform(1, 3, (n, 1))
        vel = out + up * self.rng.uniform(3, 9, (n, 1)) * min(1.5, 0.5 + self.hs_m / 3.0)
        self.smoke.spawn(pos, vel, self.rng.uniform(1.2, 2.2, n), 0.6, 3.5,
                         (0.92, 0.95, 1.0, 0.5), (0.9, 0.93, 1.0, 0.0), drag=0.8)

    def _ignite(self, state, t: float, explode: bool) -> None:
        self.fire_start_s = t
        broke_up = state.outcome == "broke_up"
        centre = state.stage_position_m.copy() if broke_up else self._base(state)
        self.fire_position = centre
        self.stage_visible = not broke_up
        if explode:
            self._explosion(centre, state, splash=state.outcome == "splashed",
                            size=2.0 if broke_up else 1.0)

    def _explosion(self, centre, state, splash: bool, size: float) -> None:
        rng, up = self.rng, np.array([0.0, 0.0, 1.0])
        n = int(260 * size)
        d = random_unit_vectors(rng, n) + 0.6 * up
        self.glow.spawn(np.tile(centre, (n, 1)) + rng.normal(0, 2, (n, 3)),
                        d * rng.uniform(5, 35, (n, 1)) * size, rng.uniform(0.8, 2.5, n),
                        4.0 * size, 18.0 * size, (0.55, 0.32, 0.1, 0.8), (0.35, 0.08, 0.02, 0.0),
                        drag=1.5, lift=2.0)
        m = int(120 * size)
        self.glow.spawn(np.tile(centre, (m, 1)),
                        random_unit_vectors(rng, m) * rng.uniform(20, 80, (m, 1)),
                        rng.uniform(1.5, 4.0, m), 0.5, 0.25, (1.0, 0.75, 0.35, 1.0),
                        (1.0, 0.3, 0.05, 0.0), drag=0.2)
        k = int(150 * size)
        self.smoke.spawn(np.tile(centre, (k, 1)) + rng.normal(0, 4, (k, 3)),
                         random_unit_vectors(rng, k) * rng.uniform(2, 12, (k, 1)),
                         rng.uniform(5, 12, k),
                         6.0 * size, 45.0 * size, (0.08, 0.07, 0.06, 0.75),
                         (0.22, 0.22, 0.22, 0.0), drag=0.6, lift=3.0)
        if splash:
            w = 220
            ang = rng.uniform(0, 2 * math.pi, w)
            vel = np.stack([np.cos(ang), np.sin(ang), np.zeros(w)], 1) * rng.uniform(
                3, 15, (w, 1)) + up * rng.uniform(10, 40, (w, 1))
            self.smoke.spawn(np.tile(centre, (w, 1)), vel, rng.uniform(2, 4, w), 2.0, 9.0,
                             (0.92, 0.95, 1.0, 0.7), (0.9, 0.93, 1.0, 0.0), drag=0.3)

    def _fire(self, dt: float, up: np.ndarray) -> None:
        level = self.fire_level
        if level <= 0.01 or self.fire_position is None:
            return
        rng = self.rng
        n = rng.poisson(160.0 * level * dt)
        if n:
            pos = self.fire_position + rng.normal(0, 2.0, (n, 3)) * np.array([1, 1, 0.3])
            vel = up * rng.uniform(4, 12, (n, 1)) + rng.normal(0, 2.5, (n, 3))
            self.glow.spawn(pos, vel, rng.uniform(0.6, 1.4, n), 2.0, 6.5,
                            (0.6, 0.4, 0.12, 0.8), (0.45, 0.1, 0.02, 0.0), drag=1.0, lift=2.0)
        k = rng.poisson(30.0 * level * dt)
        if k:
            pos = self.fire_position + up * 6.0 + rng.normal(0, 2.0, (k, 3))
            vel = up * rng.uniform(5, 9, (k, 1)) + rng.normal(0, 1.5, (k, 3))
            self.smoke.spawn(pos, vel, rng.uniform(6, 10, k), 4.0, 30.0,
                             (0.07, 0.065, 0.06, 0.7), (0.25, 0.25, 0.25, 0.0),
                             drag=0.4, lift=1.0)

    # ------------------------------------------------------------------ lights
    def lights(self) -> list[tuple[np.ndarray, np.ndarray]]:
        """(world position, linear RGB times intensity) of the fire and the blast flash."""
        out = []
        if self.fire_position is None:
            return out
        since = self.time_s - (self.fire_start_s if self.fire_start_s is not None else -1e9)
        flash = 40_000.0 * math.exp(-max(since, 0.0) / 0.5) if since < 4.0 else 0.0
        flicker = 1.0 + 0.2 * math.sin(23.0 * self.time_s) * math.sin(7.0 * self.time_s)
        power = 7000.0 * self.fire_level * flicker + flash
        if power > 1.0:
            out.append((self.fire_position + np.array([0.0, 0.0, 5.0]),
                        np.array([1.0, 0.55, 0.2]) * power))
        return out
