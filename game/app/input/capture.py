""""Move the control you want": binding a function to whatever the player moves next.

``BindingCapture(function, joysticks)`` remembers where every axis rests when it starts;
then the first of these wins:

- an axis that moves more than ``AXIS_TRIGGER`` from its rest. The direction it moved in is
  taken as "+" (right, forward, up, full throttle, pressed), so a control moved the other
  way gets ``invert``. For an axis function: an ``AxisBinding`` on that device; a throttle
  whose rest was near the middle of its travel reads only its positive half (``range =
  "0..1"``). For a held or pressed function: a ``ButtonBinding`` on the axis, pressed half
  way from its rest to the end it moved toward (0.5 for a centred stick, 0 for a trigger
  resting at -1);
- a button or a hat direction (for held and pressed functions): a ``ButtonBinding``;
- a key (for held and pressed functions): its pygame name;
- Escape cancels.
"""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from game.app.input.devices import JoystickManager
from game.app.input.functions import AXIS_FUNCTIONS
from game.app.settings import AxisBinding, ButtonBinding

AXIS_TRIGGER = 0.5
HAT_NAMES = {(0, 1): "up", (0, -1): "down", (-1, 0): "left", (1, 0): "right"}


@dataclass
class Captured:
    """What was captured: exactly one of ``axis``, ``button`` or ``key`` (or ``cancelled``)."""

    axis: AxisBinding | None = None
    button: ButtonBinding | None = None
    key: str | None = None
    cancelled: bool = False


class BindingCapture:
    """Waits for the next control the player moves (see the module docstring)."""

    def __init__(self, function: str, joysticks: JoystickManager) -> None:
        self.function = function
        self.joysticks = joysticks
        self.wants_axis = function in AXIS_FUNCTIONS
        self.rest = joysticks.all_axes()
        self.result: Captured | None = None

    def handle(self, event: pygame.event.Event) -> Captured | None:
        """Feed one event; returns the capture once there is one."""
        if self.result is not None:
            return self.result
        if event.type == pygame.KEYDOWN:
            if event.key == pygame.K_ESCAPE:
                self.result = Captured(cancelled=True)
            elif not self.wants_axis:
                self.result = Captured(key=pygame.key.name(event.key))
        elif event.type == pygame.JOYBUTTONDOWN and not self.wants_axis:
            self.result = self._button(event.instance_id, button=event.button)
        elif event.type == pygame.JOYHATMOTION and not self.wants_axis:
            name = HAT_NAMES.get(tuple(event.value))
            if name:
                self.result = self._button(event.instance_id, hat=event.hat, direction=name)
        elif event.type == pygame.JOYDEVICEADDED:
            self.rest = self.joysticks.all_axes()
        return self.result

    def poll(self) -> Captured | None:
        """Look for an axis moved away from its rest (call once a frame)."""
        if self.result is not None:
            return self.result
        for instance_id, values in self.joysticks.all_axes().items():
            rest = self.rest.setdefault(instance_id, list(values))
            for index, value in enumerate(values):
                start = rest[index] if index < len(rest) else 0.0
                if abs(value - start) > AXIS_TRIGGER:
                    self.result = Captured(axis=self._axis(instance_id, index, start, value)) \
                        if self.wants_axis else self._axis_button(instance_id, index, start,
                                                                  value)
                    return self.result
        return None

    def _axis(self, instance_id: int, index: int, rest: float, value: float) -> AxisBinding:
        device = self.joysticks.devices[instance_id]
        lever_range = "0..1" if self.function == "throttle" and abs(rest) < 0.25 else "-1..1"
        return AxisBinding(function=self.function, device=device.name, guid=device.guid,
                           axis=index, invert=value < rest, range=lever_range,
                           dead_zone=0.02 if self.function == "throttle" else 0.08)

    def _axis_button(self, instance_id: int, index: int, rest: float,
                     value: float) -> Captured:
        invert = value < rest
        rest_seen = -rest if invert else rest  # where it rests, "+" being the way it moved
        threshold = min(0.95, max(-0.5, round(0.5 * (rest_seen + 1.0) * 20.0) / 20.0))
        return self._button(instance_id, axis=index, invert=invert, threshold=threshold)

    def _button(self, instance_id: int, **where) -> Captured | None:
        device = self.joysticks.devices.get(instance_id)
        if device is None:
            return None
        return Captured(button=ButtonBinding(function=self.function, device=device.name,
                                             guid=device.guid, **where))
