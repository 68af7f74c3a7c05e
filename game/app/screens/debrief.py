"""The debrief: the verdict, the touchdown figures against the level's limits, and the plots.

Keys: R flies the level again, Enter goes to the level list, Escape to the main menu, P saves
the plots as a PNG in the user's data folder. In demo mode the next flight starts by itself.
"""

from __future__ import annotations

import math
import time
from pathlib import Path

import pygame

from game.app.screens.base import Screen, footer
from game.app.text import AMBER, CYAN, GREEN, GREY, PANEL_DARK, RED, WHITE

VERDICTS = {
    "landed": ("LANDED", GREEN),
    "crashed": ("CRASHED", RED),
    "missed": ("MISSED THE PAD", RED),
    "splashed": ("IN THE SEA", RED),
    "broke_up": ("BROKE UP", RED),
    "out_of_propellant": ("OUT OF PROPELLANT", AMBER),
    "timeout": ("TIME OUT", AMBER),
}


def touchdown_rows(summary: dict) -> list[tuple[str, str, bool]]:
    """(label, value against its limit, within the limit) for each touchdown figure."""
    td, rules = summary.get("touchdown"), summary["success"]
    if not td:
        return []
    return [
        ("vertical speed", f"{td['vertical_speed_mps']:.2f} m/s  (max "
         f"{rules.max_vertical_speed_mps:g})", td["vertical_speed_mps"] <=
         rules.max_vertical_speed_mps),
        ("lateral speed", f"{td['lateral_speed_mps']:.2f} m/s  (max "
         f"{rules.max_lateral_speed_mps:g})", td["lateral_speed_mps"] <=
         rules.max_lateral_speed_mps),
        ("tilt", f"{td['tilt_deg']:.1f} deg  (max {rules.max_tilt_deg:g})",
         td["tilt_deg"] <= rules.max_tilt_deg),
        ("from the centre", f"{td['distance_from_center_m']:.1f} m  (max "
         f"{rules.max_distance_m:g})", td["distance_from_center_m"] <= rules.max_distance_m),
        ("angular rate", f"{td['angular_rate_degps']:.2f} deg/s", True),
        ("legs", "locked" if td["legs_deployed"] else "NOT deployed", td["legs_deployed"]),
    ]


class DebriefScreen(Screen):
    def __init__(self, app, flight, auto_next_s: float | None = None) -> None:
        super().__init__(app)
        self.flight = flight
        self.summary = flight.session.summary()
        self.auto_next_s = auto_next_s
        self._plot: pygame.Surface | None = None
        self._plot_size = (0, 0)

    def handle(self, event: pygame.event.Event) -> None:
        if event.type != pygame.KEYDOWN:
            return
        if event.key == pygame.K_r:
            self.app.pop()
            self.flight.restart()
        elif event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            from game.app.screens.levels import LevelSelect

            self.app.replace_all(LevelSelect(self.app, self.flight.level.name))
        elif event.key == pygame.K_ESCAPE:
            from game.app.screens.menu import MainMenu

            self.app.replace_all(MainMenu(self.app))
        elif event.key == pygame.K_p:
            self.save_plots()

    def update(self, frame_s: float) -> None:
        if self.auto_next_s is not None:
            self.auto_next_s -= frame_s
            if self.auto_next_s <= 0.0:
                self.auto_next_s = None
                self.app.demo_next()

    def save_plots(self) -> None:
        import platformdirs

        from game.app.plots import save_plots

        folder = Path(platformdirs.user_data_dir("hoverslam")) / "flights"
        path = folder / time.strftime(f"{self.summary['level']}-%Y%m%d-%H%M%S.png")
        try:
            save_plots(self.flight.session.recorder.series, path)
        except OSError as exc:
            self.app.notify(f"plots not saved: {exc.strerror or exc}")
            return
        self.app.notify(f"plots saved: {path}")

    def _plot_surface(self, size: tuple[int, int]) -> pygame.Surface:
        if self._plot is None or self._plot_size != size:
            from game.app.plots import plot_rgba

            data = plot_rgba(self.flight.session.recorder.series, *size)
            self._plot = pygame.image.frombuffer(data, size, "RGBA").copy()
            self._plot_size = size
        return self._plot

    def draw(self, surface: pygame.Surface) -> None:
        ui = self.app.ui
        w, h = surface.get_size()
        s = self.summary
        left = pygame.Rect(ui.px(30), ui.px(30), ui.px(420), h - ui.px(100))
        ui.panel(surface, left, PANEL_DARK, border=GREY)
        verdict, color = VERDICTS.get(s["outcome"], (s["outcome"].upper(), WHITE))
        x, y = left.x + ui.px(20), left.y + ui.px(16)
        ui.text(surface, s["title"], (x, y), 22, GREY)
        ui.text(surface, verdict, (x, y + ui.px(28)), 52, color)
        ui.text(surface, s["reason"], (x, y + ui.px(80)), 22, WHITE)
        y += ui.px(120)
        for label, value, ok in touchdown_rows(s):
            ui.text(surface, label, (x, y), 22, GREY)
            ui.text(surface, value, (left.right - ui.px(20), y), 22, GREEN if ok else RED,
                    align="right")
            y += ui.px(28)
        y += ui.px(12)
        for label, value in (("propellant left", f"{s['propellant_left_kg']:,.0f} kg"),
                             ("flight time", f"{s['sim_time_s']:.1f} s"),
                             ("pilot", self._pilots())):
            ui.text(surface, label, (x, y), 22, GREY)
            ui.text(surface, value, (left.right - ui.px(20), y), 22, WHITE, align="right")
            y += ui.px(28)
        plot_rect = pygame.Rect(left.right + ui.px(20), left.y, w - left.right - ui.px(50),
                                left.h)
        if plot_rect.w > 100 and plot_rect.h > 100:
            surface.blit(self._plot_surface(plot_rect.size), plot_rect)
        hint = "R: fly again    Enter: levels    Esc: main menu    P: save the plots"
        if self.auto_next_s is not None:
            hint = f"next flight in {math.ceil(self.auto_next_s)} s    Esc: main menu"
        footer(surface, ui, hint)
        ui.text(surface, "DEBRIEF", (w // 2, ui.px(4)), 22, CYAN, align="center")

    def _pilots(self) -> str:
        flags = self.flight.session.recorder.series["autopilot"]
        share = sum(flags) / len(flags) if flags else 0.0
        if share <= 0.0:
            return "you"
        if share >= 1.0:
            return "the autopilot"
        return f"you and the autopilot ({share * 100:.0f}%)"

    def view(self):
        return self.flight.view()
