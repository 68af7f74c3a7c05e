"""Joysticks and gamepads, plugged and unplugged at any time.

SDL reports a new device with ``JOYDEVICEADDED`` (by device index) and a lost one with
``JOYDEVICEREMOVED`` (by instance id). ``JoystickManager`` opens every device it is told of,
forgets a removed one at once, and reads axes, buttons and hats defensively: a device that
vanishes between the event and the read is dropped, never raised to the game. Bindings name a
device by SDL's GUID and name; an empty name and GUID match any device. Every change leaves a
one-line notice for the HUD ("joystick 'X' disconnected: keyboard only").
"""

from __future__ import annotations

from dataclasses import dataclass

import pygame


@dataclass
class Device:
    """One open joystick and what it has."""

    instance_id: int
    joystick: pygame.joystick.JoystickType
    name: str
    guid: str
    axes: int
    buttons: int
    hats: int


class JoystickManager:
    """The open devices, keyed by SDL instance id, in plug-in order."""

    def __init__(self) -> None:
        self.devices: dict[int, Device] = {}
        self.notices: list[str] = []
        try:
            pygame.joystick.init()
        except pygame.error as exc:
            self.notices.append(f"joysticks unavailable: {exc}")
            return
        for index in range(pygame.joystick.get_count()):
            self._open(index, announce=False)

    # ------------------------------------------------------------------ hot-plug
    def handle(self, event: pygame.event.Event) -> bool:
        """Track plug and unplug events; True if the event was one of them."""
        if event.type == pygame.JOYDEVICEADDED:
            self._open(event.device_index, announce=True)
            return True
        if event.type == pygame.JOYDEVICEREMOVED:
            self._drop(event.instance_id)
            return True
        return False

    def _open(self, index: int, announce: bool) -> None:
        try:
            joystick = pygame.joystick.Joystick(index)
            instance_id = joystick.get_instance_id()
            if instance_id in self.devices:
                return
            device = Device(instance_id, joystick, joystick.get_name(), joystick.get_guid(),
                            joystick.get_numaxes(), joystick.get_numbuttons(),
                            joystick.get_numhats())
        except pygame.error:
            return  # gone again before we could open it
        self.devices[instance_id] = device
        if announce:
            self.notices.append(f"joystick '{device.name}' connected")

    def _drop(self, instance_id: int) -> None:
        device = self.devices.pop(instance_id, None)
        if device is not None:
            self.notices.append(f"joystick '{device.name}' disconnected: keyboard only"
                                if not self.devices else
                                f"joystick '{device.name}' disconnected")

    # ------------------------------------------------------------------ reading
    def find(self, name: str, guid: str) -> Device | None:
        """The first open device matching a binding's name and GUID (empty = any)."""
        for device in self.devices.values():
            if guid and device.guid != guid:
                continue
            if name and device.name != name:
                continue
            return device
        return None

    def axis(self, device: Device, index: int) -> float:
        if index >= device.axes:
            return 0.0
        try:
            return float(device.joystick.get_axis(index))
        except pygame.error:
            self._drop(device.instance_id)
            return 0.0

    def button(self, device: Device, index: int) -> bool:
        if index >= device.buttons:
            return False
        try:
            return bool(device.joystick.get_button(index))
        except pygame.error:
            self._drop(device.instance_id)
            return False

    def hat(self, device: Device, index: int) -> tuple[int, int]:
        if index >= device.hats:
            return (0, 0)
        try:
            x, y = device.joystick.get_hat(index)
            return (int(x), int(y))
        except pygame.error:
            self._drop(device.instance_id)
            return (0, 0)

    def all_axes(self) -> dict[int, list[float]]:
        """Every axis of every open device (for the live readout and binding capture)."""
        return {iid: [self.axis(d, i) for i in range(d.axes)]
                for iid, d in list(self.devices.items())}

    def take_notices(self) -> list[str]:
        notices, self.notices = self.notices, []
        return notices
