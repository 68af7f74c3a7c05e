"""The game window: an SDL window with an OpenGL 3.3 core context, made through pygame.

``open_window`` raises ``NoDisplay`` when SDL finds no display to open a window on (no X
server, no Wayland, a dummy video driver) and ``NoOpenGL`` when a window opens but an OpenGL
3.3 core context cannot be had; both carry one line for the player. The window can switch
between a resizable window and desktop-sized full screen; the caller then rebuilds its GL
objects (``Renderer.rebuild``), as a new ``set_mode`` may bring a new context.
"""

from __future__ import annotations

import pygame

from game.app.stdio import quiet_stderr
from game.render.context import request_gl33_core

TITLE = "Hoverslam"


class NoDisplay(Exception):
    """No display to open a window on."""


class NoOpenGL(Exception):
    """A window, but no OpenGL 3.3 core context."""


class Window:
    """The open window: its size, full-screen state and buffer swap."""

    def __init__(self, width_px: int, height_px: int, fullscreen: bool, vsync: bool = True):
        self.windowed_size = (width_px, height_px)
        self.fullscreen = fullscreen
        self.vsync = vsync
        self.size = (width_px, height_px)
        self._set_mode()

    def _flags(self) -> int:
        flags = pygame.OPENGL | pygame.DOUBLEBUF
        return flags | (pygame.FULLSCREEN if self.fullscreen else pygame.RESIZABLE)

    def _set_mode(self) -> None:
        size = self.windowed_size
        if self.fullscreen:
            desktops = pygame.display.get_desktop_sizes()
            size = desktops[0] if desktops else size
        request_gl33_core()
        try:
            pygame.display.set_mode(size, self._flags(), vsync=1 if self.vsync else 0)
        except pygame.error:
            if not self.vsync:
                raise
            self.vsync = False  # no swap control here (a virtual display): pace by the clock
            pygame.display.set_mode(size, self._flags())
        self.size = pygame.display.get_window_size()

    def toggle_fullscreen(self) -> tuple[int, int]:
        """Switch window <-> full screen; returns the new size (rebuild GL objects after)."""
        if not self.fullscreen:
            self.windowed_size = self.size
        self.fullscreen = not self.fullscreen
        self._set_mode()
        return self.size

    def resized(self, width_px: int, height_px: int) -> tuple[int, int]:
        self.size = (max(1, width_px), max(1, height_px))
        if not self.fullscreen:
            self.windowed_size = self.size
        return self.size

    def flip(self) -> None:
        pygame.display.flip()

    def close(self) -> None:
        pygame.display.quit()


def open_window(width_px: int, height_px: int, fullscreen: bool = False,
                vsync: bool = True) -> Window:
    """Open the game window (see the module docstring for the errors)."""
    try:
        with quiet_stderr():
            pygame.display.init()
    except pygame.error as exc:
        raise NoDisplay(f"no display ({_one_line(exc)})") from None
    driver = pygame.display.get_driver()
    if driver in ("dummy", "offscreen"):
        raise NoDisplay(f"no display (SDL video driver '{driver}')")
    try:
        window = Window(width_px, height_px, fullscreen, vsync)
    except pygame.error as exc:
        pygame.display.quit()
        raise NoOpenGL(f"no OpenGL 3.3 ({_one_line(exc)})") from None
    version = _gl_version()
    if version is None or version < (3, 3):
        pygame.display.quit()
        shown = "none" if version is None else f"{version[0]}.{version[1]}"
        raise NoOpenGL(f"no OpenGL 3.3 (the display offers {shown})")
    pygame.display.set_caption(TITLE)
    return window


def _gl_version() -> tuple[int, int] | None:
    try:
        from OpenGL import GL

        major = GL.glGetIntegerv(GL.GL_MAJOR_VERSION)
        minor = GL.glGetIntegerv(GL.GL_MINOR_VERSION)
        return int(major), int(minor)
    except Exception:  # PyOpenGL missing, no current context, a driver refusing the query
        return None


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__
