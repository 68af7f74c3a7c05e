"""A pool of billboard particles: world-frame positions (float64), ballistic with drag.

Structure of arrays, compacted every step. A particle moves with its velocity, which decays
as ``exp(-drag t)`` and is accelerated by gravity (9.81 m/s^2 down the local vertical) or,
for smoke and steam (``lift`` > 0), by a buoyant ``lift`` upward instead. Size and colour
(RGBA) blend from birth to death over the particle's life (size with the square root of
age, so puffs swell fast). Handed to the GPU eye-relative as (x, y, z, size_m, r, g, b, a).
"""

from __future__ import annotations

import numpy as np


class Particles:
    """A pool of particles (structure of arrays, compacted on every step)."""

    FIELDS = ("pos", "vel", "age", "life", "size0", "size1", "col0", "col1", "drag", "lift")

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self.clear()

    def clear(self) -> None:
        self.pos = np.zeros((0, 3))
        self.vel = np.zeros((0, 3))
        self.age = np.zeros(0)
        self.life = np.ones(0)
        self.size0 = np.zeros(0)
        self.size1 = np.zeros(0)
        self.col0 = np.zeros((0, 4))
        self.col1 = np.zeros((0, 4))
        self.drag = np.zeros(0)
        self.lift = np.zeros(0)

    def __len__(self) -> int:
        return len(self.age)

    def spawn(self, pos, vel, life, size0, size1, col0, col1, drag=0.5, lift=0.0) -> None:
        n = len(pos)
        room = self.capacity - len(self)
        if n == 0 or room <= 0:
            return
        k = min(n, room)

        def arr(x, shape):
            return np.broadcast_to(np.asarray(x, float), shape)[:k]
        self.pos = np.concatenate([self.pos, arr(pos, (n, 3))])
        self.vel = np.concatenate([self.vel, arr(vel, (n, 3))])
        self.age = np.concatenate([self.age, np.zeros(k)])
        self.life = np.concatenate([self.life, arr(life, (n,))])
        self.size0 = np.concatenate([self.size0, arr(size0, (n,))])
        self.size1 = np.concatenate([self.size1, arr(size1, (n,))])
        self.col0 = np.concatenate([self.col0, arr(col0, (n, 4))])
        self.col1 = np.concatenate([self.col1, arr(col1, (n, 4))])
        self.drag = np.concatenate([self.drag, arr(drag, (n,))])
        self.lift = np.concatenate([self.lift, arr(lift, (n,))])

    def step(self, dt: float, up: np.ndarray) -> None:
        if len(self) == 0 or dt <= 0.0:
            return
        self.age = self.age + dt
        keep = self.age < self.life
        for name in self.FIELDS:
            setattr(self, name, getattr(self, name)[keep])
        g = np.outer(self.lift - 9.81 * (self.lift == 0.0), up)
        self.vel = (self.vel + g * dt) * np.exp(-self.drag * dt)[:, None]
        self.pos = self.pos + self.vel * dt

    def instances(self, eye: np.ndarray, back_to_front: bool) -> np.ndarray:
        """(n, 8) float32: eye-relative position, size, RGBA (faded over life)."""
        if len(self) == 0:
            return np.zeros((0, 8), np.float32)
        f = np.clip(self.age / self.life, 0.0, 1.0)
        out = np.empty((len(self), 8), np.float32)
        rel = self.pos - eye
        out[:, 0:3] = rel
        out[:, 3] = self.size0 + (self.size1 - self.size0) * np.sqrt(f)
        out[:, 4:8] = self.col0 + (self.col1 - self.col0) * f[:, None]
        if back_to_front:
            out = out[np.argsort(-np.einsum("ij,ij->i", rel, rel))]
        return out


def random_unit_vectors(rng, n: int) -> np.ndarray:
    """n directions uniform on the sphere."""
    v = rng.normal(size=(n, 3))
    return v / np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-9)
