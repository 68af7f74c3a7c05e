"""Every GL object one Renderer owns: programs, meshes, buffers, the overlay texture.

Built in one place so ``Renderer.rebuild`` can drop them all and make them again after
``pygame.display.set_mode`` (a fullscreen toggle or a resize may give a new GL context).
"""

from __future__ import annotations

import math

import numpy as np
from OpenGL import GL

from game.render import meshes, ocean, ship_model, stage_model
from game.render.batch import PartModel
from game.render.compose import Compositor
from game.render.environment import BLOCK_FLOATS
from game.render.gl_targets import Texture2D
from game.render.gl_util import InstancedQuads, Mesh, Program, UniformBuffer
from game.render.overlay import OverlayTiles

PLUME_ROWS, PLUME_SEGMENTS = 28, 20


def plume_param_mesh() -> np.ndarray:
    """Triangles of (t, angle) for the plume cone; rows denser near the nozzle."""
    ts = np.linspace(0.0, 1.0, PLUME_ROWS + 1) ** 1.6
    angs = np.linspace(0.0, 2.0 * math.pi, PLUME_SEGMENTS + 1)
    out = []
    for i in range(PLUME_ROWS):
        for j in range(PLUME_SEGMENTS):
            a, b = (ts[i], angs[j]), (ts[i], angs[j + 1])
            c, d = (ts[i + 1], angs[j + 1]), (ts[i + 1], angs[j])
            out += [a, b, c, a, c, d]
    return np.array(out, dtype=np.float32)


SKY_ROWS, SKY_SEGMENTS = 14, 48
SKY_SIDE_INDICES = SKY_ROWS * SKY_SEGMENTS * 6  # the sky half comes first, then the sea half
SKY_ROW_INDICES = SKY_SEGMENTS * 6  # one row of either half (the sea's from the horizon down)


def sky_param_mesh() -> np.ndarray:
    """Triangles of (side, fraction from the horizon, azimuth) for the sky dome: the sky
    above the horizon (side +1) first, then the distant sea below it (side -1)."""
    fr = np.linspace(0.0, 1.0, SKY_ROWS + 1)
    az = np.linspace(0.0, 2.0 * math.pi, SKY_SEGMENTS + 1)
    out = []
    for side in (1.0, -1.0):
        for i in range(SKY_ROWS):
            for j in range(SKY_SEGMENTS):
                a, b = (side, fr[i], az[j]), (side, fr[i], az[j + 1])
                c, d = (side, fr[i + 1], az[j + 1]), (side, fr[i + 1], az[j])
                out += [a, b, c, a, c, d]
    return np.array(out, dtype=np.float32)


class Resources:
    """Programs and buffers of one scene in the current GL context."""

    def __init__(self, scene) -> None:
        self.context = current_context()
        self.lit = Program("lit.vert", "lit.frag")
        self.parts = Program("parts.vert", "lit.frag")
        self.ocean_prog = Program("ocean.vert", "ocean.frag")
        self.sky = Program("sky.vert", "sky.frag")
        self.plume_prog = Program("plume.vert", "plume.frag")
        self.particle = Program("particle.vert", "particle.frag")
        self.line = Program("line.vert", "line.frag")
        self.present_prog = Program("present.vert", "present.frag")
        self.triangle_vao = GL.glGenVertexArrays(1)
        sizes = meshes.SIZES
        leg_parts = [stage_model.leg_mesh(scene),
                     stage_model.strut_mesh(0.17, stage_model.METAL),
                     stage_model.strut_mesh(0.1, stage_model.METAL * 1.8)]
        self.stage = PartModel([("body", [stage_model.body_mesh(scene)]),
                                ("engines", [stage_model.engine_mesh(scene)] * scene.engine_count),
                                ("fins", [stage_model.fin_mesh()] * scene.fin_count),
                                ("legs", leg_parts * scene.leg_count)])
        self.site = Mesh(ship_model.site_mesh(scene), sizes, merge=True)
        grid, index = ocean.grid_mesh()
        self.ocean = Mesh(grid, (3,), index)
        self.plume = Mesh(plume_param_mesh(), (2,), merge=True)
        self.sky_mesh = Mesh(sky_param_mesh(), (3,), merge=True)
        self.glow = InstancedQuads((4, 4))
        self.smoke = InstancedQuads((4, 4))
        self.line_mesh = Mesh(np.zeros((0, 3), np.float32), (3,), mode=GL.GL_LINE_STRIP,
                              dynamic=True)
        self.ubo = UniformBuffer(BLOCK_FLOATS * 4)
        # one overlay texture, updated tile by tile where the app's surface changed (the
        # previous frame has been swapped, so nothing waits on it)
        self.overlay = OverlayTiles(Texture2D())
        self.compositor = Compositor()

    def delete(self) -> None:
        """Free everything, if the context that made it is still the current one."""
        if current_context() != self.context:
            return  # that context is gone, and its objects with it
        for obj in vars(self).values():
            for item in obj if isinstance(obj, list) else [obj]:
                if hasattr(item, "delete"):
                    item.delete()
        GL.glDeleteVertexArrays(1, [self.triangle_vao])



def current_context():
    """An identifier of the current GL context (None if the platform cannot tell)."""
    try:
        from OpenGL import platform
        ctx = platform.PLATFORM.GetCurrentContext()
    except Exception:
        return None
    try:
        return int(ctx) if ctx is not None else None
    except TypeError:
        return getattr(ctx, "value", None) or id(ctx)
