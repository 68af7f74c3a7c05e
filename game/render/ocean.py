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
by at most 5 deg, invisible). Beyond the grid the sky shader paints the distant sea.
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


def grid_mesh() -> tuple[np.ndarray, np.ndarray]:
    """Vertices (u, v, spacing) in unscaled metres, and triangle indices (uint32)."""
    radii = ring_radii()
    spacing = np.diff(radii, append=radii[-1] * (1.0 + RING_GROWTH))
    ang = np.linspace(0.0, 2.0 * math.pi, SEGMENT_COUNT, endpoint=False)
    verts = [np.array([[0.0, 0.0, FIRST_RING_M]])]
    for r, s in zip(radii[1:], spacing[1:], strict=True):
        arc = 2.0 * math.pi * r / SEGMENT_COUNT
        ring = np.stack([r * np.cos(ang), r * np.sin(ang), np.full_like(ang, max(s, arc))], 1)
        verts.append(ring)
    vertices = np.concatenate(verts).astype(np.float32)
    idx = []
    n = SEGMENT_COUNT
    for j in range(n):  # centre fan
        idx += [0, 1 + j, 1 + (j + 1) % n]
    for ring in range(RING_COUNT - 1):
        a0, b0 = 1 + ring * n, 1 + (ring + 1) * n
        for j in range(n):
            j1 = (j + 1) % n
            idx += [a0 + j, b0 + j, b0 + j1, a0 + j, b0 + j1, a0 + j1]
    return vertices, np.array(idx, dtype=np.uint32)


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


def local_east(up: np.ndarray) -> np.ndarray:
    """World +x projected onto the tangent plane at ``up``: east at the ship, and a smooth
    continuation of it far away (the frame's x axis, not a compass east about the pole)."""
    east = np.array([1.0, 0.0, 0.0]) - up[0] * up
    n = float(np.linalg.norm(east))
    return east / n if n > 1e-9 else np.array([0.0, 1.0, 0.0])


def wave_uniforms(wave_components, t_s: float, centre_xy_m) -> np.ndarray:
    """(MAX_WAVES, 4) float32: (k_east, k_north, amplitude_m, phase_at_centre_rad) per wave."""
    out = np.zeros((MAX_WAVES, 4), dtype=np.float32)
    x0, y0 = float(centre_xy_m[0]), float(centre_xy_m[1])
    for i, (a, w, k, to_deg, ph) in enumerate(list(wave_components)[:MAX_WAVES]):
        th = math.radians(to_deg)
        kx, ky = k * math.sin(th), k * math.cos(th)
        phase = math.fmod(w * t_s + ph - kx * x0 - ky * y0, 2.0 * math.pi)
        if not all(math.isfinite(v) for v in (kx, ky, a, phase)):
            continue
        out[i] = (kx, ky, a, phase)
    return out
