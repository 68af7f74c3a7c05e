"""The landing burn's drag, measured in flight: how much more (or less) the air brakes the
stage than the drag model says.

The plans and the terminal law count on a drag model (``landing_drag``: engines first, the
vehicle's axial coefficient and fin area). The air brakes a real descent harder: the body's
normal force at the angle of attack of a lean or a crosswind has an upward part, the fins
add theirs. Near the deck the throttle floor leaves little room (a near-empty Falcon 9 v1.1
cannot throttle below 1.55 g), and a plan that counts on half the drag lets the floor stop
the stage metres above the deck.

The estimate compares the measured vertical acceleration with the model, over windows of
``window_s``:

    a_z = d^2 h / dt^2   (the altitude above the sea, second difference: not the deck's
                          heave, which the deck-relative speed would include)
    drag_measured = a_z + g - (T / m) axis_z          (the thrust's upward part, averaged
                                                       with the second difference's own
                                                       triangular weights)
    ratio = drag_measured / drag_model                (only where the model's drag is at
                                                       least ``min_drag_mps2``)

and follows the ratio with a first-order filter (``time_constant_s``), bounded to
[``min_scale``, ``max_scale``]. ``scale`` is 1 until the first window. Units SI, z up.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from game.sim.observation import Observation


@dataclass(slots=True)
class DragEstimateSettings:
    window_s: float = 0.5
    time_constant_s: float = 2.0
    min_drag_mps2: float = 0.2
    min_scale: float = 0.7
    max_scale: float = 2.5
    gravity_mps2: float = 9.81


class DragEstimate:
    """The measured drag's ratio to the model (see the module docstring)."""

    def __init__(self, settings: DragEstimateSettings | None = None) -> None:
        self.settings = settings or DragEstimateSettings()
        self.scale = 1.0
        self._marks: list[tuple[float, float]] = []  # (time s, altitude m) at window ends
        self._sums: list[list[float]] = []  # per window, as ``_acc``
        # this window: its length, and of the thrust's upward acceleration and the model's
        # drag each the integral and the integral times the time since the window began
        self._acc = [0.0] * 5
        self._last_s: float | None = None

    def update(self, obs: Observation, model_drag_up_mps2: float) -> None:
        """Add one step (the engine running); ``model_drag_up_mps2``: the model's drag now."""
        s = self.settings
        if self._last_s is None:
            self._last_s = obs.time_s
            self._marks = [(obs.time_s, obs.altitude_above_sea_m)]
            return
        dt = obs.time_s - self._last_s
        self._last_s = obs.time_s
        if dt <= 0.0:
            return
        thrust_up = obs.thrust_n * obs.axis_world[2] / obs.mass_kg
        acc = self._acc
        since = acc[0] + 0.5 * dt
        acc[0] += dt
        acc[1] += thrust_up * dt
        acc[2] += thrust_up * since * dt
        acc[3] += model_drag_up_mps2 * dt
        acc[4] += model_drag_up_mps2 * since * dt
        if acc[0] < s.window_s - 1e-9:
            return
        self._marks.append((obs.time_s, obs.altitude_above_sea_m))
        self._sums.append(acc)
        self._acc = [0.0] * 5
        if len(self._marks) >= 3:
            self._measure()
            self._marks, self._sums = self._marks[-1:], []

    def _measure(self) -> None:
        """One measurement from the last two windows (three altitude marks)."""
        s = self.settings
        (t0, h0), (t1, h1), (t2, h2) = self._marks[-3:]
        v_a, v_b = (h1 - h0) / (t1 - t0), (h2 - h1) / (t2 - t1)
        span = 0.5 * (t2 - t0)
        accel = (v_b - v_a) / span
        (wa, *a), (wb, *b) = self._sums[-2:]
        # The second difference weighs the acceleration by a triangle: rising over the first
        # window, falling over the second.
        thrust = (a[1] / wa + b[0] - b[1] / wb) / span
        model = (a[3] / wa + b[2] - b[3] / wb) / span
        if model < s.min_drag_mps2:
            return
        ratio = (accel + s.gravity_mps2 - thrust) / model
        ratio = min(max(ratio, s.min_scale), s.max_scale)
        k = 1.0 - math.exp(-(t2 - t0) / s.time_constant_s)  # per measurement, every 2 windows
        self.scale += k * (ratio - self.scale)
