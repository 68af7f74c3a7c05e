"""The end of a frame: the scene (drawn at a reduced resolution) and the overlay onto the window.

With a scene framebuffer, the window is covered once by tiles (``overlay.TILE_PX`` square in
the overlay's pixels): a tile that holds any overlay pixel samples the scene (bilinear) and
the overlay (nearest texel) and blends them in its shader (``compose.frag``); every other
tile only samples the scene (``present.frag``). Nothing is blended by the fixed-function
blender and no pixel is drawn twice, which on a software rasteriser costs about half of
stretching the scene and then blending the overlay on top. Neighbouring tiles of a row
alike are drawn as one rectangle (a software rasteriser pays per triangle too); the
rectangles (occupied first) change only when the set of occupied tiles does.

Without a scene framebuffer (full resolution), the occupied tiles are blended over the
window (``overlay.frag``), as the scene is already there.
"""

from __future__ import annotations

import numpy as np
from OpenGL import GL

from game.render.gl_util import Mesh, Program
from game.render.overlay import TILE_PX, quads_of, row_runs


class Compositor:
    """Programs and the tile grid for putting the scene and the overlay on the window."""

    def __init__(self) -> None:
        self.compose = Program("overlay.vert", "compose.frag")
        self.scene_only = Program("overlay.vert", "present.frag")
        self.blend = Program("overlay.vert", "overlay.frag")
        self._grid: Mesh | None = None
        self._grid_key: tuple = ()
        self._occupied_count = 0

    def _tiles(self, overlay) -> None:
        """The window's tiles, occupied runs first, rebuilt when the occupancy changes."""
        key = (overlay.size, overlay.version)
        if self._grid is not None and self._grid_key == key:
            return
        rows, cols, ends, occupied = row_runs(overlay.occupied)
        order = np.argsort(~occupied, kind="stable")
        verts = quads_of(rows[order], cols[order], overlay.size, TILE_PX, ends[order])
        if self._grid is None:
            self._grid = Mesh(verts, (4,), dynamic=True)
        else:
            self._grid.update(verts)
        self._grid_key = key
        self._occupied_count = int(occupied.sum()) * 6

    def present(self, scene_texture_id: int, overlay, window_size) -> None:
        """Scene texture plus overlay (``OverlayTiles`` with something to draw) onto the
        bound window framebuffer, depth test and blending off."""
        self._tiles(overlay)
        n = self._occupied_count
        GL.glActiveTexture(GL.GL_TEXTURE1)
        GL.glBindTexture(GL.GL_TEXTURE_2D, overlay.texture.id)
        GL.glActiveTexture(GL.GL_TEXTURE0)
        GL.glBindTexture(GL.GL_TEXTURE_2D, scene_texture_id)
        prog = self.compose
        prog.use()
        prog.int("u_scene", 0)
        prog.int("u_overlay", 1)
        self._grid.draw(n)
        self.scene_only.use()
        self.scene_only.int("u_scene", 0)
        self._grid.draw(None, n)

    def blend_over(self, overlay, window_size) -> None:
        """The overlay's occupied tiles blended over the window as it is."""
        self._tiles(overlay)
        GL.glDisable(GL.GL_DEPTH_TEST)
        GL.glEnable(GL.GL_BLEND)
        GL.glBlendFunc(GL.GL_SRC_ALPHA, GL.GL_ONE_MINUS_SRC_ALPHA)
        self.blend.use()
        GL.glActiveTexture(GL.GL_TEXTURE0)
        GL.glBindTexture(GL.GL_TEXTURE_2D, overlay.texture.id)
        self.blend.int("u_overlay", 0)
        self.blend.vec4("u_size", (*overlay.size, *window_size))
        self._grid.draw(self._occupied_count)
        GL.glEnable(GL.GL_DEPTH_TEST)

    def delete(self) -> None:
        for obj in (self.compose, self.scene_only, self.blend, self._grid):
            if obj is not None:
                obj.delete()
        self._grid = None
