"""The help overlay: the keyboard map as it is now (defaults plus the player's changes)."""

from __future__ import annotations

import pygame

from game.app.input.functions import GAME_PRESS_FUNCTIONS, HELD_LABELS, PILOT_PRESS_FUNCTIONS
from game.app.text import CYAN, GREY, PANEL_DARK, WHITE

MOUSE_LINES = ("Orbit camera: drag with the mouse to turn, wheel to zoom",)


def key_text(keymap, function: str) -> str:
    names = keymap.names_for(function)
    return " / ".join(n.upper() if len(n) == 1 else n for n in names) or "-"


def draw_help(surface: pygame.Surface, ui, keymap) -> None:
    w, h = surface.get_size()
    rect = pygame.Rect(ui.px(60), ui.px(70), w - ui.px(120), h - ui.px(140))
    ui.panel(surface, rect, PANEL_DARK, border=GREY)
    ui.text(surface, "KEYS", (rect.centerx, rect.y + ui.px(12)), 32, CYAN, align="center")
    columns = (("Flying", {**HELD_LABELS, **PILOT_PRESS_FUNCTIONS}),
               ("Game", GAME_PRESS_FUNCTIONS))
    col_w = rect.w // 2
    for c, (title, functions) in enumerate(columns):
        x = rect.x + ui.px(24) + c * col_w
        y = rect.y + ui.px(56)
        ui.text(surface, title, (x, y), 26, CYAN)
        y += ui.px(32)
        for function, label in functions.items():
            ui.text(surface, label, (x, y), 20, WHITE)
            ui.text(surface, key_text(keymap, function), (x + col_w - ui.px(48), y), 20, CYAN,
                    align="right")
            y += ui.px(22)
    y = rect.bottom - ui.px(34) * len(MOUSE_LINES) - ui.px(8)
    for line in MOUSE_LINES:
        ui.text(surface, line, (rect.centerx, y), 20, GREY, align="center")
        y += ui.px(30)
