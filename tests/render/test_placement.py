"""The stage and the ship appear where the cameras' own matrices put them (read back)."""

from __future__ import annotations

import numpy as np
import pytest

from game.render.renderer import Renderer
from tests.render.conftest import H, W
from tests.render.scenes import frame, scene, snapshot, stage_point

pytestmark = pytest.mark.gl

STAGE_AT = (25.0, -12.0, 63.0)


def _changed(a: np.ndarray, b: np.ndarray, threshold: int = 12) -> np.ndarray:
    return np.abs(a - b).max(axis=2) > threshold


def _without_stage(snap):
    """The same instant drawn by a fresh renderer that never saw the stage fly: an outcome
    of 'broke_up' from the first frame on hides the stage and starts no explosion."""
    from dataclasses import replace
    return replace(snap, outcome="broke_up")


def _stage_and_background(camera: str, snap):
    r = Renderer(W, H, render_scale=1.0, scene=scene())
    with_stage = frame(r, snap, camera)
    view = r.last_view
    r.close()
    r = Renderer(W, H, render_scale=1.0, scene=scene())
    without = frame(r, _without_stage(snap), camera)
    r.close()
    return with_stage, without, view


@pytest.mark.parametrize("camera", Renderer.CAMERAS)
def test_every_camera_shows_a_picture_with_the_stage_in_it(gl_window, camera):
    snap = snapshot(stage_at=STAGE_AT)
    img, without, _ = _stage_and_background(camera, snap)
    assert img.std() > 5.0, f"{camera}: the frame is uniform"
    assert len(np.unique(img.reshape(-1, 3), axis=0)) > 50
    changed = _changed(img, without)
    assert changed.sum() > 20, f"{camera}: the stage does not show"


@pytest.mark.parametrize("camera", ["chase", "orbit", "deck", "tracking"])
def test_the_stage_is_drawn_where_the_camera_projects_it(gl_window, camera):
    snap = snapshot(stage_at=STAGE_AT)
    img, without, view = _stage_and_background(camera, snap)
    ys, xs = np.nonzero(_changed(img, without))
    top = view.project_px(stage_point(snap, 47.9), W, H)
    mid = view.project_px(stage_point(snap, 25.0), W, H)
    base = view.project_px(stage_point(snap, 2.0), W, H)
    # the body at mid-height is drawn at the projected pixel ...
    mx, my = round(mid[0]), round(mid[1])
    assert _changed(img, without)[my - 1:my + 2, mx - 1:mx + 2].any()
    # ... and the drawn stage spans the projected top to the projected feet, no more
    assert abs(ys.min() - top[1]) <= 3, (ys.min(), top)
    assert base[1] - 2 <= ys.max()
    assert abs(np.median(xs) - mid[0]) <= 3


def test_a_stage_off_to_the_side_moves_in_the_tracking_frame(gl_window):
    """The tracking camera's long lens follows the stage: it stays centred."""
    for at in ((0.0, 0.0, 200.0), (300.0, 150.0, 800.0)):
        snap = snapshot(stage_at=at)
        img, without, view = _stage_and_background("tracking", snap)
        _, xs = np.nonzero(_changed(img, without))
        centre = view.project_px(stage_point(snap, 22.0), W, H)
        assert abs(centre[0] - W / 2) < 2 and abs(centre[1] - H / 2) < 2
        assert abs(np.median(xs) - W / 2) < 4


def _ship_box_px(view, snap, deck_length_m=91.4, deck_width_m=51.8):
    pts = []
    for sx in (-0.5, 0.5):
        for sy in (-0.5, 0.5):
            for z in (0.0, 3.0 + 10.0):  # waterline to mast tops
                x0, y0, _ = snap.ship_position_m
                pts.append(view.project_px((x0 + sx * deck_length_m, y0 + sy * deck_width_m, z),
                                           W, H))
    pts = np.array(pts)
    return pts.min(axis=0), pts.max(axis=0)


@pytest.mark.parametrize("camera", ["chase", "orbit"])
def test_the_ship_is_drawn_where_the_camera_projects_it(gl_window, camera):
    """Ship at its station against the same view with the ship sunk out of sight."""
    from dataclasses import replace
    snap = snapshot(stage_at=(60.0, -50.0, 90.0))
    sunk = replace(snap, ship_position_m=(0.0, 0.0, -400.0))
    r = Renderer(W, H, render_scale=1.0, scene=scene())
    img = frame(r, snap, camera)
    view = r.last_view
    r.close()
    r = Renderer(W, H, render_scale=1.0, scene=scene())
    img_sunk = frame(r, sunk, camera)
    r.close()
    changed = _changed(img, img_sunk)
    ys, xs = np.nonzero(changed)
    assert len(xs) > 30
    lo, hi = _ship_box_px(view, snap)
    inside = (xs >= lo[0] - 3) & (xs <= hi[0] + 3) & (ys >= lo[1] - 3) & (ys <= hi[1] + 3)
    assert inside.mean() > 0.97, f"{camera}: ship pixels outside its projected box"
    deck_centre = view.project_px((0.0, 0.0, 3.0), W, H)
    x, y = round(deck_centre[0]), round(deck_centre[1])
    if 0 <= x < W and 0 <= y < H:
        assert changed[max(y - 2, 0):y + 3, max(x - 2, 0):x + 3].any()
