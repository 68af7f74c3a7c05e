"""Scheduled and probabilistic faults from the level file, and the lockout collets' icing.

Each fault in the level happens with its ``probability`` (drawn once, at reset, from the
world's seeded generator), then triggers at ``at_time_s``, when the stage first descends below
``below_altitude_m``, or at the start when neither is given. A triggered fault acts through
the physical model it breaks; nothing is scripted:

- ``grid_fin_hydraulics`` (CRS-5): the fins' open-loop hydraulic fluid drops to
  ``hydraulic_fluid_fraction`` of what is left (default 0: empty). The fins then stop where
  they are (game/sim/gridfins.py), the stage loses its aerodynamic attitude control, and what
  follows (a tilted, drifting, fast arrival and a hard landing) is flown out by the physics.
  A level can also just load too little fluid (``[start] hydraulic_fluid_kg``), as CRS-5 did.
- ``throttle_valve_lag`` (CRS-6): the throttle valve's first-order time constant becomes
  ``throttle_lag_s`` (game/sim/propulsion.py): thrust answers late, the stage arrives with
  lateral velocity it could not null and may tip over on the deck (game/sim/contact.py).
- ``engine_start``: the next ignition fails (it still uses a TEA-TEB start).
- ``collet_latch`` (Jason-3): the named leg's lockout collet will not latch, or lets go
  (game/sim/legs.py): only the helium pusher holds that leg, it folds under load after
  touchdown and the stage falls toward it.

Icing: each collet may also fail on its own, with a chance that rises with the icing
exposure w (0..1: the level's value raised by fog, game/sim/weather.py):
p = p_dry + w (p_iced - p_dry), ``collet_fail_probability`` and
``collet_fail_probability_iced`` from the vehicle's [legs]. ``draw_icing`` draws one number
per leg, always, from the world's generator.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

    from game.data.level_schema import FaultSpec
    from game.data.vehicle_schema import LegSpec


@dataclass(slots=True)
class ScheduledFault:
    spec: FaultSpec
    happens: bool
    triggered: bool = False


@dataclass(slots=True)
class FaultSchedule:
    """The level's faults for one flight; call ``due`` every step."""

    faults: list[ScheduledFault] = field(default_factory=list)
    unlatched_legs: set[int] = field(default_factory=set)  # legs numbered from 1
    iced_legs: set[int] = field(default_factory=set)

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

    def draw_icing(self, rng: np.random.Generator, legs: LegSpec, icing_exposure: float) -> None:
        """Draw, once, which collets ice up and will not latch (legs numbered from 1)."""
        p = collet_failure_probability(legs, icing_exposure)
        draws = rng.random(legs.count)
        self.iced_legs = {i + 1 for i in range(legs.count) if draws[i] < p}
        self.unlatched_legs |= self.iced_legs

    @property
    def active_kinds(self) -> list[str]:
        return [f.spec.kind for f in self.faults if f.triggered]

    def happened(self) -> list[str]:
        """What went wrong on this flight so far: the level's faults that fired (their kinds)
        and each collet that the draw kept from latching (ice, or the dry failure rate)."""
        return self.active_kinds + [f"collet_failed_leg_{leg}" for leg in sorted(self.iced_legs)]


def collet_failure_probability(legs: LegSpec, icing_exposure: float) -> float:
    """Chance that one lockout collet does not latch at this icing exposure (0..1)."""
    w = min(1.0, max(0.0, icing_exposure))
    dry, iced = legs.collet_fail_probability, legs.collet_fail_probability_iced
    return dry + w * (iced - dry)
