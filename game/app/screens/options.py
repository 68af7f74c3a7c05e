"""Options: sound volume and mute, full screen, the default camera, the HUD, how the stick
flies the stage (map or body axes, rate hold) and its feel. Left/Right change the chosen
line; Esc goes back and saves the settings (atomically)."""

from __future__ import annotations

import pygame

from game.app.director import CAMERAS
from game.app.screens.base import MenuList, Screen, footer
from game.app.screens.menu import backdrop
from game.app.text import CYAN, WHITE

ITEMS = ["Volume", "Sound", "Full screen", "Camera", "HUD", "Stick axes", "Rate hold",
         "Max turn rate", "Frame cap without vsync"]


class OptionsScreen(Screen):
    def __init__(self, app) -> None:
        super().__init__(app)
        self.menu = MenuList(list(ITEMS))
        self.backdrop = backdrop(app)

    def handle(self, event: pygame.event.Event) -> None:
        choice = self.menu.handle(event)
        if choice == "back":
            self.app.save_settings()
            self.app.pop()
        elif choice in ("left", "right", "ok"):
            self.change(self.menu.current, -1 if choice == "left" else 1)

    def change(self, item: str, step: int) -> None:
        app, s = self.app, self.app.settings
        if item == "Volume":
            s.audio.volume = round(min(1.0, max(0.0, s.audio.volume + 0.1 * step)), 2)
            app.sound.set_volume(s.audio.volume, s.audio.muted)
        elif item == "Sound":
            app.toggle_mute()
        elif item == "Full screen":
            app.toggle_fullscreen()
        elif item == "Camera":
            s.video.camera = CAMERAS[(CAMERAS.index(s.video.camera) + step) % len(CAMERAS)]
        elif item == "HUD":
            s.video.hud = not s.video.hud
        elif item == "Stick axes":
            s.controls.attitude_frame = "body" if s.controls.attitude_frame == "map" else "map"
        elif item == "Rate hold":
            s.controls.assist = not s.controls.assist
        elif item == "Max turn rate":
            s.controls.assist_max_rate_degps = min(30.0, max(1.0, s.controls.
                                                             assist_max_rate_degps + step))
        elif item == "Frame cap without vsync":
            s.video.max_fps = min(240, max(0, s.video.max_fps + 30 * step))
        app.settings_dirty = True

    def values(self) -> list[str]:
        s = self.app.settings
        return [
            f"{s.audio.volume * 100:.0f}%",
            "off" if s.audio.muted else "on",
            "on" if s.video.fullscreen else "off",
            s.video.camera,
            "shown" if s.video.hud else "hidden",
            "map (tilt toward east / north)" if s.controls.attitude_frame == "map"
            else "body (torques)",
            "on" if s.controls.assist else "off",
            f"{s.controls.assist_max_rate_degps:.0f} deg/s",
            f"{s.video.max_fps} fps" if s.video.max_fps else "none",
        ]

    def update(self, frame_s: float) -> None:
        self.backdrop.update(self.app, frame_s)

    def draw(self, surface: pygame.Surface) -> None:
        ui = self.app.ui
        ui.text(surface, "OPTIONS", (ui.px(60), ui.px(40)), 44, WHITE)
        labels = [f"{item}:  {value}" for item, value in zip(ITEMS, self.values(), strict=True)]
        self.menu.draw(surface, ui, ui.px(60), ui.px(110), ui.px(620), size=28, labels=labels)
        footer(surface, ui, "Left / Right: change    Esc: save and back")
        ui.text(surface, "Flight changes apply from the next flight.",
                (ui.px(60), ui.px(110) + ui.px(28 * 1.45) * len(ITEMS) + ui.px(34)), 20, CYAN)

    def view(self):
        below = self.app.screens[-2] if len(self.app.screens) > 1 else None
        return below.view() if below is not None else self.backdrop.view()
