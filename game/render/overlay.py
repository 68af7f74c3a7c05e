"""The app's overlay (an RGBA ``pygame.Surface``: HUD, menus) on top of the 3-D frame.

Upload: a 32-bit surface whose rows are tightly packed goes straight from its pixel buffer
(BGRA or RGBA, whichever its masks say, no copy in Python); anything else is converted with
``pygame.image.tobytes(surface, "RGBA")``. A surface without per-pixel alpha is opaque.

Drawing: the overlay is stretched over the whole window, the surface's top row at the top.
Only the tiles (``TILE_PX`` square, in the surface's pixels) that hold a pixel with non-zero
alpha are drawn, so a HUD that covers the corners costs the rasteriser only those corners
(a software rasteriser pays for every blended pixel, transparent or not).
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


def occupied_tiles(visible: np.ndarray, tile_px: int) -> np.ndarray:
    """(rows, cols) of tiles holding any True pixel of the (h, w) mask (edge tiles partial)."""
    h, w = visible.shape
    nr, nc = -(-h // tile_px), -(-w // tile_px)
    fr, fc = h // tile_px, w // tile_px
    bands = np.zeros((nr, w), bool)
    bands[:fr] = visible[:fr * tile_px].reshape(fr, tile_px, w).any(axis=1)
    if fr < nr:
        bands[fr] = visible[fr * tile_px:].any(axis=0)
    out = np.zeros((nr, nc), bool)
    out[:, :fc] = bands[:, :fc * tile_px].reshape(nr, fc, tile_px).any(axis=2)
    if fc < nc:
        out[:, fc] = bands[:, fc * tile_px:].any(axis=1)
    return out


def tile_quads(alpha: np.ndarray, tile_px: int = TILE_PX) -> np.ndarray:
    """Triangles (x_ndc, y_ndc, u, v) covering the tiles with any non-zero alpha.

    ``alpha``: (h, w) alpha values, or (h, w) uint32 pixels with alpha in the top byte."""
    h, w = alpha.shape
    visible = alpha > 0x00FFFFFF if alpha.dtype == np.uint32 else alpha > 0
    rows, cols = np.nonzero(occupied_tiles(visible, tile_px))
    u0, u1 = cols * tile_px / w, np.minimum((cols + 1) * tile_px, w) / w
    v0, v1 = rows * tile_px / h, np.minimum((rows + 1) * tile_px, h) / h
    x0, x1, y0, y1 = 2 * u0 - 1, 2 * u1 - 1, 1 - 2 * v0, 1 - 2 * v1
    corners = [(x0, y0, u0, v0), (x1, y0, u1, v0), (x1, y1, u1, v1),
               (x0, y0, u0, v0), (x1, y1, u1, v1), (x0, y1, u0, v1)]
    quads = np.stack([np.stack(c, axis=1) for c in corners], axis=1)  # (tiles, 6, 4)
    return quads.reshape(-1, 4).astype(np.float32)


def prepare_overlay(texture, surface) -> np.ndarray | None:
    """Upload the surface into ``texture``; return the tile triangles, None if nothing."""
    try:
        px = overlay_pixels(surface)
    except (AttributeError, TypeError, ValueError):
        return None
    if px is None:
        return None
    width, height, data, fmt = px
    quads = tile_quads(data.view(np.uint32).reshape(height, width))
    if len(quads) == 0:
        return None
    texture.upload(width, height, data, fmt)
    return quads
