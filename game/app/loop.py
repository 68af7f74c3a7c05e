"""The fixed-step loop: Glenn Fiedler's "Fix Your Timestep" accumulator.

Each frame ``advance`` reads the injected clock, clamps the frame's real time to
``max_frame_s`` (0.25 s: after a stall the game slows down instead of spiralling), adds it
(times the time warp) to the accumulator and runs whole steps of exactly ``dt_s`` while the
accumulator holds one, at most ``max_steps`` (8) per frame times the warp; a backlog beyond
the cap is dropped. What is left, ``alpha = accumulator / dt_s`` (0 <= alpha < 1), tells the
renderer how far to interpolate between the last two snapshots.

Time warp runs more steps per frame, never a longer step, and only while ``warp_allowed()``
says so (the flight screen allows it in unpowered coast): the check runs before every warped
step, and when it turns false mid-frame the warped backlog is dropped, so the frame finishes
at real time. The step callback queries the pilot once and returns False when the flight has
ended (the loop then stops stepping). The clock is any ``() -> seconds`` function, so tests
drive the loop with a fake one.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

WARP_LEVELS = (1, 2, 5, 10, 20, 50)
EPSILON_S = 1e-9  # clock readings are differences of large numbers: forgive rounding


@dataclass(frozen=True, slots=True)
class Frame:
    """What one ``advance`` did."""

    steps: int
    alpha: float
    frame_s: float  # real time of the frame after the clamp
    warp: int  # the warp actually used (1 when warp was not allowed)


class FixedStepLoop:
    """Accumulator, clamp, step cap and interpolation factor (see the module docstring)."""

    def __init__(self, dt_s: float, clock: Callable[[], float] = time.perf_counter,
                 max_frame_s: float = 0.25, max_steps: int = 8) -> None:
        if dt_s <= 0.0:
            raise ValueError(f"dt_s must be positive, got {dt_s}")
        self.dt_s = dt_s
        self.clock = clock
        self.max_frame_s = max_frame_s
        self.max_steps = max_steps
        self.accumulator_s = 0.0
        self._last_s = clock()

    def resync(self) -> None:
        """Forget the time since the last frame (after a pause or a loading stall)."""
        self._last_s = self.clock()
        self.accumulator_s = 0.0

    @property
    def alpha(self) -> float:
        return self.accumulator_s / self.dt_s

    def advance(self, step: Callable[[], bool], warp: int = 1,
                warp_allowed: Callable[[], bool] = lambda: False) -> Frame:
        """Run this frame's steps; ``step()`` returns False once the flight has ended."""
        now = self.clock()
        frame_s = min(max(now - self._last_s, 0.0), self.max_frame_s)
        self._last_s = now
        used_warp = warp if warp > 1 and warp_allowed() else 1
        self.accumulator_s += frame_s * used_warp
        dt, cap, steps = self.dt_s, self.max_steps * used_warp, 0
        while self.accumulator_s + EPSILON_S >= dt and steps < cap:
            if used_warp > 1 and not warp_allowed():
                used_warp, cap = 1, min(cap, steps + self.max_steps)
                self.accumulator_s = min(self.accumulator_s, dt)
            self.accumulator_s = max(0.0, self.accumulator_s - dt)
            steps += 1
            if not step():
                self.accumulator_s = 0.0
                break
        if self.accumulator_s + EPSILON_S >= dt:
            self.accumulator_s %= dt  # over the cap: drop the backlog, the game slows down
        return Frame(steps, self.accumulator_s / dt, frame_s, used_warp)
