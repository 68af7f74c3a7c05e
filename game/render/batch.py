"""Copies of small meshes, each placed by its own matrix, drawn in one call.

The stage's moving parts (nine engines, four grid fins, four legs with their struts) would
cost a draw call each; a software rasteriser pays for every call on the main thread. Here
the copies are transformed on the CPU (numpy, only when their poses change) into one vertex
buffer whose index buffer never changes.
"""

from __future__ import annotations

import numpy as np

from game.render import meshes
from game.render.gl_util import Mesh, indexed


class PartBatch:
    """``len(templates)`` copies, in order; ``update`` places them."""

    def __init__(self, templates: list[np.ndarray]) -> None:
        self.parts = [indexed(t) for t in templates]
        offsets = np.cumsum([0] + [len(v) for v, _ in self.parts])
        indices = np.concatenate([i + o for (_, i), o in zip(self.parts, offsets, strict=False)])
        total = int(offsets[-1])
        self.vertices = np.concatenate([v for v, _ in self.parts])
        self.copy_of = np.repeat(np.arange(len(self.parts)), [len(v) for v, _ in self.parts])
        self.glowing = self.vertices[:, 9] < 0.0
        self.spans = list(zip(offsets[:-1].tolist(), offsets[1:].tolist(), strict=True))
        self.out = self.vertices.copy()  # float32, reused every update
        self.mesh = Mesh(np.zeros((total, meshes.FLOATS), np.float32), meshes.SIZES,
                         indices.astype(np.uint32), dynamic=True)
        self.key: object = None

    def update(self, matrices, glow=None, key=None) -> None:
        """Place copy k by ``matrices[k]`` (4x4, may scale); ``glow[k]`` False turns off the
        engine glow (material < 0) of copy k. Skipped when ``key`` equals the last one."""
        if key is not None and key == self.key:
            return
        mats = np.asarray(matrices, dtype=float)
        if len(mats) != len(self.parts):
            raise ValueError(f"PartBatch: {len(self.parts)} matrices expected, got {len(mats)}")
        v, out = self.vertices, self.out
        for k, (a, b) in enumerate(self.spans):  # a matrix product per copy: no gathers
            rot = mats[k, :3, :3].T
            out[a:b, 0:3] = v[a:b, 0:3] @ rot + mats[k, :3, 3]
            out[a:b, 3:6] = v[a:b, 3:6] @ rot
        n = out[:, 3:6]
        n /= np.maximum(np.sqrt(np.einsum("ni,ni->n", n, n)), 1e-12)[:, None]
        out[:, 9] = v[:, 9]
        if glow is not None:
            off = ~np.asarray(glow, dtype=bool)[self.copy_of] & self.glowing
            out[off, 9] = 0.0
        self.mesh.update_vertices(out)
        self.key = key

    def draw(self) -> None:
        self.mesh.draw()

    def delete(self) -> None:
        self.mesh.delete()
