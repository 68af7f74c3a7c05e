"""Fly a whole level headless with a pilot and summarise the flight.

The summary (a JSON-ready dict): ``outcome`` (game/sim/outcome.py's names), ``verdict`` (the
same in words: "landed", "tipped over", "broke up on impact", ...), ``reason``, ``touchdown``
(None if the stage never reached the deck or ground: else the first-contact figures relative
to the deck, vertical and lateral speed, tilt, angular rate, distance from the target, which
part touched first; and per leg, numbered from 1 in order, the peak foot load, the crush
stroke used and the final state, and which leg failed first and how), ``fire`` (none or
explosion), ``propellant_left_kg``, ``sim_time_s``, ``steps`` and ``final_state_sha256``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from game.sim.controls import Controls
from game.sim.outcome import VERDICTS
from game.sim.world import World

if TYPE_CHECKING:
    from game.data.loader import Level


class NoPilot:
    """Nobody at the controls: engines off, fins and legs stowed."""

    reads_instruments = False  # a pilot that ignores its observation lets fly() skip it

    def command(self, observation, dt_s: float) -> Controls:
        return Controls()


def fly(level: Level, seed: int | None = None, pilot=None) -> dict:
    """Run the level to its end and return the summary (a JSON-ready dict)."""
    pilot = pilot or NoPilot()
    world = World()
    observation = world.reset(level, seed)
    reads = getattr(pilot, "reads_instruments", True)
    dt_s = world.dt_s
    done = False
    while not done:
        result = world.step(pilot.command(observation, dt_s))
        done = result.done
        if reads:
            observation = result.observation
    touchdown = world.contact.final_touchdown()
    return {
        "level": level.name,
        "seed": world.seed,
        "outcome": str(world.outcome),
        "verdict": VERDICTS[world.outcome],
        "reason": world.reason,
        "touchdown": touchdown.as_dict() if touchdown else None,
        "fire": world.contact.fire_state,
        "faults": world.faults.happened(),
        "propellant_left_kg": world.mass.propellant_kg,
        "sim_time_s": world.time_s,
        "steps": world.steps,
        "final_state_sha256": world.state_hash(),
    }
