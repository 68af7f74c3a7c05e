"""Keeping C libraries' chatter off the player's terminal.

SDL's back ends (ALSA, Wayland, X11) print to file descriptor 2 when they probe for a device
that is not there; the game reports such failures itself in one line, so the probes run with
fd 2 pointed at the null device.
"""

from __future__ import annotations

import contextlib
import os
import sys


@contextlib.contextmanager
def quiet_stderr():
    """Send file descriptor 2 to the null device for the duration (C libraries included)."""
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError):
        yield
        return
    try:
        with open(os.devnull, "wb") as null:
            os.dup2(null.fileno(), 2)
            yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
