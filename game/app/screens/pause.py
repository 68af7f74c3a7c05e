"""The pause menu over the frozen flight: resume, restart, controls, options, leave."""

from __future__ import annotations

import pygame

from game.app.screens.base import MenuList, Screen, footer
from game.app.text import CYAN

ITEMS = ["Resume", "Restart", "Controls", "Options", "Main menu", "Quit"]


class PauseScreen(Screen):
    transparent = True

    def __init__(self, app, flight) -> None:
        super().__init__(app)
        self.flight = flight
        self.menu = MenuList(list(ITEMS))

    def handle(self, event: pygame.event.Event) -> None:
        choice = self.menu.handle(event)
        if choice == "back":
            self.resume()
        elif choice == "ok":
            self.choose(self.menu.current)

    def choose(self, item: str) -> None:
        app = self.app
        if item == "Resume":
            self.resume()
        elif item == "Restart":
            self.resume()
            self.flight.restart()
        elif item == "Controls":
            from game.app.screens.controls import ControlsScreen

            app.push(ControlsScreen(app))
        elif item == "Options":
            from game.app.screens.options import OptionsScreen

            app.push(OptionsScreen(app))
        elif item == "Main menu":
            from game.app.screens.menu import MainMenu

            app.replace_all(MainMenu(app))
        elif item == "Quit":
            app.quit()

    def resume(self) -> None:
        self.app.pop()  # the flight's enter() resynchronises its loop

    def draw(self, surface: pygame.Surface) -> None:
        ui = self.app.ui
        w, h = surface.get_size()
        shade = pygame.Surface((w, h), pygame.SRCALPHA)
        shade.fill((0, 0, 0, 110))
        surface.blit(shade, (0, 0))
        ui.text(surface, "PAUSED", (w // 2, h // 2 - ui.px(200)), 48, CYAN, align="center")
        width = ui.px(320)
        self.menu.draw(surface, ui, w // 2 - width // 2, h // 2 - ui.px(140), width)
        footer(surface, ui, "Enter: choose    Esc: resume")

    def view(self):
        return self.flight.view()
