"""Scheduled and probabilistic faults from the level file.

Each fault in the level happens with its ``probability`` (drawn once, at reset, from the
world's seeded generator), then triggers at ``at_time_s``, when the stage first descends below
``below_altitude_m``, or at the start when neither is given. A triggered fault acts through
the model it breaks (the mechanism lives there):

- ``grid_fin_hydraulics``: the fins' fluid drops to ``hydraulic_fluid_fraction`` of what is
  left (default 0: empty), so they freeze when it runs out.
- ``throttle_valve_lag``: the throttle valve's time constant becomes ``throttle_lag_s``.
- ``engine_start``: the next ignition fails (it still uses a TEA-TEB start).
- ``collet_latch``: the named leg's lockout collet will not latch (read by the touchdown model).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

    from game.data.level_schema import FaultSpec


@dataclass(slots=True)
class ScheduledFault:
    spec: FaultSpec
    happens: bool
    triggered: bool = False


@dataclass(slots=True)
class FaultSchedule:
    """The level's faults for one flight; call ``due`` every step."""

    faults: list[ScheduledFault] = field(default_factory=list)
    unlatched_legs: set[int] = field(default_factory=set)

    @classmethod
    def draw(cls, specs: list[FaultSpec], rng: np.random.Generator) -> FaultSchedule:
        faults = [ScheduledFault(spec, bool(rng.random() < spec.probability)) for spec in specs]
        return cls(faults)

    def due(self, time_s: float, altitude_m: float) -> list[FaultSpec]:
        """Faults that trigger now (each triggers once)."""
        fired = []
        for fault in self.faults:
            if fault.triggered or not fault.happens:
                continue
            spec = fault.spec
            if spec.at_time_s is not None and time_s < spec.at_time_s:
                continue
            if spec.below_altitude_m is not None and altitude_m > spec.below_altitude_m:
                continue
            fault.triggered = True
            if spec.kind == "collet_latch" and spec.leg is not None:
                self.unlatched_legs.add(spec.leg)
            fired.append(spec)
        return fired

    @property
    def active_kinds(self) -> list[str]:
        return [f.spec.kind for f in self.faults if f.triggered]
