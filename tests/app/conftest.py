"""Fixtures for the game's tests: pygame on SDL's dummy video driver (no window needed for
input), a virtual SDL joystick, and the shipped levels."""

from __future__ import annotations

import pytest

import game.app  # noqa: F401  (before pygame: hides its banner)
from tests.app.sdl_virtual import VirtualJoystick


@pytest.fixture
def dummy_video(monkeypatch):
    """pygame's display and joystick subsystems on the dummy driver, shut down afterwards."""
    import pygame

    monkeypatch.setenv("SDL_VIDEODRIVER", "dummy")
    monkeypatch.setenv("SDL_AUDIODRIVER", "dummy")
    pygame.display.init()
    pygame.joystick.init()
    pygame.event.clear()
    yield pygame
    pygame.joystick.quit()
    pygame.display.quit()


@pytest.fixture
def virtual_joystick(dummy_video):
    """A virtual gamepad (6 axes, 12 buttons, 1 hat), detached at the end if still there."""
    stick = VirtualJoystick(axes=6, buttons=12, hats=1)
    yield stick
    stick.detach()


@pytest.fixture(scope="session")
def practice_level():
    from game.data.loader import load_level

    return load_level("practice_landing_burn")


@pytest.fixture(scope="session")
def coast_level():
    from game.data.loader import load_level

    return load_level("crs8_ocisly")
