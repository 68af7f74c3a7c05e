"""The engine switch as the flight computer throws it.

Ignition in ``game.sim.propulsion`` is edge-triggered: a True ``engine_on`` while the cluster
is off and *armed* makes one attempt (one TEA-TEB start), and only a False command re-arms it.
So a burn is: switch off for at least one step (re-arm), then on, and hold it on. If the engine
has not lit ``retry_after_s`` after the switch went on (a failed start: the ``engine_start``
fault, or empty igniter), the switch is cycled off for one step and on again, while starts
remain. The mode (1, 3 or 9 engines) is latched at ignition, so it is sent with the switch.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from game.sim.observation import Observation


class EngineSwitch:
    """Turns "I want the engines on (in this mode)" into the per-step switch position."""

    def __init__(self, retry_after_s: float = 1.5) -> None:
        self.retry_after_s = retry_after_s
        self.position = False
        self.mode = 1
        self._on_since_s: float | None = None
        self.attempts = 0

    def engage(self, engine_on: bool, engine_mode: int, time_s: float) -> None:
        """Carry on from another pilot's switch position (take-over)."""
        self.position = bool(engine_on)
        self.mode = int(engine_mode)
        self._on_since_s = time_s if engine_on else None

    def want(self, obs: Observation, on: bool, mode: int = 1) -> tuple[bool, int]:
        """The (engine_on, engine_mode) to send this step."""
        if not on:
            self.position = False
            self._on_since_s = None
            return False, self.mode
        lit = obs.engine_state in ("starting", "running")
        if lit:
            return self._hold(obs.time_s)
        if not self.position:
            if obs.engine_state == "shutting_down":
                return False, self.mode  # let it run down; the switch re-arms meanwhile
            self.mode = mode
            self.position = True
            self._on_since_s = obs.time_s
            self.attempts += 1
            return True, mode
        waited = obs.time_s - (self._on_since_s if self._on_since_s is not None else obs.time_s)
        if waited > self.retry_after_s and obs.engine_starts_left > 0:
            self.position = False  # a failed start: cycle the switch to re-arm
            return False, self.mode
        return True, self.mode

    def _hold(self, time_s: float) -> tuple[bool, int]:
        if not self.position:
            self.position = True
            self._on_since_s = time_s
        return True, self.mode
