"""The autopilot: guidance and control for the whole return flight (``Autopilot``).

Import cost is small; the convex solver behind the landing-burn guidance is imported on the
first landing-burn plan.
"""

from game.pilots.autopilot.autopilot import Autopilot

__all__ = ["Autopilot"]
