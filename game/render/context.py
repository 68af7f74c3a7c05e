"""Open a pygame window with an OpenGL 3.3 core context (for the app, tests and benchmarks).

``request_gl33_core()`` sets the SDL attributes (call it before ``set_mode``; again before
every ``set_mode``, e.g. for a fullscreen toggle). ``open_window`` does both and returns the
display surface; it raises ``GLUnavailable`` with a one-line reason when there is no display
or no OpenGL 3.3.
"""

from __future__ import annotations


class GLUnavailable(RuntimeError):
    """No display, or no OpenGL 3.3 core context could be created."""


def request_gl33_core() -> None:
    import pygame

    pygame.display.gl_set_attribute(pygame.GL_CONTEXT_MAJOR_VERSION, 3)
    pygame.display.gl_set_attribute(pygame.GL_CONTEXT_MINOR_VERSION, 3)
    pygame.display.gl_set_attribute(pygame.GL_CONTEXT_PROFILE_MASK,
                                    pygame.GL_CONTEXT_PROFILE_CORE)
    pygame.display.gl_set_attribute(pygame.GL_DEPTH_SIZE, 24)
    pygame.display.gl_set_attribute(pygame.GL_DOUBLEBUFFER, 1)


def open_window(width_px: int, height_px: int, fullscreen: bool = False,
                title: str = "Hoverslam", vsync: bool = False):
    """Create (or re-create) the window with a GL 3.3 core context; return the surface."""
    import pygame

    try:
        pygame.display.init()
        request_gl33_core()
        flags = pygame.OPENGL | pygame.DOUBLEBUF | (pygame.FULLSCREEN if fullscreen else 0)
        surface = pygame.display.set_mode((width_px, height_px), flags, vsync=int(vsync))
        pygame.display.set_caption(title)
    except pygame.error as exc:
        raise GLUnavailable(f"cannot open an OpenGL 3.3 window: {exc}") from None
    from OpenGL import GL

    version = GL.glGetString(GL.GL_VERSION)
    if not version:
        raise GLUnavailable("no OpenGL context after set_mode")
    major, minor = _version(version.decode(errors="replace"))
    if (major, minor) < (3, 3):
        raise GLUnavailable(f"OpenGL 3.3 needed, the driver offers {major}.{minor}")
    return surface


def _version(text: str) -> tuple[int, int]:
    head = text.split()[0] if text.split() else "0.0"
    parts = head.split(".")
    try:
        return int(parts[0]), int(parts[1]) if len(parts) > 1 else 0
    except ValueError:
        return 0, 0
