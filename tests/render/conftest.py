"""A small OpenGL 3.3 window shared by the rendering tests of one module."""

from __future__ import annotations

import os

import pytest

W, H = 320, 180


@pytest.fixture(scope="module")
def gl_window(gl_display):
    """An X11 pygame window with a GL 3.3 core context, W x H pixels."""
    import pygame

    from game.render.context import GLUnavailable, open_window

    saved = os.environ.get("SDL_VIDEODRIVER")
    pygame.display.quit()  # another module may have left SDL on another video driver
    os.environ["SDL_VIDEODRIVER"] = "x11"
    try:
        try:
            surface = open_window(W, H, title="hoverslam tests")
        except GLUnavailable as exc:
            if os.environ.get("CI"):
                pytest.fail(f"{exc}; CI must run the gl tests", pytrace=False)
            pytest.skip(str(exc))
        yield surface
    finally:
        pygame.display.quit()
        if saved is None:
            os.environ.pop("SDL_VIDEODRIVER", None)
        else:
            os.environ["SDL_VIDEODRIVER"] = saved
