"""The autopilot's model of the engine's tail-off (game/pilots/autopilot/cutoff.py) against the
World: a stage a little above a calm deck, its engine running, is cut at once; the speed at
which its first foot meets the deck is what the model says."""

from __future__ import annotations

import math

import pytest

from game.pilots.autopilot.cutoff import impact_speed_mps
from game.sim.controls import Controls
from game.sim.world import World
from tests.sim.test_contact import _gravity
from tests.sim.test_touchdown import feet_heights, stand, touchdown_level


@pytest.mark.parametrize("gap_m, sink_mps, throttle", [
    (0.15, 0.4, 0.57),  # stopped just above it: the tail-off lifts it, and it falls back hard
    (0.20, 1.8, 0.57),  # still sinking: the same tail-off brakes it onto the deck
    (0.60, 3.8, 0.61),
    (1.50, 0.5, 0.80),
])
def test_the_impact_after_a_cut_is_the_tail_off_model(make_level, gap_m, sink_mps, throttle):
    world = World()
    world.reset(touchdown_level(make_level, start={"propellant_kg": 1000.0},
                                weather={"wind_speed_mps": 0.0, "gust_intensity": 0.0}))
    stand(world, gap_m=gap_m, sink_mps=sink_mps)
    world.engines.start_running(1, throttle)
    thrust = world.step(Controls(engine_on=True, throttle_norm=throttle)).observation.thrust_n
    assert thrust > 0.5 * world.level.vehicle.engines.thrust_sl_n
    gap, velocity = min(feet_heights(world)), world.state[5]  # one step on: cut from here
    predicted = impact_speed_mps(gap, velocity, thrust, world.mass.mass_kg,
                                 world.level.vehicle.engines.shutdown_time_s, _gravity(world))
    while world.touchdown is None and world.time_s < 5.0:
        world.step(Controls(engine_on=False, throttle_norm=throttle))
    assert world.touchdown is not None
    assert world.touchdown.vertical_speed_mps == pytest.approx(predicted, rel=0.06, abs=0.05)


def test_a_cut_at_rest_above_the_deck_lands_harder_than_a_fall_from_there(make_level):
    """The case the model is for: at the floor a near-empty stage outweighs the tail-off."""
    g = 9.81
    assert impact_speed_mps(0.15, 0.0, 430e3, 23.5e3, 0.5, g) > 1.5 * math.sqrt(2 * g * 0.15)
