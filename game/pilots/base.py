"""The ``Pilot`` protocol: what the world's clients ask for once per simulation step.

A pilot sees only the ``Observation`` (what the instruments measure) and the step length, and
answers with one ``Controls``. The human at the keyboard or joystick, the autopilot and a
replay all fit it, so the game can swap one for another at any moment (take-over and
hand-back) without the World noticing.

Optional hooks (looked up with ``getattr``, so a pilot need not define them):

- ``engage(observation, last_controls)``: called when the pilot takes the controls in flight,
  with the ``Controls`` the previous pilot gave last, so that it can carry on from there
  (throttle, engines lit, legs and fins already out) instead of jumping.
- ``disengage()``: called when the pilot gives the controls away (its next ``command``, if
  any, comes after a new ``engage``).
- ``reads_instruments``: False when ``command`` ignores its observation (lets headless runs
  skip measuring it).
- ``telemetry() -> dict`` and ``planned_trajectory_world_m`` (a list of world-frame points, or
  a method returning one): what an autopilot shows on the HUD and in the 3-D view.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Protocol, runtime_checkable

from game.sim.controls import Controls
from game.sim.observation import Observation


@runtime_checkable
class Pilot(Protocol):
    """Turns one step's observation into that step's controls."""

    def command(self, observation: Observation, dt_s: float) -> Controls:
        """The controls for the next step of ``dt_s`` seconds."""
        ...


def engage(pilot: object, observation: Observation, last_controls: Controls) -> None:
    """Call the pilot's optional ``engage`` hook (see the module docstring)."""
    hook = getattr(pilot, "engage", None)
    if callable(hook):
        hook(observation, replace(last_controls))


CONTINUOUS_FIELDS = (
    "throttle_norm", "gimbal_pitch_norm", "gimbal_yaw_norm", "fin_pitch_norm", "fin_yaw_norm",
    "fin_roll_norm", "rcs_pitch_norm", "rcs_yaw_norm", "rcs_roll_norm",
)


def blend(old: Controls, new: Controls, fraction: float) -> Controls:
    """``new`` with every continuous command moved ``fraction`` (0..1) of the way from ``old``.

    Switches (engines on, engine mode, legs, fins) are taken from ``new`` as they are: a
    pilot that engages carries them over through ``engage``.
    """
    f = min(1.0, max(0.0, fraction))
    out = replace(new)
    for name in CONTINUOUS_FIELDS:
        a, b = getattr(old, name), getattr(new, name)
        setattr(out, name, a + (b - a) * f)
    return out
