"""The main menu over a slowly turning view of a stage above the deck (the backdrop)."""

from __future__ import annotations

import pygame

from game.app.screens.base import MenuList, SceneView, Screen, footer
from game.app.text import CYAN, GREY, WHITE
from game.data.errors import DataError

ITEMS = ["Fly", "Demo", "Controls", "Options", "Quit"]
BACKDROP_LEVELS = ("practice_touchdown", "practice_landing_burn")
BACKDROP_TURN_RADPS = 0.06


class Backdrop:
    """A World frozen at a level's start, shown with the orbit camera turning about it."""

    def __init__(self, level_names=BACKDROP_LEVELS) -> None:
        from game.data.loader import BROKEN_PREFIX, list_levels, load_level
        from game.sim.world import World

        names = list(level_names) + [n for n, t in list_levels()
                                     if not t.startswith(BROKEN_PREFIX)]
        self.world = World()
        for name in names:
            try:
                level = load_level(name)
            except DataError:
                continue
            self.world.reset(level)
            break
        self.snapshot = self.world.snapshot()

    def update(self, app, frame_s: float) -> None:
        if app.renderer is not None:
            app.renderer.orbit(BACKDROP_TURN_RADPS * frame_s, 0.0, 1.0)

    def view(self) -> SceneView:
        return SceneView(self.world, self.snapshot, self.snapshot, 0.0, "orbit")


def backdrop(app) -> Backdrop:
    if getattr(app, "backdrop", None) is None:
        app.backdrop = Backdrop()
    return app.backdrop


class MainMenu(Screen):
    def __init__(self, app) -> None:
        super().__init__(app)
        self.menu = MenuList(list(ITEMS))
        self.backdrop = backdrop(app)

    def handle(self, event: pygame.event.Event) -> None:
        choice = self.menu.handle(event)
        if choice == "back":
            self.app.quit()
        elif choice == "ok":
            self.choose(self.menu.current)

    def choose(self, item: str) -> None:
        app = self.app
        if item == "Fly":
            from game.app.screens.levels import LevelSelect

            app.push(LevelSelect(app))
        elif item == "Demo":
            from game.app.session import AutopilotUnavailable, load_autopilot_class

            try:
                load_autopilot_class()
            except AutopilotUnavailable as exc:
                app.notify(f"no demo: {exc}")
                return
            app.demo_next()
        elif item == "Controls":
            from game.app.screens.controls import ControlsScreen

            app.push(ControlsScreen(app))
        elif item == "Options":
            from game.app.screens.options import OptionsScreen

            app.push(OptionsScreen(app))
        elif item == "Quit":
            app.quit()

    def update(self, frame_s: float) -> None:
        self.backdrop.update(self.app, frame_s)

    def draw(self, surface: pygame.Surface) -> None:
        ui = self.app.ui
        w, h = surface.get_size()
        ui.text(surface, "HOVERSLAM", (ui.px(60), ui.px(60)), 96, WHITE)
        ui.text(surface, "Fly a Falcon 9 first stage back to the drone ship",
                (ui.px(64), ui.px(140)), 28, CYAN)
        self.menu.draw(surface, ui, ui.px(60), ui.px(200), ui.px(320), size=34)
        footer(surface, ui, "Enter: choose    Esc: quit")
        ui.text(surface, "H or F1 in flight: the keys", (w - ui.px(20), h - ui.px(34)), 20,
                GREY, align="right")

    def view(self) -> SceneView:
        return self.backdrop.view()
