"""The autopilot's one-off preparation, done on a background thread while a level loads.

The autopilot's first landing-burn plan would import the convex solver and compile its
problem (about a second); ``Autopilot.prepare()`` does that work on demand. ``Guidance``
makes the autopilot for a level and prepares it on a daemon thread, so the window keeps
drawing. The flight session never calls into the autopilot while the thread runs (it holds
the flight with a "preparing guidance" note if the autopilot has the controls by then;
``FlightSession.step``), so the autopilot is only ever used by one thread at a time; the
thread's results are read after ``done`` (an ``Event``: everything the thread wrote before
setting it is visible after).

While the thread works (about a second, the first time in a process; a few hundredths after)
it shares the CPU with the frame: frames take longer for that second, none stalls. (Cutting
the interpreter's switch interval made no difference to those frames: the cost is the CPU
time, not the lock.)
"""

from __future__ import annotations

import threading
from collections.abc import Callable


class Guidance:
    """One autopilot for one flight: made by ``make()`` and prepared (``prepare()``, when it
    has one) on a background thread; or, with ``background=False``, only made, at once (its
    first plan then does the slow work, as without this class).

    After ``done``: ``autopilot`` (or None), ``error`` (one line, "" when none; the
    autopilot cannot be made) and ``ready`` (its convex planner is compiled; False for an
    autopilot without ``prepare``, one not prepared, or when the solver is missing and its
    fallback flies).
    """

    def __init__(self, make: Callable[[], object], background: bool = True) -> None:
        self._make = make
        self.autopilot = None
        self.error = ""
        self.ready = False
        self._done = threading.Event()
        self._thread: threading.Thread | None = None
        if background:
            self._thread = threading.Thread(target=self._run, args=(True,),
                                            name="guidance-prep", daemon=True)
            self._thread.start()
        else:
            self._run(False)

    def _run(self, background: bool) -> None:
        try:
            self.autopilot = self._make()
            prepare = getattr(self.autopilot, "prepare", None)
            self.ready = bool(prepare()) if background and callable(prepare) else False
        except Exception as exc:  # no autopilot: the session says so when it is asked for
            self.error = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            self.autopilot = None
        finally:
            self._done.set()

    @property
    def done(self) -> bool:
        return self._done.is_set()

    def wait(self, timeout_s: float | None = None) -> bool:
        """Block until the preparation ends (or the timeout passes); True when done."""
        return self._done.wait(timeout_s)
