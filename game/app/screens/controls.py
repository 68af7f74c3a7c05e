"""The controls screen: every function with its keys and joystick binding, live readouts of
every connected device, and "move the control you want" binding.

Up/Down choose a function; Enter waits for the control you move next (an axis for pitch,
yaw, roll and throttle; a key, button, hat direction or axis for the rest; Esc cancels). For
the chosen axis binding: I inverts it, [ and ] change the dead zone, - and = the response
curve, T switches a throttle between -1..1 and 0..1. For an axis bound to a button function:
I inverts it, [ and ] move the threshold where it counts as pressed. Delete removes the
joystick bindings. Esc goes back and saves the settings (atomically).
"""

from __future__ import annotations

import pygame

from game.app.input.capture import BindingCapture
from game.app.input.functions import (
    AXIS_FUNCTIONS,
    BUTTON_FUNCTIONS,
    label,
)
from game.app.input.shaping import shape_axis, shape_throttle
from game.app.screens.base import MenuList, Screen, footer
from game.app.screens.help import key_text
from game.app.screens.menu import backdrop
from game.app.text import AMBER, CYAN, GREEN, GREY, PANEL_DARK, WHITE

FUNCTIONS = [*AXIS_FUNCTIONS, *BUTTON_FUNCTIONS]
VISIBLE_ROWS = 18


def describe_axis(b) -> str:
    parts = [f"axis {b.axis}"]
    if b.invert:
        parts.append("inverted")
    parts.append(f"dz {b.dead_zone:.2f}")
    if b.expo:
        parts.append(f"expo {b.expo:.2f}")
    if b.function == "throttle":
        parts.append(b.range)
    return ", ".join(parts) + (f" ({b.device})" if b.device else " (any device)")


def describe_button(b) -> str:
    if b.button is not None:
        where = f"button {b.button}"
    elif b.axis is not None:
        where = f"axis {b.axis}{' inverted' if b.invert else ''} past {b.threshold:+.2f}"
    else:
        where = f"hat {b.hat} {b.direction}"
    return where + (f" ({b.device})" if b.device else "")


class ControlsScreen(Screen):
    def __init__(self, app) -> None:
        super().__init__(app)
        self.menu = MenuList(list(FUNCTIONS))
        self.capture: BindingCapture | None = None
        self.backdrop = backdrop(app)

    @property
    def controls(self):
        return self.app.settings.controls

    # ------------------------------------------------------------------ events
    def handle(self, event: pygame.event.Event) -> None:
        if self.capture is not None:
            result = self.capture.handle(event)
            if result is not None:
                self._captured(result)
            return
        if event.type == pygame.KEYDOWN and self._edit_key(event.key):
            return
        choice = self.menu.handle(event)
        if choice == "back":
            self.app.save_settings()
            self.app.pop()
        elif choice == "ok":
            self.capture = BindingCapture(self.menu.current, self.app.joysticks)

    def update(self, frame_s: float) -> None:
        self.backdrop.update(self.app, frame_s)
        for notice in self.app.joysticks.take_notices():
            self.app.notify(notice)
        if self.capture is not None:
            result = self.capture.poll()
            if result is not None:
                self._captured(result)
        self.app.input.frame()  # keep the flight's presses from piling up here

    def _captured(self, result) -> None:
        function = self.capture.function
        self.capture = None
        if result.cancelled:
            return
        c = self.controls
        if result.axis is not None:
            c.axes = [b for b in c.axes if b.function != function] + [result.axis]
        elif result.button is not None:
            new = result.button
            c.buttons = [b for b in c.buttons if not (b.function == function
                                                      and b.guid == new.guid)] + [new]
        elif result.key is not None:
            self._bind_key(function, result.key)
        self.app.settings_dirty = True
        self.app.notify(f"{label(function)}: bound")

    def _bind_key(self, function: str, key_name: str) -> None:
        keymap, keys = self.app.keymap, self.controls.keys
        for other, names in list(keymap.keys.items()):
            if other != function and key_name in names:
                keymap.keys[other] = [n for n in names if n != key_name]
                keys[other] = keymap.keys[other]
        keymap.bind(function, key_name)
        keys[function] = keymap.keys[function]
        self.controls.keys = dict(keys)

    def _edit_key(self, key: int) -> bool:
        function = self.menu.current
        c = self.controls
        if key == pygame.K_DELETE:
            c.axes = [b for b in c.axes if b.function != function]
            c.buttons = [b for b in c.buttons if b.function != function]
            self.app.settings_dirty = True
            return True
        binding = next((b for b in c.axes if b.function == function), None)
        if binding is None:
            return self._edit_axis_button(key, function)
        if key == pygame.K_i:
            binding.invert = not binding.invert
        elif key in (pygame.K_LEFTBRACKET, pygame.K_RIGHTBRACKET):
            step = 0.01 if key == pygame.K_RIGHTBRACKET else -0.01
            binding.dead_zone = round(min(0.9, max(0.0, binding.dead_zone + step)), 2)
        elif key in (pygame.K_MINUS, pygame.K_EQUALS):
            step = 0.05 if key == pygame.K_EQUALS else -0.05
            binding.expo = round(min(1.0, max(0.0, binding.expo + step)), 2)
        elif key == pygame.K_t and function == "throttle":
            binding.range = "0..1" if binding.range == "-1..1" else "-1..1"
        else:
            return False
        self.app.settings_dirty = True
        return True

    def _edit_axis_button(self, key: int, function: str) -> bool:
        """I inverts, [ and ] move the threshold of the function's axis-as-button binding."""
        binding = next((b for b in self.controls.buttons
                        if b.function == function and b.axis is not None), None)
        if binding is None:
            return False
        if key == pygame.K_i:
            binding.invert = not binding.invert
        elif key in (pygame.K_LEFTBRACKET, pygame.K_RIGHTBRACKET):
            step = 0.05 if key == pygame.K_RIGHTBRACKET else -0.05
            low = -0.95 + binding.hysteresis
            binding.threshold = round(min(0.95, max(low, binding.threshold + step)), 2)
        else:
            return False
        self.app.settings_dirty = True
        return True

    # ------------------------------------------------------------------ drawing
    def draw(self, surface: pygame.Surface) -> None:
        ui = self.app.ui
        w, h = surface.get_size()
        ui.text(surface, "CONTROLS", (ui.px(40), ui.px(20)), 40, WHITE)
        table = pygame.Rect(ui.px(30), ui.px(70), int(w * 0.6), h - ui.px(130))
        self._table(surface, table)
        devices = pygame.Rect(table.right + ui.px(16), table.y, w - table.right - ui.px(46),
                              table.h)
        self._devices(surface, devices)
        if self.capture is not None:
            self._capture_prompt(surface)
        footer(surface, ui, "Enter: bind    I: invert    [ ]: dead zone / threshold    "
               "- =: curve    T: throttle range    Del: unbind    Esc: save and back")

    def _table(self, surface, rect: pygame.Rect) -> None:
        ui = self.app.ui
        ui.panel(surface, rect, PANEL_DARK, border=GREY)
        first = max(0, min(self.menu.selected - VISIBLE_ROWS // 2,
                           len(FUNCTIONS) - VISIBLE_ROWS))
        row_h = (rect.h - ui.px(20)) // VISIBLE_ROWS
        for row, function in enumerate(FUNCTIONS[first:first + VISIBLE_ROWS]):
            y = rect.y + ui.px(10) + row * row_h
            selected = first + row == self.menu.selected
            if selected:
                pygame.draw.rect(surface, (40, 90, 120, 200),
                                 (rect.x + 4, y - 2, rect.w - 8, row_h), border_radius=4)
            color = CYAN if selected else WHITE
            ui.text(surface, label(function), (rect.x + ui.px(12), y), 19, color)
            keys = "" if function in AXIS_FUNCTIONS else key_text(self.app.keymap, function)
            ui.text(surface, keys, (rect.x + int(rect.w * 0.52), y), 19, GREEN)
            ui.text(surface, self._joystick_text(function), (rect.right - ui.px(10), y), 17,
                    GREY, align="right")

    def _joystick_text(self, function: str) -> str:
        c = self.controls
        if function in AXIS_FUNCTIONS:
            return "; ".join(describe_axis(b) for b in c.axes if b.function == function)
        return "; ".join(describe_button(b) for b in c.buttons if b.function == function)

    def _devices(self, surface, rect: pygame.Rect) -> None:
        ui = self.app.ui
        ui.panel(surface, rect, PANEL_DARK, border=GREY)
        x, y = rect.x + ui.px(12), rect.y + ui.px(10)
        joysticks = self.app.joysticks
        if not joysticks.devices:
            ui.text(surface, "No joystick or gamepad connected.", (x, y), 20, GREY)
            ui.text(surface, "Plug one in at any time.", (x, y + ui.px(24)), 20, GREY)
            return
        bar_w = rect.w - ui.px(90)
        for device in list(joysticks.devices.values()):
            ui.text(surface, device.name[:40], (x, y), 20, CYAN)
            y += ui.px(24)
            for i in range(device.axes):
                value = joysticks.axis(device, i)
                ui.text(surface, f"axis {i}", (x, y), 17, GREY)
                self._axis_bar(surface, pygame.Rect(x + ui.px(60), y + ui.px(3), bar_w,
                                                    ui.px(10)), value)
                y += ui.px(18)
            pressed = [str(i) for i in range(device.buttons) if joysticks.button(device, i)]
            ui.text(surface, "buttons: " + (" ".join(pressed) or "-"), (x, y), 17, GREY)
            y += ui.px(28)
            if y > rect.bottom - ui.px(60):
                break
        self._shaped(surface, x, rect.bottom - ui.px(30))

    def _axis_bar(self, surface, rect: pygame.Rect, value: float) -> None:
        pygame.draw.rect(surface, (40, 50, 60), rect)
        mid = rect.centerx
        end = mid + round(value * rect.w / 2)
        pygame.draw.rect(surface, GREEN, (min(mid, end), rect.y, abs(end - mid) + 1, rect.h))

    def _shaped(self, surface, x: int, y: int) -> None:
        """What the chosen axis binding gives now, after invert, dead zone and curve (or,
        for an axis bound to a button function, whether it is past its threshold)."""
        function = self.menu.current
        if function not in AXIS_FUNCTIONS:
            self._axis_button_state(surface, x, y, function)
            return
        b = next((b for b in self.controls.axes if b.function == function), None)
        device = self.app.joysticks.find(b.device, b.guid) if b else None
        if b is None or device is None:
            return
        raw = self.app.joysticks.axis(device, b.axis)
        value = shape_throttle(raw, b.invert, b.dead_zone, b.expo, b.range) \
            if function == "throttle" else shape_axis(raw, b.invert, b.dead_zone, b.expo)
        self.app.ui.text(surface, f"{label(function)} now: {value:+.3f}", (x, y), 20, AMBER)

    def _axis_button_state(self, surface, x: int, y: int, function: str) -> None:
        b = next((b for b in self.controls.buttons
                  if b.function == function and b.axis is not None), None)
        device = self.app.joysticks.find(b.device, b.guid) if b else None
        if b is None or device is None:
            return
        raw = self.app.joysticks.axis(device, b.axis)
        value = -raw if b.invert else raw
        state = "pressed" if value >= b.threshold else "released"
        self.app.ui.text(surface, f"{label(function)} now: {value:+.2f} {state}", (x, y), 20,
                         AMBER)

    def _capture_prompt(self, surface) -> None:
        ui = self.app.ui
        w, h = surface.get_size()
        what = "axis" if self.capture.wants_axis else "key, button, hat or axis"
        text = f"Move the {what} you want for: {label(self.capture.function)}"
        rect = pygame.Rect(0, 0, ui.font(30).size(text)[0] + ui.px(60), ui.px(100))
        rect.center = (w // 2, h // 2)
        ui.panel(surface, rect, (10, 20, 30, 240), border=CYAN)
        ui.text(surface, text, (rect.centerx, rect.y + ui.px(22)), 30, WHITE, align="center")
        ui.text(surface, "Esc: cancel", (rect.centerx, rect.y + ui.px(62)), 20, GREY,
                align="center")

    def view(self):
        below = self.app.screens[-2] if len(self.app.screens) > 1 else None
        return below.view() if below is not None else self.backdrop.view()
