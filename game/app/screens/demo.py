"""Demo mode: the autopilot flies the levels one after another while the camera director
cuts between the cameras by itself; each flight ends in a debrief that moves on by itself.
Unpowered coasts run at ``COAST_WARP`` times real time. The player can take the controls at
any moment (the demo then waits for them: no more warp, no automatic next flight)."""

from __future__ import annotations

from game.data.loader import BROKEN_PREFIX, list_levels, load_level

DEBRIEF_S = 8.0
FIRST = ("practice_landing_burn", "crs8_ocisly")  # short, spectacular flights open the show
COAST_WARP = 10  # the demo hurries through unpowered coasts


class DemoDirector:
    def __init__(self, app) -> None:
        self.app = app
        names = [n for n, title in list_levels() if not title.startswith(BROKEN_PREFIX)]
        self.names = [n for n in FIRST if n in names] + [n for n in names if n not in FIRST]
        self.index = 0
        app.demo = self

    def first_flight(self):
        return self._flight(self.app.options.level or self.names[0])

    def _flight(self, name: str):
        from game.app.screens.flight import FlightScreen

        if name in self.names:
            self.index = self.names.index(name)
        return FlightScreen(self.app, load_level(name), "autopilot", demo=True)

    def next(self) -> None:
        self.index = (self.index + 1) % len(self.names)
        self.app.replace_all(self._flight(self.names[self.index]))
