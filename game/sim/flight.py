"""Fly a whole level headless with a pilot and summarise the flight."""

from __future__ import annotations

from typing import TYPE_CHECKING

from game.sim.controls import Controls
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
    touchdown = world.touchdown.as_dict() if world.touchdown else None
    return {
        "level": level.name,
        "seed": world.seed,
        "outcome": str(world.outcome),
        "reason": world.reason,
        "touchdown": touchdown,
        "propellant_left_kg": world.mass.propellant_kg,
        "sim_time_s": world.time_s,
        "steps": world.steps,
        "final_state_sha256": world.state_hash(),
    }
