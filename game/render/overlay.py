"""The app's overlay (an RGBA ``pygame.Surface``: HUD, menus) on top of the 3-D frame.

Upload: a 32-bit surface whose rows are tightly packed is read straight from its pixel
buffer (BGRA or RGBA, whichever its masks say, no copy in Python); anything else is
converted with ``pygame.image.tobytes(surface, "RGBA")``. A surface without per-pixel alpha
is opaque. The surface is cut into tiles (``TILE_PX`` square, in the surface's pixels);
``OverlayTiles.update`` compares it with the copy it uploaded last and uploads only the tiles
whose pixels changed (a HUD redrawn every frame changes a few numbers, not the whole
window), so an unchanged overlay costs one comparison and no upload.

Drawing: the overlay is stretched over the whole window, the surface's top row at the top.
Only the tiles that hold a pixel with non-zero alpha ("occupied") need it: a software
rasteriser pays for every blended pixel, transparent or not.
"""

from __future__ import annotations

import numpy as np
from OpenGL import GL

TILE_PX = 64
_BGRA = (0x00FF0000, 0x0000FF00, 0x000000FF, 0xFF000000)
_RGBA = (0x000000FF, 0x0000FF00, 0x00FF0000, 0xFF000000)


def overlay_pixels(surface):
    """(width, height, uint8 pixels (h, w, 4), GL format) of a Surface, or None if empty."""
    import pygame

    width, height = surface.get_size()
    if width <= 0 or height <= 0:
        return None
    masks = tuple(surface.get_masks())
    if surface.get_bytesize() == 4 and surface.get_pitch() == 4 * width and masks in (_BGRA,
                                                                                       _RGBA):
        data = np.frombuffer(surface.get_buffer(), dtype=np.uint8)
        fmt = GL.GL_BGRA if masks == _BGRA else GL.GL_RGBA
    else:
        data = np.frombuffer(pygame.image.tobytes(surface, "RGBA"), dtype=np.uint8)
        fmt = GL.GL_RGBA
    return width, height, data.reshape(height, width, 4), fmt


def occupied_tiles(visible: np.ndarray, tile_px: int, tile_w: int | None = None) -> np.ndarray:
    """(rows, cols) of tiles (``tile_px`` high, ``tile_w`` wide, default square) holding
    any True element of the (h, w) mask (edge tiles partial)."""
    tile_w = tile_px if tile_w is None else tile_w
    h, w = visible.shape
    nr, nc = -(-h // tile_px), -(-w // tile_w)
    fr, fc = h // tile_px, w // tile_w
    bands = np.zeros((nr, w), bool)
    bands[:fr] = visible[:fr * tile_px].reshape(fr, tile_px, w).any(axis=1)
    if fr < nr:
        bands[fr] = visible[fr * tile_px:].any(axis=0)
    out = np.zeros((nr, nc), bool)
    out[:, :fc] = bands[:, :fc * tile_w].reshape(nr, fc, tile_w).any(axis=2)
    if fc < nc:
        out[:, fc] = bands[:, fc * tile_w:].any(axis=1)
    return out


def quads_of(rows, cols, size, tile_px: int = TILE_PX, col_ends=None) -> np.ndarray:
    """Triangles (x_ndc, y_ndc, u, v) covering tiles of a (w, h) overlay: row ``rows[i]``,
    columns ``cols[i]`` up to ``col_ends[i]`` (exclusive; default one tile)."""
    w, h = size
    rows, cols = np.asarray(rows), np.asarray(cols)
    ends = cols + 1 if col_ends is None else np.asarray(col_ends)
    u0, u1 = cols * tile_px / w, np.minimum(ends * tile_px, w) / w
    v0, v1 = rows * tile_px / h, np.minimum((rows + 1) * tile_px, h) / h
    x0, x1, y0, y1 = 2 * u0 - 1, 2 * u1 - 1, 1 - 2 * v0, 1 - 2 * v1
    corners = [(x0, y0, u0, v0), (x1, y0, u1, v0), (x1, y1, u1, v1),
               (x0, y0, u0, v0), (x1, y1, u1, v1), (x0, y1, u0, v1)]
    quads = np.stack([np.stack(c, axis=1) for c in corners], axis=1)  # (tiles, 6, 4)
    return quads.reshape(-1, 4).astype(np.float32)


def row_runs(mask: np.ndarray) -> tuple[np.ndarray, ...]:
    """Runs of equal values along each row of a (rows, cols) bool mask:
    (row, first column, end column, value) arrays, one entry per run."""
    nr, nc = mask.shape
    m = mask.astype(np.int8)
    starts = np.ones((nr, nc), bool)
    starts[:, 1:] = m[:, 1:] != m[:, :-1]
    rows, cols = np.nonzero(starts)
    ends = np.full_like(cols, nc)
    same_row = rows[1:] == rows[:-1]
    ends[:-1][same_row] = cols[1:][same_row]
    return rows, cols, ends, mask[rows, cols]


def tile_quads(alpha: np.ndarray, tile_px: int = TILE_PX) -> np.ndarray:
    """Triangles (x_ndc, y_ndc, u, v) covering the tiles with any non-zero alpha.

    ``alpha``: (h, w) alpha values, or (h, w) uint32 pixels with alpha in the top byte."""
    h, w = alpha.shape
    visible = alpha > 0x00FFFFFF if alpha.dtype == np.uint32 else alpha > 0
    rows, cols = np.nonzero(occupied_tiles(visible, tile_px))
    return quads_of(rows, cols, (w, h), tile_px)


def changed_tiles(cur: np.ndarray, prev: np.ndarray, tile_px: int = TILE_PX) -> np.ndarray:
    """(rows, cols) mask of the tiles where two (h, w) uint32 pixel arrays differ: first the
    rows of pixels that differ at all, then the tiles of the bands of tiles that hold one."""
    h, w = cur.shape
    if w % 2 == 0 and tile_px % 2 == 0:  # compare two pixels at a time
        cur, prev, tile_w = cur.view(np.uint64), prev.view(np.uint64), tile_px // 2
    else:
        tile_w = tile_px
    diff = _scratch(cur.shape)
    np.not_equal(cur, prev, out=diff)  # into a kept buffer: a new one costs page faults
    rows_changed = diff.any(axis=1)
    out = np.zeros((-(-h // tile_px), -(-w // tile_px)), bool)
    for band in np.nonzero(occupied_tiles(rows_changed[:, None], tile_px, 1)[:, 0])[0]:
        y0, y1 = band * tile_px, min((band + 1) * tile_px, h)
        out[band] = occupied_tiles(diff[y0:y1], tile_px, tile_w)[0]
    return out


_SCRATCH: dict[tuple[int, int], np.ndarray] = {}


def _scratch(shape: tuple[int, int]) -> np.ndarray:
    """A bool array of this shape, the same one on every call (one per shape, at most two
    shapes kept)."""
    buf = _SCRATCH.get(shape)
    if buf is None:
        if len(_SCRATCH) >= 2:
            _SCRATCH.clear()
        buf = _SCRATCH[shape] = np.empty(shape, bool)
    return buf


class OverlayTiles:
    """The overlay's texture, the copy of what it holds, and which tiles are occupied."""

    def __init__(self, texture) -> None:
        self.texture = texture
        GL.glBindTexture(GL.GL_TEXTURE_2D, texture.id)
        for p in (GL.GL_TEXTURE_MIN_FILTER, GL.GL_TEXTURE_MAG_FILTER):  # pixel for pixel
            GL.glTexParameteri(GL.GL_TEXTURE_2D, p, GL.GL_NEAREST)
        self.pixels: np.ndarray | None = None  # (h, w) uint32, as uploaded
        self.fmt = None
        self.occupied = np.zeros((0, 0), bool)
        self.version = 0  # grows whenever ``occupied`` changes

    @property
    def size(self) -> tuple[int, int]:
        return self.texture.size

    def update(self, surface) -> bool:
        """Bring the texture up to date with the surface; False if there is nothing to draw
        (an unreadable or empty surface, or one without any visible pixel)."""
        try:
            px = overlay_pixels(surface)
        except (AttributeError, TypeError, ValueError):
            return False
        if px is None:
            return False
        width, height, data, fmt = px
        cur = data.view(np.uint32).reshape(height, width)
        if self.pixels is None or self.pixels.shape != cur.shape or self.fmt != fmt:
            self.texture.upload(width, height, data, fmt)
            self.pixels, self.fmt = cur.copy(), fmt
            self._set_occupied(occupied_tiles(cur > 0x00FFFFFF, TILE_PX))
        else:
            dirty = changed_tiles(cur, self.pixels)
            if dirty.any():
                self._upload_tiles(cur, dirty)
        return bool(self.occupied.any())

    def _upload_tiles(self, cur: np.ndarray, dirty: np.ndarray) -> None:
        """Upload each row of tiles' dirty span; refresh the copy and the occupancy."""
        occupied = self.occupied.copy()
        h, w = cur.shape
        for r in np.nonzero(dirty.any(axis=1))[0]:
            cols = np.nonzero(dirty[r])[0]
            y0, y1 = r * TILE_PX, min((r + 1) * TILE_PX, h)
            x0, x1 = cols[0] * TILE_PX, min((cols[-1] + 1) * TILE_PX, w)
            block = np.ascontiguousarray(cur[y0:y1, x0:x1])
            # as bytes: PyOpenGL would cast a uint32 array to the GL type (unsigned byte)
            self.texture.upload_region(x0, y0, x1 - x0, y1 - y0, block.view(np.uint8), self.fmt)
            self.pixels[y0:y1, x0:x1] = block
            span = occupied_tiles(block > 0x00FFFFFF, TILE_PX)[0]
            occupied[r, cols[0]:cols[0] + len(span)] = span
        self._set_occupied(occupied)

    def _set_occupied(self, occupied: np.ndarray) -> None:
        if not np.array_equal(occupied, self.occupied):
            self.occupied = occupied
            self.version += 1

    def delete(self) -> None:
        self.texture.delete()
