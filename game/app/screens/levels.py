"""Level select: the levels on the left; the chosen one's story, weather and date on the right.

Enter flies it, A lets the autopilot fly it (you can take over with Tab), Esc goes back. A
level file that does not load is listed with its one-line error and cannot be chosen.
"""

from __future__ import annotations

import pygame

from game.app.screens.base import MenuList, Screen, footer
from game.app.screens.menu import backdrop
from game.app.text import AMBER, CYAN, GREY, PANEL_DARK, RED, WHITE
from game.data.errors import DataError
from game.data.loader import BROKEN_PREFIX, list_levels, load_level

COMPASS = ("N", "NE", "E", "SE", "S", "SW", "W", "NW")


def compass(deg: float) -> str:
    return COMPASS[round(deg / 45.0) % 8]


def weather_lines(spec) -> list[str]:
    """The level's weather and site in words."""
    w, sea, ship = spec.weather, spec.sea, spec.ship
    visibility = (f"{w.fog_visibility_m / 1000:.0f} km" if w.fog_visibility_m >= 1000
                  else f"{w.fog_visibility_m:.0f} m")
    site = ship.name if ship.kind == "drone_ship" else f"{ship.name} (land pad)"
    lines = [
        f"Date: {spec.level.date or 'invented'}",
        f"Where: {site}",
        f"Time of day: {w.time_of_day}",
        f"Wind: {w.wind_speed_mps:.0f} m/s from the {compass(w.wind_from_deg)}"
        + (f", gusts {w.gust_intensity * 100:.0f}%" if w.gust_intensity else ""),
        f"Visibility: {visibility}" + (" (fog)" if w.fog_visibility_m < 5000 else ""),
    ]
    if ship.kind == "drone_ship":
        lines.append(f"Sea: waves {sea.significant_wave_height_m:.1f} m (significant), "
                     f"period {sea.peak_period_s:.0f} s")
    start = spec.start
    lines.append(f"Start: {start.phase.replace('_', ' ')} at {start.altitude_m / 1000:.1f} km, "
                 f"{start.propellant_kg / 1000:.1f} t of propellant, "
                 f"{start.engine_starts_left} engine starts")
    if spec.faults:
        lines.append(f"Faults: {len(spec.faults)} possible")
    return lines


class LevelSelect(Screen):
    def __init__(self, app, selected: str | None = None) -> None:
        super().__init__(app)
        self.entries = list_levels()
        names = [n for n, _ in self.entries]
        self.menu = MenuList(names, names.index(selected) if selected in names else 0)
        self.backdrop = backdrop(app)
        self._cache: dict[str, object] = {}

    def _level(self, name: str):
        if name not in self._cache:
            try:
                self._cache[name] = load_level(name)
            except DataError as exc:
                self._cache[name] = exc
        return self._cache[name]

    def handle(self, event: pygame.event.Event) -> None:
        choice = self.menu.handle(event)
        if choice == "back":
            self.app.pop()
        elif choice == "ok":
            self.fly("human")
        elif event.type == pygame.KEYDOWN and event.key == pygame.K_a:
            self.fly("autopilot")

    def fly(self, pilot: str) -> None:
        from game.app.screens.flight import FlightScreen
        from game.app.session import AutopilotUnavailable

        level = self._level(self.menu.current)
        if isinstance(level, DataError):
            self.app.notify(str(level))
            return
        try:
            screen = FlightScreen(self.app, level, pilot)
        except AutopilotUnavailable as exc:
            self.app.notify(str(exc))
            return
        self.app.replace_all(screen)

    def update(self, frame_s: float) -> None:
        self.backdrop.update(self.app, frame_s)

    def draw(self, surface: pygame.Surface) -> None:
        ui = self.app.ui
        w, h = surface.get_size()
        ui.text(surface, "CHOOSE A FLIGHT", (ui.px(40), ui.px(24)), 40, WHITE)
        labels = [t if not t.startswith(BROKEN_PREFIX) else f"{n} (broken)"
                  for n, t in self.entries]
        self.menu.draw(surface, ui, ui.px(40), ui.px(80), ui.px(470), size=22, labels=labels)
        self._details(surface, pygame.Rect(ui.px(540), ui.px(80), w - ui.px(580),
                                           h - ui.px(150)))
        footer(surface, ui, "Enter: fly    A: watch the autopilot    Esc: back")

    def _details(self, surface, rect: pygame.Rect) -> None:
        ui = self.app.ui
        ui.panel(surface, rect, PANEL_DARK, border=GREY)
        x, y = rect.x + ui.px(18), rect.y + ui.px(14)
        level = self._level(self.menu.current)
        if isinstance(level, DataError):
            for line in ui.wrap(str(level), 20, rect.w - ui.px(36)):
                ui.text(surface, line, (x, y), 20, RED)
                y += ui.px(24)
            return
        spec = level.spec
        ui.text(surface, spec.level.title, (x, y), 30, CYAN)
        y += ui.px(40)
        for line in weather_lines(spec):
            ui.text(surface, line, (x, y), 21, AMBER if line.startswith("Faults") else WHITE)
            y += ui.px(24)
        y += ui.px(10)
        for line in ui.wrap(spec.level.description, 21, rect.w - ui.px(36)):
            if y > rect.bottom - ui.px(30):
                break
            ui.text(surface, line, (x, y), 21, GREY)
            y += ui.px(23)

    def view(self):
        return self.backdrop.view()
