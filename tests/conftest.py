"""Project-wide test set-up: a display for the tests marked ``gl``.

When a ``gl`` test runs and no usable X display exists, a private Xvfb is started on a free
display number (``game.render.virtual_display``), ``DISPLAY`` is set for this process, and the
server is stopped when the session ends. Without Xvfb such tests are skipped with the reason,
except under CI (the environment variable ``CI`` set), where they fail: CI must never skip
the rendering tests silently.
"""

from __future__ import annotations

import os

import pytest

from game.render.virtual_display import VirtualDisplay, display_usable, xvfb_path

NO_XVFB = ("no usable X display and Xvfb is not installed "
           "(apt-get install xvfb libgl1-mesa-dri)")


def _unavailable(message: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{message}; CI must run the gl tests", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def gl_display():
    """The X display the ``gl`` tests draw on (a private Xvfb when there is none)."""
    existing = os.environ.get("DISPLAY")
    if display_usable(existing):
        yield existing
        return
    if xvfb_path() is None:
        _unavailable(NO_XVFB)
    server = VirtualDisplay()
    try:
        name = server.start()
    except RuntimeError as exc:
        _unavailable(str(exc))
    os.environ["DISPLAY"] = name
    try:
        yield name
    finally:
        server.stop()
        if existing is None:
            os.environ.pop("DISPLAY", None)
        else:
            os.environ["DISPLAY"] = existing


@pytest.fixture(autouse=True)
def _display_for_gl_tests(request):
    """Every test marked ``gl`` gets the display before it runs."""
    if request.node.get_closest_marker("gl") is not None:
        request.getfixturevalue("gl_display")
