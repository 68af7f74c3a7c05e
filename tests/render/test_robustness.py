"""NaN never reaches the screen; the renderer survives a new window size and context."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pygame
import pytest

from game.render.context import request_gl33_core
from game.render.renderer import Renderer
from tests.render.conftest import H, W
from tests.render.scenes import frame, scene, snapshot, stage_point

pytestmark = pytest.mark.gl

NAN = math.nan


def _poisoned(snap):
    return replace(
        snap, time_s=NAN, stage_position_m=(NAN, 0.0, 1e300), stage_attitude_wxyz=(0, 0, 0, 0),
        com_station_m=NAN, throttle_norm=NAN, engines_lit=NAN, ambient_pressure_pa=-math.inf,
        gimbal_pitch_rad=math.inf, fin_deploy_fraction=NAN, fin_deflections_rad=(NAN,) * 4,
        legs_deploy_fraction=NAN, rcs_firing=(NAN, NAN, NAN),
        ship_position_m=(NAN, NAN, NAN), ship_attitude_wxyz=(NAN, 1.0, 0.0, 0.0), mach=NAN)


@pytest.mark.parametrize("camera", Renderer.CAMERAS)
def test_a_snapshot_full_of_nan_repeats_the_last_good_picture(gl_window, camera):
    good = snapshot(stage_at=(10.0, 5.0, 120.0), throttle_norm=0.7, engines_lit=1)
    r = Renderer(W, H, render_scale=1.0, scene=scene())
    before = frame(r, good, camera)
    after = frame(r, _poisoned(good), camera, prev=_poisoned(good))
    assert np.isfinite(r.last_view.eye_m).all() and np.isfinite(r.last_view.rotation).all()
    r.close()
    # the plume flickers with time and nothing else moves: the frames are the same picture
    assert np.abs(after - before).max(axis=2).mean() < 1.0


def test_nan_in_the_very_first_snapshot_still_draws_a_finite_scene(gl_window):
    r = Renderer(W, H, render_scale=1.0, scene=scene())
    img = frame(r, _poisoned(snapshot()))
    r.orbit(NAN, math.inf, NAN)
    img2 = frame(r, _poisoned(snapshot()), "orbit", overlay=None, plan_points_m=[(NAN, 0, 0)] * 3)
    r.close()
    assert img.std() > 5.0 and img2.std() > 5.0


def test_interpolation_moves_the_stage_between_snapshots(gl_window):
    a = snapshot(time_s=10.0, stage_at=(0.0, 0.0, 100.0))
    b = snapshot(time_s=10.0 + 1 / 120, stage_at=(0.0, 0.0, 100.0 - 0.5))
    r = Renderer(W, H, render_scale=1.0, scene=scene())
    r.render(a, b, 0.5, "tracking")
    view = r.last_view
    r.close()
    centre = view.project_px(stage_point(snapshot(stage_at=(0.0, 0.0, 99.75)), 22.0), W, H)
    assert abs(centre[0] - W / 2) < 0.5 and abs(centre[1] - H / 2) < 0.5


def test_rebuild_after_a_resize_draws_at_the_new_size(gl_window):
    snap = snapshot(stage_at=(0.0, 0.0, 90.0))
    r = Renderer(W, H, render_scale=1.0, scene=scene())
    frame(r, snap)
    try:
        for size in ((400, 300), (W, H)):
            request_gl33_core()
            pygame.display.set_mode(size, pygame.OPENGL | pygame.DOUBLEBUF)
            r.rebuild(*size)
            img = frame(r, snap)
            assert img.shape == (size[1], size[0], 3)
            assert img.std() > 5.0
            top = r.project_px(stage_point(snap, 47.0))
            assert 0 <= top[0] < size[0] and 0 <= top[1] < size[1]
            hidden = Renderer(*size, scene(), render_scale=1.0)
            without = frame(hidden, replace(snap, outcome="broke_up"))
            hidden.close()
            mid = r.project_px(stage_point(snap, 25.0))
            x, y = round(mid[0]), round(mid[1])
            assert (np.abs(img - without)[y - 1:y + 2, x - 1:x + 2].max() > 12)
    finally:
        r.close()


def test_a_reduced_render_scale_draws_the_same_picture_smaller(gl_window):
    from OpenGL import GL

    snap = snapshot(stage_at=(0.0, 0.0, 90.0))
    full = Renderer(W, H, render_scale=1.0, scene=scene())
    img_full = frame(full, snap)
    full.close()
    auto = Renderer(W, H, scene())
    software = b"llvmpipe" in (GL.glGetString(GL.GL_RENDERER) or b"")
    assert auto.render_scale == (0.5 if software else 1.0)
    auto.render_scale = 0.5
    img_half = frame(auto, snap)
    mid = auto.project_px(stage_point(snap, 25.0))
    hidden = Renderer(W, H, scene(), render_scale=0.5)
    without = frame(hidden, replace(snap, outcome="broke_up"))
    auto.close()
    hidden.close()
    assert img_half.shape == img_full.shape
    assert np.abs(img_half - img_full).mean() < 6.0  # the same picture, a little softer
    x, y = round(mid[0]), round(mid[1])
    assert np.abs(img_half - without)[y - 1:y + 2, x - 1:x + 2].max() > 12


@pytest.mark.parametrize("scale, blocks", [(0.5, True), (0.4, False)])
def test_a_whole_stretch_shows_each_scene_pixel_as_a_square(gl_window, scale, blocks):
    """At half size each scene pixel covers exactly 2 x 2 window pixels (nearest texel, no
    blur); at a scale that is not a whole fraction the stretch blends (bilinear)."""
    from OpenGL import GL

    from game.render.gl_targets import stretch_filter

    r = Renderer(W, H, scene(), render_scale=scale)
    img = frame(r, snapshot(stage_at=(0.0, 0.0, 90.0)))
    r.close()
    corners = [img[dy::2, dx::2][:H // 2, :W // 2] for dy in (0, 1) for dx in (0, 1)]
    same = all(np.array_equal(corners[0], c) for c in corners[1:])
    assert same == blocks
    assert stretch_filter((160, 90), (W, H)) == GL.GL_NEAREST
    assert stretch_filter((128, 72), (W, H)) == GL.GL_LINEAR
