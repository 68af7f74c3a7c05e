"""The drawn sea surface is the simulated sea surface (depth buffer read back)."""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np
import pytest
from OpenGL import GL

from game.render.renderer import Renderer
from game.sim.ship import Ship
from tests.render.conftest import H, W
from tests.render.scenes import scene, snapshot

pytestmark = pytest.mark.gl


def _sea(hs_m: float):
    spec_ship = SimpleNamespace(kind="drone_ship", name="test", heading_deg=0.0,
                                deck_length_m=91.4, deck_width_m=51.8, deck_height_m=3.0,
                                station_keeping_m=0.0)
    spec_sea = SimpleNamespace(significant_wave_height_m=hs_m, peak_period_s=14.0,
                               from_deg=60.0)
    return Ship(spec_ship, spec_sea, np.random.default_rng(4))


def _world_points(renderer, xs, ys) -> np.ndarray:
    GL.glPixelStorei(GL.GL_PACK_ALIGNMENT, 1)
    raw = GL.glReadPixels(0, 0, W, H, GL.GL_DEPTH_COMPONENT, GL.GL_FLOAT)
    depth = np.frombuffer(raw, dtype=np.float32).reshape(H, W)[::-1]
    view = renderer.last_view
    inv = np.linalg.inv(view.view_projection(W / H))
    pts = []
    for x, y in zip(xs, ys, strict=True):
        ndc = np.array([(x + 0.5) / W * 2 - 1, 1 - (y + 0.5) / H * 2, depth[y, x] * 2 - 1, 1])
        p = inv @ ndc
        pts.append(p[:3] / p[3] + view.eye_m)
    return np.array(pts)


@pytest.mark.parametrize("t_s", [3.0, 41.5])
def test_the_sea_surface_follows_the_ships_wave_field(gl_window, t_s):
    ship = _sea(3.0)  # a long swell: waves 34 to 300 m long, which the grid carries whole
    sc = scene(waves=ship.wave_components)
    stage = (600.0, 400.0, 40.0)  # far from the ship: only sea under the camera
    r = Renderer(W, H, render_scale=1.0, scene=sc)
    r.orbit(0.0, 0.9, 0.3)  # look down steeply from about 80 m
    r.render(snapshot(time_s=t_s, stage_at=stage), snapshot(time_s=t_s, stage_at=stage), 1.0,
             "orbit")
    rng = np.random.default_rng(0)
    xs, ys = rng.integers(5, W - 5, 60), rng.integers(H // 2, H - 5, 60)
    pts = _world_points(r, xs, ys)
    near = np.hypot(*(pts[:, :2] - r.last_view.eye_m[:2]).T) < 120.0
    keep = (np.abs(pts[:, 2]) < 5.0) & near  # sea (not the stage) where the grid is fine
    assert keep.sum() > 40
    r.close()
    pts = pts[keep]
    expected = np.array([ship.sea_elevation_m(t_s, x, y) for x, y, _ in pts])
    curvature = -(pts[:, 0] ** 2 + pts[:, 1] ** 2) / (2 * 6_371_008.8)
    err = pts[:, 2] - (expected + curvature)
    assert np.std(expected) > 0.3  # there are waves to see
    assert np.abs(err).max() < 0.15, err
    assert math.isclose(np.corrcoef(pts[:, 2], expected)[0, 1], 1.0, abs_tol=0.02)
