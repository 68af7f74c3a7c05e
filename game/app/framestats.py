"""Frame-time statistics for ``--frame-stats``: what each frame cost on the wall clock.

``FrameStats.add(frame_s, work_s, steps)`` records one frame: ``frame_s`` from the start of
one frame to the start of the next (what the player sees, pacing included) and ``work_s`` the
time the frame's own work took (input, simulation steps, drawing, the buffer swap; not the
sleep that paces the loop when there is no vsync). ``summary()`` gives, for both, the mean,
median, 95th and 99th percentile (nearest rank) and maximum in milliseconds, and the frame
rate at the median frame time; the first ``skip`` frames (window and shader start-up) are
left out of the figures and counted apart.
"""

from __future__ import annotations

import math


def percentile(sorted_values: list[float], q: float) -> float:
    """Nearest-rank percentile of an ascending list (q in 0..100)."""
    if not sorted_values:
        return math.nan
    rank = max(1, math.ceil(q / 100.0 * len(sorted_values)))
    return sorted_values[min(rank, len(sorted_values)) - 1]


def _figures(values: list[float], prefix: str) -> dict:
    ordered = sorted(values)
    n = len(ordered)
    if not n:
        return {f"{prefix}{k}": None for k in ("mean_ms", "median_ms", "p95_ms", "p99_ms",
                                               "max_ms")}
    ms = 1000.0
    return {
        f"{prefix}mean_ms": round(sum(ordered) / n * ms, 3),
        f"{prefix}median_ms": round(percentile(ordered, 50.0) * ms, 3),
        f"{prefix}p95_ms": round(percentile(ordered, 95.0) * ms, 3),
        f"{prefix}p99_ms": round(percentile(ordered, 99.0) * ms, 3),
        f"{prefix}max_ms": round(ordered[-1] * ms, 3),
    }


class FrameStats:
    def __init__(self, skip: int = 3) -> None:
        self.skip = skip
        self.frames_s: list[float] = []
        self.work_s: list[float] = []
        self.skipped = 0
        self.steps = 0

    def add(self, frame_s: float, work_s: float | None = None, steps: int = 0) -> None:
        self.steps += steps
        if self.skipped < self.skip:
            self.skipped += 1
            return
        self.frames_s.append(frame_s)
        self.work_s.append(frame_s if work_s is None else work_s)

    def summary(self) -> dict:
        median = percentile(sorted(self.frames_s), 50.0)
        return {
            "frames": len(self.frames_s),
            "skipped_frames": self.skipped,
            "sim_steps": self.steps,
            **_figures(self.frames_s, ""),
            "fps_median": round(1.0 / median, 2) if self.frames_s and median > 0 else None,
            **_figures(self.work_s, "work_"),
        }
