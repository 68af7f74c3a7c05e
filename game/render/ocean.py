"""The ocean: a radial grid around the camera, displaced by the ship's own sea state.

Waves: the same linear (Airy) components as ``game.sim.ship`` (``SceneInfo.wave_components``),
``eta(x, y, t) = sum a cos(omega t - k (x sin th + y cos th) + phase)``, evaluated per vertex
in ``assets/shaders/ocean.vert``. The phase at the grid's centre is computed here in float64
(``wave_uniforms``) and the shader adds only the small grid-local part, so the sea is exact
600 km out too. Each wave fades out where the grid is too coarse to carry it (wavelength from
4 down to 2.5 grid spacings) so far waves do not alias; where the grid carries a wave the
surface matches ``Ship.sea_elevation_m`` to within the grid's linear interpolation (about
0.3 a (k s)^2 / 8 for amplitude a, wavenumber k and spacing s: centimetres near the eye).

Grid and curvature: rings at geometrically growing radii around the point of the sea below
the eye (snapped to the innermost spacing so the vertices do not swim), scaled with the eye's
height and capped a little past the horizon. The sphere is drawn as the parabola
``-d^2 / 2R`` below the tangent plane at the grid centre (better than 0.5 % of the drop out to
the horizon from 70 km). Grid-local axes are the local east and north there; waves are laid
along them (at the ship they are the world axes exactly; 600 km away the wave field is turned
by at most 5 deg, invisible). Beyond the grid the sky shader paints the distant sea. Only the
run of the grid's wedges (segments) that may be in view is drawn (``visible_wedges``).
"""

from __future__ import annotations

import math

import numpy as np

from game.sim.earth import EARTH_RADIUS_M

MAX_WAVES = 16
RING_COUNT = 72
SEGMENT_COUNT = 64
FIRST_RING_M = 1.5
RING_GROWTH = 0.105
REFERENCE_HEIGHT_M = 40.0  # the grid's scale is 1 up to this eye height


def sea_elevation_m(wave_components, t_s: float, x_m, y_m):
    """Sea-surface height above still water at world (x, y): the formula of ``Ship``."""
    eta = np.zeros(np.broadcast(np.asarray(x_m), np.asarray(y_m)).shape)
    for a, w, k, to_deg, ph in wave_components:
        th = math.radians(to_deg)
        eta = eta + a * np.cos(w * t_s - k * (np.asarray(x_m) * math.sin(th)
                                              + np.asarray(y_m) * math.cos(th)) + ph)
    return float(eta) if eta.ndim == 0 else eta


def ring_radii() -> np.ndarray:
    """Radii of the grid's rings (unscaled), from 0 out."""
    i = np.arange(RING_COUNT + 1, dtype=float)
    return FIRST_RING_M * ((1.0 + RING_GROWTH) ** i - 1.0) / RING_GROWTH


WEDGE_INDICES = 3 + 6 * (RING_COUNT - 1)  # indices of one wedge (one segment, all rings)


def grid_mesh() -> tuple[np.ndarray, np.ndarray]:
    """Vertices (u, v, spacing) in unscaled metres, and triangle indices (uint32).

    Vertices: the centre, then segment by segment its rings from the inside out. Indices:
    wedge by wedge (segment j: the centre's triangle, then its quads outwards), all the
    wedges twice over, so that any run of neighbouring wedges, across segment 0 too, is one
    contiguous range (``visible_wedges``); a wedge's two columns of vertices are close in
    the index space, so a vertex cache shades each about once."""
    radii = ring_radii()
    spacing = np.diff(radii, append=radii[-1] * (1.0 + RING_GROWTH))
    ang = np.linspace(0.0, 2.0 * math.pi, SEGMENT_COUNT, endpoint=False)
    arc = 2.0 * math.pi * radii[1:] / SEGMENT_COUNT
    cells = np.maximum(spacing[1:], arc)
    cols = [np.stack([radii[1:] * math.cos(a), radii[1:] * math.sin(a), cells], 1)
            for a in ang]
    vertices = np.concatenate([np.array([[0.0, 0.0, FIRST_RING_M]]), *cols])
    n, rings = SEGMENT_COUNT, RING_COUNT
    idx = []
    for j in range(n):
        a, b = 1 + j * rings, 1 + ((j + 1) % n) * rings  # ring 1 of segments j and j + 1
        idx += [0, a, b]
        for i in range(rings - 1):
            idx += [a + i, a + i + 1, b + i + 1, a + i, b + i + 1, b + i]
    idx = np.array(idx, dtype=np.uint32)
    return vertices.astype(np.float32), np.concatenate([idx, idx])


def visible_wedges(frame: dict, eye_m: np.ndarray, view_proj: np.ndarray,
                   wave_bound_m: float) -> tuple[int, int]:
    """(first wedge, wedge count) of the shortest run of wedges holding every wedge that may
    be in view. A wedge's triangles lie in the triangle of the centre and its two outer
    vertices, raised by at most ``wave_bound_m`` and lowered by that plus the curvature drop
    at the outer ring; it is left out when all six corners of that prism are beyond one
    side or the near plane of the view (clip space, eye-relative)."""
    n = SEGMENT_COUNT
    outer_m = ring_radii()[-1] * frame["scale"]
    ang = np.linspace(0.0, 2.0 * math.pi, n + 1)
    ring = outer_m * (np.cos(ang)[:, None] * frame["east"] + np.sin(ang)[:, None] * frame["north"])
    centre = frame["centre_m"] - eye_m
    corners = np.stack([np.broadcast_to(centre, (n, 3)), centre + ring[:-1], centre + ring[1:]],
                       axis=1)  # (wedges, 3, 3)
    drop_m = outer_m * outer_m / (2.0 * EARTH_RADIUS_M) + wave_bound_m
    up = frame["up"]
    prism = np.concatenate([corners + wave_bound_m * up, corners - drop_m * up], axis=1)
    clip = np.concatenate([prism, np.ones((n, 6, 1))], axis=2) @ view_proj.T
    x, y, z, w = np.moveaxis(clip, 2, 0)
    outside = np.zeros(n, bool)
    for beyond in (x > w, x < -w, y > w, y < -w, z < -w):
        outside |= beyond.all(axis=1)
    if not outside.any():
        return 0, n
    if outside.all():
        return 0, 0
    # the longest run of hidden wedges, cyclically; draw the rest
    hidden = np.concatenate([outside, outside]).astype(np.int8)
    edges = np.diff(np.concatenate([[0], hidden, [0]]))
    starts, ends = np.nonzero(edges == 1)[0], np.nonzero(edges == -1)[0]
    longest = int(np.argmax(np.minimum(ends - starts, n)))
    gap_start, gap = int(starts[longest]), int(min(ends[longest] - starts[longest], n))
    return (gap_start + gap) % n, n - gap


def grid_frame(eye_m: np.ndarray, sea_level_m: float) -> dict:
    """Centre, axes and scale of the grid for an eye position (world frame, float64).

    Returns ``centre_m`` (the sea point under the eye, snapped), ``east``, ``north``, ``up``
    (unit vectors at the centre), ``scale`` and ``centre_xy_m`` (the centre's position along
    the local axes from the world origin, used for the wave phases).
    """
    zc = eye_m + np.array([0.0, 0.0, EARTH_RADIUS_M])
    dist = float(np.linalg.norm(zc))
    up = zc / dist
    height = max(dist - EARTH_RADIUS_M - sea_level_m, 1.0)
    horizon = math.sqrt(2.0 * EARTH_RADIUS_M * height + height * height)
    outer = ring_radii()[-1]
    scale = min(max(1.0, height / REFERENCE_HEIGHT_M), max(1.0, 1.3 * horizon / outer))
    step = FIRST_RING_M * scale
    east = local_east(up)
    north = np.cross(up, east)
    # Position of the eye's foot along the sea, in local east/north from the world origin.
    xy = np.array([float(eye_m[0]), float(eye_m[1])])
    snapped = np.round(xy / step) * step
    foot = (EARTH_RADIUS_M + sea_level_m) * up - np.array([0.0, 0.0, EARTH_RADIUS_M])
    centre = foot + east * (snapped[0] - xy[0]) + north * (snapped[1] - xy[1])
    return {"centre_m": centre, "east": east, "north": north, "up": up, "scale": scale,
            "centre_xy_m": snapped}


def covers_horizon(frame: dict, eye_m: np.ndarray, sea_level_m: float) -> bool:
    """Whether the grid reaches past the horizon all round (its outer ring's chords too):
    then no sea beyond it can be seen, and the sky's distant-sea half is hidden."""
    zc = eye_m + np.array([0.0, 0.0, EARTH_RADIUS_M])
    height = float(np.linalg.norm(zc)) - EARTH_RADIUS_M - sea_level_m
    if not height > 0.0:
        return False
    horizon = math.sqrt(2.0 * EARTH_RADIUS_M * height + height * height)
    outer = ring_radii()[-1] * frame["scale"] * math.cos(math.pi / SEGMENT_COUNT)
    return outer > horizon


def local_east(up: np.ndarray) -> np.ndarray:
    """World +x projected onto the tangent plane at ``up``: east at the ship, and a smooth
    continuation of it far away (the frame's x axis, not a compass east about the pole)."""
    east = np.array([1.0, 0.0, 0.0]) - up[0] * up
    n = float(np.linalg.norm(east))
    return east / n if n > 1e-9 else np.array([0.0, 1.0, 0.0])


def wave_uniforms(wave_components, t_s: float, centre_xy_m) -> np.ndarray:
    """(MAX_WAVES, 4) float32: (k_east, k_north, amplitude_m, phase_at_centre_rad) per wave,
    longest waves first (the shader stops at the first wave too short for a vertex's cell:
    every later one is shorter still); unused rows are zero."""
    rows = []
    x0, y0 = float(centre_xy_m[0]), float(centre_xy_m[1])
    for a, w, k, to_deg, ph in list(wave_components)[:MAX_WAVES]:
        th = math.radians(to_deg)
        kx, ky = k * math.sin(th), k * math.cos(th)
        phase = math.fmod(w * t_s + ph - kx * x0 - ky * y0, 2.0 * math.pi)
        if all(math.isfinite(v) for v in (kx, ky, a, phase)):
            rows.append((kx, ky, a, phase))
    rows.sort(key=lambda r: r[0] * r[0] + r[1] * r[1])
    out = np.zeros((MAX_WAVES, 4), dtype=np.float32)
    if rows:
        out[:len(rows)] = rows
    return out


def wave_count(waves: np.ndarray) -> int:
    """Rows of ``wave_uniforms`` in use (up to the last non-zero one)."""
    used = np.flatnonzero(np.any(waves != 0.0, axis=1))
    return int(used[-1]) + 1 if len(used) else 0
