"""Keyboard + joysticks -> one ``PilotInput`` and the game's presses, once per frame.

Events come in through ``handle`` (keys held and released, buttons and hat directions
pressed, devices plugged and unplugged); ``frame()`` then reads the joysticks' axes, buttons
and hats and combines everything:

- pitch, yaw, roll: the attitude keys (+-1) plus every bound axis, clamped to -1..1;
- throttle: the throttle keys give a rate; a bound lever sets the throttle absolutely, but
  only once it has moved (by more than ``LEVER_WAKE``) since it was first seen or since the
  last take-over, so plugging a joystick in or taking the controls from the autopilot never
  makes the throttle jump to wherever the lever happens to rest ("last moved wins");
- presses: keys, buttons, hat directions and axes bound to press functions, split into the
  pilot's and the game's.

An axis bound to a button function (a trigger that deploys the legs) is down once its value
(negated if ``invert``) reaches the binding's ``threshold`` and up again once it falls below
``threshold - hysteresis``; going down is a press. An axis already past its threshold when
first seen (a device plugged in with the trigger pulled) counts as down without a press: it
must be released and pulled again.

A centred axis (pitch, yaw, roll) counts only once it has been seen near its centre
(``CENTRED``) since its device appeared: a throttle lever or a pedal resting at one end, caught
by a binding meant for a stick (the default binds any device's axes 0 and 1), does not slam
the stage over.

Key state is tracked from the events themselves (not ``pygame.key.get_pressed``), so
synthetic and real key events behave the same, and everything held is released when the
window loses focus. A binding whose device is unplugged contributes nothing: the keyboard
goes on working alone.
"""

from __future__ import annotations

from collections.abc import Iterable

import pygame

from game.app.input.devices import JoystickManager
from game.app.input.functions import (
    AXIS_FUNCTIONS,
    HELD_FUNCTIONS,
    PILOT_PRESS_FUNCTIONS,
    PRESS_FUNCTIONS,
)
from game.app.input.keymap import Keymap
from game.app.input.shaping import clamp_unit, shape_axis, shape_throttle
from game.pilots.human import PilotInput

LEVER_WAKE = 0.03  # a lever must move this much (of its 0..1 travel) before it takes over
CENTRED = 0.2  # a centred axis counts once it has been seen this close to its centre
HAT_DIRECTIONS = {"up": (0, 1), "down": (0, -1), "left": (-1, 0), "right": (1, 0)}


def _matches(binding, device) -> bool:
    return ((not binding.guid or binding.guid == device.guid)
            and (not binding.device or binding.device == device.name))


class InputMapper:
    """Turns events and device state into per-frame input (see the module docstring)."""

    def __init__(self, keymap: Keymap, controls, joysticks: JoystickManager) -> None:
        self.keymap = keymap
        self.controls = controls  # settings.ControlsSettings (its axes and buttons lists)
        self.joysticks = joysticks
        self.held_keys: set[int] = set()
        self._presses: list[str] = []
        self._hats: dict[tuple[int, int], tuple[int, int]] = {}
        self._levers: dict[int, list] = {}  # id(binding) -> [baseline, awake]
        self._centred: set[tuple[int, int, int]] = set()  # (device, axis, id(binding)) seen
        self._axis_down: dict[tuple[int, int], bool] = {}  # (device, id(binding)) -> down
        self.last_axes: dict[str, float] = dict.fromkeys(AXIS_FUNCTIONS, 0.0)

    # ------------------------------------------------------------------ events
    def handle(self, event: pygame.event.Event) -> None:
        kind = event.type
        if kind == pygame.KEYDOWN:
            self.held_keys.add(event.key)
            self._presses += [f for f in self.keymap.functions_for(event.key)
                              if f in PRESS_FUNCTIONS]
        elif kind == pygame.KEYUP:
            self.held_keys.discard(event.key)
        elif kind == pygame.WINDOWFOCUSLOST:
            self.held_keys.clear()
        elif kind == pygame.JOYBUTTONDOWN:
            self._presses += self._button_presses(event.instance_id, event.button)
        elif kind == pygame.JOYHATMOTION:
            self._presses += self._hat_presses(event.instance_id, event.hat, event.value)
        elif self.joysticks.handle(event) and kind == pygame.JOYDEVICEREMOVED:
            self._levers.clear()

    def _button_presses(self, instance_id: int, button: int) -> list[str]:
        device = self.joysticks.devices.get(instance_id)
        if device is None:
            return []
        return [b.function for b in self.controls.buttons
                if b.button == button and b.function in PRESS_FUNCTIONS
                and _matches(b, device)]

    def _hat_presses(self, instance_id: int, hat: int, value) -> list[str]:
        device = self.joysticks.devices.get(instance_id)
        before = self._hats.get((instance_id, hat), (0, 0))
        self._hats[(instance_id, hat)] = tuple(value)
        if device is None:
            return []
        out = []
        for b in self.controls.buttons:
            if b.hat != hat or b.function not in PRESS_FUNCTIONS or not _matches(b, device):
                continue
            if _hat_on(value, b.direction) and not _hat_on(before, b.direction):
                out.append(b.function)
        return out

    def release_levers(self) -> None:
        """Levers must move again before they set the throttle (after a take-over)."""
        for state in self._levers.values():
            state[1] = False
            state[0] = None

    # ------------------------------------------------------------------ per frame
    def frame(self) -> tuple[PilotInput, list[str]]:
        """This frame's pilot input and game presses; the presses are consumed."""
        self._read_axis_buttons()
        axes = dict.fromkeys(("pitch", "yaw", "roll"), 0.0)
        throttle_rate = 0.0
        for function in self._held_functions():
            axis, sign = HELD_FUNCTIONS[function]
            if axis == "throttle":
                throttle_rate += sign
            else:
                axes[axis] += sign
        throttle_set = self._read_axes(axes)
        presses, self._presses = self._presses, []
        pilot = tuple(p for p in presses if p in PILOT_PRESS_FUNCTIONS)
        game = [p for p in presses if p not in PILOT_PRESS_FUNCTIONS]
        for name in axes:
            axes[name] = clamp_unit(axes[name])
            self.last_axes[name] = axes[name]
        frame_input = PilotInput(pitch=axes["pitch"], yaw=axes["yaw"], roll=axes["roll"],
                                 throttle_rate=clamp_unit(throttle_rate),
                                 throttle_set=throttle_set, presses=pilot)
        return frame_input, game

    def _held_functions(self) -> Iterable[str]:
        for key in self.held_keys:
            for function in self.keymap.functions_for(key):
                if function in HELD_FUNCTIONS:
                    yield function
        for b in self.controls.buttons:
            if b.function not in HELD_FUNCTIONS:
                continue
            device = self.joysticks.find(b.device, b.guid)
            if device is None:
                continue
            if b.button is not None:
                down = self.joysticks.button(device, b.button)
            elif b.axis is not None:
                down = self._axis_down.get((device.instance_id, id(b)), False)
            else:
                down = _hat_on(self.joysticks.hat(device, b.hat), b.direction)
            if down:
                yield b.function

    def _read_axis_buttons(self) -> None:
        """Up or down for every axis bound to a button function (with hysteresis); going
        down adds a press for a pressed function (see the module docstring)."""
        now: dict[tuple[int, int], bool] = {}
        for b in self.controls.buttons:
            if b.axis is None:
                continue
            device = self.joysticks.find(b.device, b.guid)
            if device is None:
                continue
            raw = self.joysticks.axis(device, b.axis)
            value = -raw if b.invert else raw
            key = (device.instance_id, id(b))
            was = self._axis_down.get(key)
            down = value >= (b.threshold - b.hysteresis if was else b.threshold)
            now[key] = down
            if down and was is False and b.function in PRESS_FUNCTIONS:
                self._presses.append(b.function)
        self._axis_down = now  # bindings removed or devices gone are forgotten

    def _read_axes(self, axes: dict[str, float]) -> float | None:
        """Add bound axes into ``axes``; return a lever's throttle if one moved."""
        throttle_set = None
        for b in self.controls.axes:
            device = self.joysticks.find(b.device, b.guid)
            if device is None:
                continue
            raw = self.joysticks.axis(device, b.axis)
            if b.function == "throttle":
                value = shape_throttle(raw, b.invert, b.dead_zone, b.expo, b.range)
                self.last_axes["throttle"] = value
                if self._lever_moved(id(b), value):
                    throttle_set = value
            else:
                key = (device.instance_id, b.axis, id(b))
                if key not in self._centred:
                    if abs(raw) > CENTRED:
                        continue
                    self._centred.add(key)
                axes[b.function] += shape_axis(raw, b.invert, b.dead_zone, b.expo)
        return throttle_set

    def _lever_moved(self, key: int, value: float) -> bool:
        state = self._levers.setdefault(key, [None, False])
        if state[0] is None:
            state[0] = value
            return False
        if not state[1]:
            if abs(value - state[0]) <= LEVER_WAKE:
                return False
            state[1] = True
        moved = abs(value - state[0]) > 1e-6
        state[0] = value
        return moved


def _hat_on(value, direction: str | None) -> bool:
    if direction is None:
        return False
    dx, dy = HAT_DIRECTIONS[direction]
    return (dx != 0 and value[0] == dx) or (dy != 0 and value[1] == dy)
