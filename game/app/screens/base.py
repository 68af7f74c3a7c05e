"""What every screen has: events, a per-frame update, an overlay drawing and a 3-D view.

The app keeps a stack of screens; the top one gets the events and the update. Drawing goes
from the lowest screen that the top lets show through (``transparent`` screens such as pause
and help draw over the one below). ``view()`` says what the renderer should draw behind the
overlay: a ``SceneView`` (a World for the scene, the two snapshots, alpha, camera).

``MenuList`` is the vertical menu the menus share: arrows, W/S, a gamepad's hat or stick move
the selection; Enter, Space or button 0 choose; Escape or button 1 go back.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pygame

from game.app.text import CYAN, GREY, PANEL_DARK, WHITE

if TYPE_CHECKING:
    from game.app.app import App


@dataclass
class SceneView:
    """What the renderer draws this frame."""

    world: object  # the World whose level the scene shows (SceneInfo.from_world)
    prev: object
    cur: object
    alpha: float
    camera: str
    plan_points_m: object = None


class Screen:
    transparent = False  # True: the screen below is drawn first (pause, help)

    def __init__(self, app: App) -> None:
        self.app = app

    def enter(self) -> None:
        """Became the top screen."""

    def handle(self, event: pygame.event.Event) -> None:
        """One event (the app already passed it to the input mapper)."""

    def update(self, frame_s: float) -> None:
        """Once a frame, with the real time since the last frame."""

    def draw(self, surface: pygame.Surface) -> None:
        """Draw onto the overlay (transparent where the 3-D view should show)."""

    def view(self) -> SceneView | None:
        return None


NAV_UP = {pygame.K_UP, pygame.K_w}
NAV_DOWN = {pygame.K_DOWN, pygame.K_s}
NAV_OK = {pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE}
NAV_BACK = {pygame.K_ESCAPE, pygame.K_BACKSPACE}


def navigation(event: pygame.event.Event) -> str | None:
    """"up", "down", "left", "right", "ok" or "back" for a menu, from keys and gamepads."""
    if event.type == pygame.KEYDOWN:
        if event.key in NAV_UP:
            return "up"
        if event.key in NAV_DOWN:
            return "down"
        if event.key in (pygame.K_LEFT, pygame.K_a):
            return "left"
        if event.key in (pygame.K_RIGHT, pygame.K_d):
            return "right"
        if event.key in NAV_OK:
            return "ok"
        if event.key in NAV_BACK:
            return "back"
    elif event.type == pygame.JOYHATMOTION:
        return {(0, 1): "up", (0, -1): "down", (-1, 0): "left", (1, 0): "right"}.get(
            tuple(event.value))
    elif event.type == pygame.JOYBUTTONDOWN:
        return {0: "ok", 1: "back"}.get(event.button)
    return None


class MenuList:
    """A vertical list of labels with a selection."""

    def __init__(self, items: list[str], selected: int = 0) -> None:
        self.items = items
        self.selected = selected

    def handle(self, event: pygame.event.Event) -> str | None:
        """Move the selection; return "ok", "back", "left" or "right" when chosen."""
        nav = navigation(event)
        if nav == "up":
            self.selected = (self.selected - 1) % len(self.items)
        elif nav == "down":
            self.selected = (self.selected + 1) % len(self.items)
        elif nav in ("ok", "back", "left", "right"):
            return nav
        return None

    @property
    def current(self) -> str:
        return self.items[self.selected]

    def draw(self, surface: pygame.Surface, ui, x: int, y: int, width: int, size: int = 30,
             labels: list[str] | None = None) -> pygame.Rect:
        step = ui.px(size * 1.45)
        rect = pygame.Rect(x, y, width, step * len(self.items) + ui.px(20))
        ui.panel(surface, rect, PANEL_DARK)
        for i, item in enumerate(labels or self.items):
            yy = y + ui.px(10) + i * step
            if i == self.selected:
                pygame.draw.rect(surface, (40, 90, 120, 200),
                                 (x + ui.px(6), yy - ui.px(4), width - ui.px(12), step),
                                 border_radius=ui.px(4))
            ui.text(surface, item, (x + ui.px(20), yy + ui.px(2)), size,
                    CYAN if i == self.selected else WHITE)
        return rect


def footer(surface: pygame.Surface, ui, text: str) -> None:
    w, h = surface.get_size()
    ui.text(surface, text, (w // 2, h - ui.px(34)), 22, GREY, align="center")
