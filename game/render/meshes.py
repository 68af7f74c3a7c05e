"""Primitive geometry as numpy vertex arrays for the lit shader.

Vertex layout (10 float32): position (3), normal (3), linear RGB colour (3), material (1).
Material: 0 a plain surface; m > 0 a lamp whose colour is emitted with strength m times the
scene's lamp level (deck lights, navigation lights); m < 0 a surface that glows with the
engine (the inside of a nozzle), strength -m times the throttle.
Primitives are built along +z or in the xy plane and placed with ``transform``.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

FLOATS = 10
SIZES = (3, 3, 3, 1)

ColorFn = Callable[[np.ndarray], np.ndarray]


def _pack(pos: np.ndarray, nrm: np.ndarray, color, material: float) -> np.ndarray:
    n = len(pos)
    col = color(pos) if callable(color) else np.broadcast_to(np.asarray(color, float), (n, 3))
    out = np.empty((n, FLOATS), dtype=np.float32)
    out[:, 0:3], out[:, 3:6], out[:, 6:9], out[:, 9] = pos, nrm, col, material
    return out


def concat(*parts: np.ndarray) -> np.ndarray:
    return np.concatenate([p for p in parts if len(p)]) if parts else np.zeros((0, FLOATS))


def transform(mesh: np.ndarray, rotation: np.ndarray, translation=(0.0, 0.0, 0.0)) -> np.ndarray:
    """Rotate positions and normals by a 3x3 rotation, then translate the positions."""
    out = mesh.copy()
    out[:, 0:3] = mesh[:, 0:3] @ np.asarray(rotation).T + np.asarray(translation)
    out[:, 3:6] = mesh[:, 3:6] @ np.asarray(rotation).T
    return out


def frustum(r0: float, r1: float, z0: float, z1: float, color, segments: int = 24,
            material: float = 0.0, inside: bool = False, rings: int = 1) -> np.ndarray:
    """Side of a cone frustum about +z from radius r0 at z0 to r1 at z1 (``rings`` bands)."""
    if rings > 1:
        zs = np.linspace(z0, z1, rings + 1)
        rs = np.linspace(r0, r1, rings + 1)
        return concat(*(frustum(rs[i], rs[i + 1], zs[i], zs[i + 1], color, segments, material,
                                inside) for i in range(rings)))
    ang = np.linspace(0.0, 2.0 * math.pi, segments + 1)
    c, s = np.cos(ang), np.sin(ang)
    slope = (r0 - r1) / (z1 - z0) if z1 != z0 else 0.0
    tris_p, tris_n = [], []
    for i in range(segments):
        p00 = (r0 * c[i], r0 * s[i], z0)
        p01 = (r0 * c[i + 1], r0 * s[i + 1], z0)
        p10 = (r1 * c[i], r1 * s[i], z1)
        p11 = (r1 * c[i + 1], r1 * s[i + 1], z1)
        n0 = np.array([c[i], s[i], slope])
        n1 = np.array([c[i + 1], s[i + 1], slope])
        n0, n1 = n0 / np.linalg.norm(n0), n1 / np.linalg.norm(n1)
        quad_p = [p00, p01, p11, p00, p11, p10]
        quad_n = [n0, n1, n1, n0, n1, n0]
        if inside:
            quad_p = quad_p[::-1]
            quad_n = [-n for n in quad_n[::-1]]
        tris_p += quad_p
        tris_n += quad_n
    return _pack(np.array(tris_p, float), np.array(tris_n, float), color, material)


def disk(r_in: float, r_out: float, z: float, color, segments: int = 24,
         material: float = 0.0, up: bool = True) -> np.ndarray:
    """Flat annulus (or disk, r_in = 0) in the plane z, facing +z (or -z)."""
    ang = np.linspace(0.0, 2.0 * math.pi, segments + 1)
    c, s = np.cos(ang), np.sin(ang)
    pts = []
    for i in range(segments):
        a = (r_in * c[i], r_in * s[i], z)
        b = (r_out * c[i], r_out * s[i], z)
        bb = (r_out * c[i + 1], r_out * s[i + 1], z)
        aa = (r_in * c[i + 1], r_in * s[i + 1], z)
        quad = [a, b, bb, a, bb, aa]
        pts += quad if up else quad[::-1]
    nrm = np.tile([0.0, 0.0, 1.0 if up else -1.0], (len(pts), 1))
    return _pack(np.array(pts, float), nrm, color, material)


def plane(xs, ys, z: float, color, material: float = 0.0) -> np.ndarray:
    """A flat grid facing +z through the given x and y lines (so fog and light, evaluated
    per vertex, stay smooth over a large surface)."""
    xs, ys = np.asarray(xs, float), np.asarray(ys, float)
    pts = []
    for i in range(len(xs) - 1):
        for j in range(len(ys) - 1):
            a, b = (xs[i], ys[j], z), (xs[i + 1], ys[j], z)
            c, d = (xs[i + 1], ys[j + 1], z), (xs[i], ys[j + 1], z)
            pts += [a, b, c, a, c, d]
    nrm = np.tile([0.0, 0.0, 1.0], (len(pts), 1))
    return _pack(np.array(pts, float), nrm, color, material)


_BOX_FACES = (
    ((1, 0, 0), (0, 1, 0), (0, 0, 1)), ((-1, 0, 0), (0, 0, 1), (0, 1, 0)),
    ((0, 1, 0), (0, 0, 1), (1, 0, 0)), ((0, -1, 0), (1, 0, 0), (0, 0, 1)),
    ((0, 0, 1), (1, 0, 0), (0, 1, 0)), ((0, 0, -1), (0, 1, 0), (1, 0, 0)),
)


def box(size, centre=(0.0, 0.0, 0.0), color=(0.8, 0.8, 0.8), material: float = 0.0,
        skip_bottom: bool = False, skip_top: bool = False) -> np.ndarray:
    """Axis-aligned box of the given (sx, sy, sz) around ``centre``."""
    half = 0.5 * np.asarray(size, float)
    pts, nrms = [], []
    for n, u, v in _BOX_FACES:
        if (skip_bottom and n == (0, 0, -1)) or (skip_top and n == (0, 0, 1)):
            continue
        n, u, v = np.array(n, float), np.array(u, float), np.array(v, float)
        corners = [n - u - v, n + u - v, n + u + v, n - u + v]
        corners = [c * half + np.asarray(centre, float) for c in corners]
        pts += [corners[0], corners[1], corners[2], corners[0], corners[2], corners[3]]
        nrms += [n] * 6
    return _pack(np.array(pts), np.array(nrms), color, material)


def beam(p0, p1, width: float, thickness: float, color, material: float = 0.0,
         side_hint=(0.0, 0.0, 1.0)) -> np.ndarray:
    """A box from point p0 to p1 (its long axis), ``width`` along side_hint x axis."""
    p0, p1 = np.asarray(p0, float), np.asarray(p1, float)
    axis = p1 - p0
    length = float(np.linalg.norm(axis))
    if length < 1e-9:
        return np.zeros((0, FLOATS), dtype=np.float32)
    z = axis / length
    x = np.cross(side_hint, z)
    if np.linalg.norm(x) < 1e-6:
        x = np.cross((1.0, 0.0, 0.0), z) if abs(z[0]) < 0.9 else np.cross((0.0, 1.0, 0.0), z)
    x /= np.linalg.norm(x)
    y = np.cross(z, x)
    rot = np.stack([x, y, z], axis=1)
    return transform(box((thickness, width, length), (0, 0, 0.5 * length), color, material),
                     rot, p0)


def lattice(length: float, width: float, depth: float, cells: int, bar: float,
            color) -> np.ndarray:
    """A grid fin: a frame with ``cells`` x ``cells`` openings, long axis +z from 0, width
    along y, depth along -x (0 to -depth)."""
    parts = []
    cx = -0.5 * depth
    for i in range(cells + 1):  # bars across the length and along it
        z = i * length / cells
        parts.append(box((depth, width, bar), (cx, 0.0, min(max(z, bar / 2), length - bar / 2)),
                         color))
        y = -0.5 * width + i * width / cells
        y = min(max(y, -0.5 * width + bar / 2), 0.5 * width - bar / 2)
        parts.append(box((depth, bar, length), (cx, y, 0.5 * length), color))
    return concat(*parts)
