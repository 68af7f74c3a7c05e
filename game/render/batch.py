"""A model of rigid parts, each placed by its own matrix on the GPU, drawn in one call.

The stage is one vertex buffer that never changes: the body, nine engines, four grid fins
and four legs with their struts, each vertex tagged with its part's number (an eleventh
float). A frame sends only the parts' 3x4 matrices (``u_parts``, three rows per part) and
which parts glow (``u_part_glow``); ``assets/shaders/parts.vert`` places every vertex by its
part's matrix, then by the model matrix. A software rasteriser pays for every draw call and
for every vertex transformed in Python on the main thread; here a frame costs one uniform
upload and one draw, and a group of parts is re-posed (on the CPU, a few small matrices)
only when its key changes.
"""

from __future__ import annotations

import numpy as np

from game.render import meshes
from game.render.gl_util import Mesh, indexed

PART_SIZES = (*meshes.SIZES, 1)  # position, normal, colour, material, part number
MAX_PARTS = 32  # as ``MAX_PARTS`` in parts.vert


class PartModel:
    """Groups of copies of template meshes; part k of the model is drawn at ``rows[k]``.

    ``groups``: (name, templates) in order; a group's parts are its templates in order.
    """

    def __init__(self, groups: list[tuple[str, list[np.ndarray]]]) -> None:
        verts, index, first = [], [], 0
        self.slices: dict[str, slice] = {}
        part = 0
        for name, templates in groups:
            start = part
            for template in templates:
                v, i = indexed(template)
                tagged = np.empty((len(v), meshes.FLOATS + 1), np.float32)
                tagged[:, :meshes.FLOATS] = v
                tagged[:, meshes.FLOATS] = part
                verts.append(tagged)
                index.append(i + first)
                first += len(v)
                part += 1
            self.slices[name] = slice(start, part)
        if part > MAX_PARTS:
            raise ValueError(f"PartModel: {part} parts, at most {MAX_PARTS}")
        self.count = part
        self.rows = np.zeros((part, 3, 4), np.float32)
        self.rows[:, :, :3] = np.eye(3)
        self.glow = np.ones(part, np.float32)
        self.keys: dict[str, object] = {}
        self._sent_to: int | None = None  # the program that holds the current uniforms
        self.mesh = Mesh(np.concatenate(verts), PART_SIZES, np.concatenate(index))

    def stale(self, name: str, key) -> bool:
        """Whether group ``name`` was last placed with another key than ``key``."""
        return self.keys.get(name, _NONE) != key

    def place(self, name: str, matrices, key=None) -> None:
        """Pose group ``name`` by 4x4 (or 3x4) matrices, one per part, and remember ``key``."""
        part = self.slices[name]
        mats = np.asarray(matrices, dtype=float)
        if len(mats) != part.stop - part.start:
            raise ValueError(f"PartModel.place({name!r}): {part.stop - part.start} matrices "
                             f"expected, got {len(mats)}")
        self.rows[part] = mats[:, :3, :4]
        self.keys[name] = key
        self._sent_to = None

    def set_glow(self, name: str, on) -> None:
        """Per part of group ``name``: 1 lets its glowing material glow, 0 keeps it dark."""
        on = np.asarray(on, dtype=np.float32)
        if not np.array_equal(self.glow[self.slices[name]], on):
            self.glow[self.slices[name]] = on
            self._sent_to = None

    def draw(self, program) -> None:
        """Draw with ``program`` (in use); the uniforms are sent only after a change."""
        if self._sent_to != program.id:
            program.vec4_array("u_parts", self.rows.reshape(-1, 4))
            program.float_array("u_part_glow", self.glow)
            self._sent_to = program.id
        self.mesh.draw()

    def delete(self) -> None:
        self.mesh.delete()


_NONE = object()
