"""Work the renderer skips must not change the picture: culled ocean wedges, the sky's
distant sea where the ocean hides it, HUD tiles uploaded only where they changed."""

from __future__ import annotations

import numpy as np
import pygame
import pytest

from game.render import ocean
from game.render.renderer import Renderer
from tests.render.conftest import H, W
from tests.render.scenes import frame, scene, snapshot

pytestmark = pytest.mark.gl

WAVES = ((0.6, 0.9, 0.083, 0.4, 1.0), (0.3, 1.3, 0.17, 1.2, 2.0))
VIEWS = [(10.0, (0.0, 0.0, 60.0)), (33.0, (40.0, -20.0, 300.0)), (70.0, (300.0, 200.0, 2000.0))]


def assert_every_view_unchanged(renderer, monkeypatch, name: str, recording, everything):
    """Draw every camera and view twice, with ``ocean.<name>`` replaced by ``recording`` (the
    real shortcut, recorded) and by ``everything`` (no shortcut); the frames must match."""
    for camera, (time_s, stage_at) in [(c, v) for c in Renderer.CAMERAS for v in VIEWS]:
        snap = snapshot(time_s=time_s, stage_at=stage_at)
        with monkeypatch.context() as patched:
            patched.setattr(ocean, name, recording)
            skipped = frame(renderer, snap, camera)
        with monkeypatch.context() as patched:
            patched.setattr(ocean, name, everything)
            full = frame(renderer, snap, camera)
        assert np.array_equal(skipped, full), (camera, stage_at)


def test_culling_ocean_wedges_leaves_every_frame_unchanged(gl_window, monkeypatch):
    renderer = Renderer(W, H, scene(waves=WAVES), render_scale=0.5)
    real = ocean.visible_wedges
    drawn: list[int] = []

    def recording(*args, **kwargs):
        first, count = real(*args, **kwargs)
        drawn.append(count)
        return first, count

    try:
        assert_every_view_unchanged(renderer, monkeypatch, "visible_wedges", recording,
                                    lambda *a, **k: (0, ocean.SEGMENT_COUNT))
    finally:
        renderer.close()
    assert len(drawn) == len(VIEWS) * len(Renderer.CAMERAS)
    assert min(drawn) < ocean.SEGMENT_COUNT  # the culling really skipped wedges


def test_leaving_out_the_hidden_sea_half_of_the_sky_leaves_every_frame_unchanged(
        gl_window, monkeypatch):
    renderer = Renderer(W, H, scene(waves=WAVES), render_scale=0.5)
    real = ocean.covers_horizon
    hidden: list[bool] = []

    def recording(*args, **kwargs):
        hidden.append(real(*args, **kwargs))
        return hidden[-1]

    try:
        assert_every_view_unchanged(renderer, monkeypatch, "covers_horizon", recording,
                                    lambda *a, **k: False)
    finally:
        renderer.close()
    assert any(hidden) and not all(hidden)  # both cases came up


def test_hud_tiles_uploaded_by_change_match_a_fresh_upload(gl_window):
    rng = np.random.default_rng(3)
    hud = pygame.Surface((W, H), pygame.SRCALPHA)
    renderer = Renderer(W, H, scene(), render_scale=0.5)
    snap = snapshot()
    try:
        for k in range(12):
            for _ in range(int(rng.integers(1, 4))):
                x, y = int(rng.integers(0, W - 1)), int(rng.integers(0, H - 1))
                colour = tuple(int(c) for c in rng.integers(0, 256, 4))
                hud.fill(colour, pygame.Rect(x, y, int(rng.integers(1, 120)),
                                             int(rng.integers(1, 80))))
            if k % 5 == 4:
                hud.fill((0, 0, 0, 0))
            incremental = frame(renderer, snap, overlay=hud)
            fresh = Renderer(W, H, scene(), render_scale=0.5)
            try:
                reference = frame(fresh, snap, overlay=hud)
            finally:
                fresh.close()
            assert np.array_equal(incremental, reference), f"frame {k}"
    finally:
        renderer.close()
