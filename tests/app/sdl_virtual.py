"""SDL's virtual joystick, reached through ctypes in the SDL2 library that pygame-ce loaded.

``SDL_JoystickAttachVirtual`` adds a device that SDL (and so pygame) treats exactly like a
plugged-in one: it raises ``JOYDEVICEADDED``, has a name and GUID, and its axes, buttons and
hats are set with ``SDL_JoystickSetVirtual*`` and delivered on the next event pump.
``detach`` unplugs it (``JOYDEVICEREMOVED``).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import glob
import os

import pygame

SDL_JOYSTICK_TYPE_GAMECONTROLLER = 1


def sdl_library() -> ctypes.CDLL:
    """The SDL2 shared library pygame-ce was built against (already loaded by pygame)."""
    here = os.path.dirname(pygame.__file__)
    candidates = (glob.glob(os.path.join(here, "..", "pygame_ce.libs", "libSDL2-*"))
                  + glob.glob(os.path.join(here, ".dylibs", "libSDL2*"))
                  + glob.glob(os.path.join(here, "SDL2.dll")))
    if not candidates:
        name = ctypes.util.find_library("SDL2")
        if name is None:
            raise OSError("cannot find the SDL2 library that pygame uses")
        candidates = [name]
    lib = ctypes.CDLL(candidates[0])
    lib.SDL_JoystickAttachVirtual.argtypes = [ctypes.c_int] * 4
    lib.SDL_JoystickAttachVirtual.restype = ctypes.c_int
    lib.SDL_JoystickDetachVirtual.argtypes = [ctypes.c_int]
    lib.SDL_JoystickDetachVirtual.restype = ctypes.c_int
    lib.SDL_JoystickOpen.argtypes = [ctypes.c_int]
    lib.SDL_JoystickOpen.restype = ctypes.c_void_p
    lib.SDL_JoystickClose.argtypes = [ctypes.c_void_p]
    lib.SDL_JoystickGetDeviceInstanceID.argtypes = [ctypes.c_int]
    lib.SDL_JoystickGetDeviceInstanceID.restype = ctypes.c_int
    lib.SDL_NumJoysticks.restype = ctypes.c_int
    lib.SDL_JoystickIsVirtual.argtypes = [ctypes.c_int]
    lib.SDL_JoystickSetVirtualAxis.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_int16]
    lib.SDL_JoystickSetVirtualButton.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_uint8]
    lib.SDL_JoystickSetVirtualHat.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_uint8]
    return lib


class VirtualJoystick:
    """One virtual device; values are set in SDL units and appear on the next pump."""

    def __init__(self, axes: int = 6, buttons: int = 12, hats: int = 1) -> None:
        self.sdl = sdl_library()
        self.index = self.sdl.SDL_JoystickAttachVirtual(SDL_JOYSTICK_TYPE_GAMECONTROLLER,
                                                        axes, buttons, hats)
        if self.index < 0:
            raise OSError("SDL_JoystickAttachVirtual failed")
        self.instance_id = self.sdl.SDL_JoystickGetDeviceInstanceID(self.index)
        self.handle = self.sdl.SDL_JoystickOpen(self.index)
        self.attached = True

    def set_axis(self, axis: int, value: float) -> None:
        """Set an axis from -1..1 (SDL's -32768..32767)."""
        raw = max(-32768, min(32767, round(value * 32767)))
        if self.sdl.SDL_JoystickSetVirtualAxis(self.handle, axis, raw) != 0:
            raise OSError("SDL_JoystickSetVirtualAxis failed")

    def set_button(self, button: int, down: bool) -> None:
        if self.sdl.SDL_JoystickSetVirtualButton(self.handle, button, int(down)) != 0:
            raise OSError("SDL_JoystickSetVirtualButton failed")

    def set_hat(self, hat: int, value: int) -> None:
        """SDL hat bits: 1 up, 2 right, 4 down, 8 left."""
        if self.sdl.SDL_JoystickSetVirtualHat(self.handle, hat, value) != 0:
            raise OSError("SDL_JoystickSetVirtualHat failed")

    def detach(self) -> None:
        if not self.attached:
            return
        self.attached = False
        self.sdl.SDL_JoystickClose(self.handle)
        for index in range(self.sdl.SDL_NumJoysticks()):
            if self.sdl.SDL_JoystickGetDeviceInstanceID(index) == self.instance_id:
                self.sdl.SDL_JoystickDetachVirtual(index)
                return
