"""The legs on a rolling deck: a stage that lands upright on a tilted, rolling deck comes down
on one foot first, pivots onto the others and must then ride the deck's roll on its legs.

What the legs must do (assets/vehicles/falcon9_ft.toml, [legs]): the crush core is a
contingency, so a gentle touchdown on one foot does not crush it; the struts' damper stops
the rocking that the one-foot touchdown starts, so the stage stands with its feet on the deck
while the deck rolls (with too little damping the stage rocked on one foot, lifting the others
by a metre and more, in a swing the deck's roll kept going, and tipped over in the practice
rough-sea level).
"""

from __future__ import annotations

import math

import pytest

from game.sim.controls import Controls
from game.sim.outcome import Outcome
from game.sim.rigid_body import quat_rotate
from game.sim.world import World
from tests.sim.test_touchdown import feet_heights, rock, stand, touchdown_level


def _tilt_from_deck_deg(world: World) -> float:
    axis = quat_rotate(world.state[6:10], 1.0, 0.0, 0.0)
    _, deck_q = world.ship.pose_at(world.time_s)
    normal = quat_rotate(deck_q, 0.0, 0.0, 1.0)
    cos = sum(a * n for a, n in zip(axis, normal, strict=True))
    return math.degrees(math.acos(min(1.0, cos)))


def _crush_used_m(world: World) -> float:
    return max(world.legs.crush_stroke_used_m(i) for i in range(world.legs.count))


def _ride(world: World, seconds: float, settle_s: float) -> tuple[float, float]:
    """Fly ``seconds``; the largest lean from the deck's normal (deg) and the highest foot
    above the deck (m) after the first ``settle_s``."""
    start, lean, lift = world.time_s, 0.0, 0.0
    while world.time_s < start + seconds:
        if world.step(Controls()).done:
            break
        if world.time_s > start + settle_s:
            lean = max(lean, _tilt_from_deck_deg(world))
            lift = max(lift, max(feet_heights(world)))
    return lean, lift


@pytest.mark.parametrize("sink_mps", [0.5, 1.5])
def test_a_stage_that_lands_upright_on_a_rolling_deck_rides_it_on_all_four_feet(
        make_level, sink_mps):
    world = World()
    world.reset(touchdown_level(make_level, success={"settle_time_s": 30.0}))
    # a long swell on the beam: the deck rolls 2.7 deg either way every 8.8 s and heaves 1 m
    rock(world.ship, roll_deg=2.7, heave_m=1.0, period_s=8.8)
    stand(world, sink_mps=sink_mps)  # upright: one foot touches 0.85 m before the far one
    lean, lift = _ride(world, 20.0, settle_s=6.0)  # the rocking the landing starts has died
    assert world.outcome == Outcome.FLYING  # still standing, not yet judged
    assert _crush_used_m(world) == 0.0
    assert lean < 1.0  # the deck's roll is 2.7 deg: the stage turns with it
    assert lift < 0.1  # no foot leaves the deck


def test_a_one_foot_touchdown_on_a_tilted_deck_leaves_the_crush_cores_whole(make_level):
    world = World()
    world.reset(touchdown_level(make_level, success={"settle_time_s": 5.0}))
    rock(world.ship, roll_deg=3.0, period_s=1e7)  # tilted and (for the test's 15 s) still
    stand(world, sink_mps=1.0)
    for _ in range(int(15.0 / world.dt_s)):
        if world.step(Controls()).done:
            break
    assert world.touchdown.first_contact.startswith("leg")
    assert world.outcome == Outcome.LANDED
    assert _crush_used_m(world) == 0.0
    # the foot it came down on carried more than its share (a quarter of the weight: 59 kN)
    assert max(world.legs.peak_load_n) > 2.0 * world.mass.mass_kg * 9.8 / 4.0
