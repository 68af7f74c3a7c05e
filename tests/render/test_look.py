"""What the frames look like: fog, night, plume light, legs, fins, fire, the overlay."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pygame
import pytest

from game.render import stage_model
from game.render.math3d import quat_to_matrix
from game.render.renderer import Renderer
from tests.render.conftest import H, W
from tests.render.scenes import frame, luminance, patch, scene, snapshot, stage_point

pytestmark = pytest.mark.gl

LANDED = snapshot(stage_at=(0.0, 0.0, 3.0 + 17.0 + 5.4))  # standing on its feet on the deck


def _deck_contrast(visibility_m: float, distance_m: float) -> float:
    """Mean colour change over four deck patches when the ship is there vs sunk."""
    sunk = replace(LANDED, ship_position_m=(0.0, 0.0, -400.0))
    images = []
    for snap in (LANDED, sunk):
        r = Renderer(W, H, render_scale=1.0, scene=scene(fog_visibility_m=visibility_m))
        r.orbit(0.0, 0.35, distance_m / 140.0)
        images.append(frame(r, snap, "orbit"))
        view = r.last_view
        r.close()
    deltas = []
    for x, y in ((-30.0, -15.0), (-30.0, 15.0), (30.0, -15.0), (30.0, 15.0)):
        px = view.project_px((x, y, 3.0), W, H)
        deltas.append(np.abs(patch(images[0], px) - patch(images[1], px)).mean())
    return float(np.mean(deltas))


def test_fog_lowers_the_contrast_of_a_distant_ship_more_than_of_a_near_one(gl_window):
    near_clear, far_clear = _deck_contrast(50_000.0, 120.0), _deck_contrast(50_000.0, 900.0)
    near_fog, far_fog = _deck_contrast(500.0, 120.0), _deck_contrast(500.0, 900.0)
    assert near_clear > 15.0 and far_clear > 0.6 * near_clear  # clear air: both stand out
    assert far_fog < 0.5 * near_fog  # fog: the far ship fades much more than the near one
    assert far_fog / near_fog < 0.5 * far_clear / near_clear
    assert far_fog < far_clear and near_fog < near_clear


@pytest.mark.parametrize("camera", ["chase", "deck", "tracking"])
def test_night_frames_are_darker_than_day_frames(gl_window, camera):
    snap = snapshot(stage_at=(10.0, 5.0, 80.0))
    means = {}
    for tod in ("day", "night"):
        r = Renderer(W, H, render_scale=1.0, scene=scene(time_of_day=tod))
        means[tod] = luminance(frame(r, snap, camera)).mean()
        r.close()
    assert means["night"] < 0.4 * means["day"], means


def _burning(snap, throttle=1.0, engines=1, pressure_pa=101325.0):
    return replace(snap, throttle_norm=throttle, engines_lit=engines,
                   ambient_pressure_pa=pressure_pa)


def test_the_plume_grows_with_throttle_engines_and_thin_air(gl_window):
    snap = snapshot(stage_at=(0.0, 0.0, 400.0))
    r = Renderer(W, H, render_scale=1.0, scene=scene())
    off = frame(r, snap, "orbit")
    below_nozzle = r.project_px(stage_point(snap, -8.0))

    def lit_pixels(**kw):
        img = frame(r, _burning(snap, **kw), "orbit")
        return img, int((luminance(img) - luminance(off) > 25).sum())

    full, n_full = lit_pixels()
    _, n_low = lit_pixels(throttle=0.6)
    _, n_nine = lit_pixels(engines=9)
    _, n_thin = lit_pixels(pressure_pa=2000.0)
    r.close()
    assert luminance(patch(full, below_nozzle)) > luminance(patch(off, below_nozzle)) + 40
    assert 0 < n_low < n_full < n_nine
    assert n_thin > 2 * n_full


def test_at_night_the_plume_lights_the_deck(gl_window):
    snap = snapshot(stage_at=(0.0, 0.0, 3.0 + 17.0 + 30.0))
    r = Renderer(W, H, render_scale=1.0, scene=scene(time_of_day="night"))
    dark = frame(r, snap, "orbit")
    lit = frame(r, _burning(snap), "orbit")
    deck = r.project_px((20.0, -12.0, 3.0))
    r.close()
    assert luminance(patch(lit, deck)) > luminance(patch(dark, deck)) + 15


def test_legs_unfold_to_their_feet_and_fins_deploy(gl_window):
    sc = scene()
    snap = snapshot(stage_at=(0.0, 0.0, 150.0))
    r = Renderer(W, H, render_scale=1.0, scene=sc)
    r.orbit(0.0, -0.2, 0.45)
    stowed = frame(r, replace(snap, legs_deploy_fraction=0.0, fin_deploy_fraction=0.0), "orbit")
    out = frame(r, snap, "orbit")
    moved = np.abs(out - stowed).max(axis=2) > 12
    rot_to_world = quat_to_matrix(snap.stage_attitude_wxyz)
    feet = stage_model.leg_matrices(sc, 1.0)[1]
    seen = 0
    for foot in feet:
        world = np.array(snap.stage_position_m) + rot_to_world @ (foot - [17.0, 0, 0])
        x, y = (round(c) for c in r.project_px(world))
        seen += bool(moved[y - 2:y + 3, x - 2:x + 3].any())
    fins_seen = 0
    for k in range(4):
        az = np.radians(45.0 + 90.0 * k)
        tip = np.array(snap.stage_position_m) + rot_to_world @ np.array(
            [44.4 - 17.0, 3.0 * np.cos(az), 3.0 * np.sin(az)])
        x, y = (round(c) for c in r.project_px(tip))
        fins_seen += bool(moved[y - 3:y + 4, x - 3:x + 4].any())
    r.close()
    assert seen >= 3
    assert fins_seen >= 3


def test_a_hard_landing_bursts_into_fire(gl_window):
    r = Renderer(W, H, render_scale=1.0, scene=scene())
    flying = replace(LANDED, time_s=20.0)
    before = frame(r, flying, "orbit")
    crashed = replace(LANDED, time_s=20.05, outcome="tipped_over", fire_state="explosion",
                      fire_start_s=20.05)
    img = frame(r, crashed, "orbit", prev=flying)
    for k in range(1, 6):
        nxt = replace(crashed, time_s=20.05 + 0.1 * k)
        img = frame(r, nxt, "orbit", prev=crashed)
        crashed = nxt
    r.close()

    def fiery(a):
        return int(((a[:, :, 0] > 180) & (a[:, :, 0] > a[:, :, 2] + 70)).sum())

    assert fiery(img) > fiery(before) + 30


def test_the_overlay_is_composited_over_the_scene(gl_window):
    snap = snapshot()
    r = Renderer(W, H, render_scale=1.0, scene=scene())
    plain = frame(r, snap)
    hud = pygame.Surface((W, H), pygame.SRCALPHA)
    hud.fill((255, 0, 0, 255), pygame.Rect(10, 20, 40, 30))
    hud.fill((0, 0, 255, 128), pygame.Rect(200, 100, 40, 40))
    img = frame(r, snap, overlay=hud)
    r.close()
    assert tuple(img[30, 20]) == (255, 0, 0)
    blended = img[120, 220]
    assert abs(blended[2] - (plain[120, 220][2] * 0.5 + 127.5)) < 4
    assert abs(blended[0] - plain[120, 220][0] * 0.5) < 4
    untouched = np.ones((H, W), bool)
    untouched[20:50, 10:50] = False
    untouched[100:140, 200:240] = False
    assert np.array_equal(img[untouched], plain[untouched])


def test_the_planned_trajectory_is_drawn_as_a_line(gl_window):
    snap = snapshot(stage_at=(0.0, 0.0, 300.0))
    r = Renderer(W, H, render_scale=1.0, scene=scene())
    plain = frame(r, snap, "orbit")
    path = [(0.0, 0.0, 300.0 - 10.0 * k) for k in range(30)]
    img = frame(r, snap, "orbit", plan_points_m=path)
    r.close()
    changed = np.abs(img - plain).max(axis=2) > 20
    assert changed.sum() > 20
    assert (img[changed][:, 2] > img[changed][:, 0]).mean() > 0.8  # cyan
