"""The flight's history for the debrief plots: a few numbers sampled at a fixed sim-time rate.

Samples are taken every ``interval_s`` of simulated time (10 per second to start); when more
than ``max_samples`` pile up (a long flight), every other sample is dropped and the interval
doubles, so memory stays bounded and the plots keep the whole flight at an even spacing.
"""

from __future__ import annotations

from game.sim.controls import Controls
from game.sim.observation import Observation

SERIES = ("time_s", "altitude_m", "vertical_speed_mps", "horizontal_speed_mps",
          "throttle_norm", "throttle_cmd_norm", "propellant_kg", "tilt_deg", "autopilot")


class FlightRecorder:
    """Columns of samples keyed by ``SERIES`` names."""

    def __init__(self, interval_s: float = 0.1, max_samples: int = 8000) -> None:
        self.base_interval_s = interval_s
        self.max_samples = max_samples
        self.clear()

    def clear(self) -> None:
        self.interval_s = self.base_interval_s
        self.series: dict[str, list[float]] = {name: [] for name in SERIES}
        self._next_s = 0.0

    def __len__(self) -> int:
        return len(self.series["time_s"])

    def sample(self, obs: Observation, controls: Controls, autopilot: bool,
               force: bool = False) -> None:
        """Record ``obs`` if its time has come (or ``force``: the last sample of a flight)."""
        if obs.time_s + 1e-9 < self._next_s and not force:
            return
        self._next_s = obs.time_s + self.interval_s
        row = (obs.time_s, obs.altitude_above_deck_m, obs.vertical_speed_mps,
               obs.horizontal_speed_mps, obs.throttle_norm if obs.engines_lit else 0.0,
               controls.throttle_norm if controls.engine_on else 0.0, obs.propellant_kg,
               obs.tilt_deg, 1.0 if autopilot else 0.0)
        for name, value in zip(SERIES, row, strict=True):
            self.series[name].append(float(value))
        if len(self) > self.max_samples:
            for name in SERIES:
                self.series[name] = self.series[name][::2]
            self.interval_s *= 2.0
            self._next_s = self.series["time_s"][-1] + self.interval_s
