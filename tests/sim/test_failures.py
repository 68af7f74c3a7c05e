"""Faults: drawn once from the seed, triggered by time or altitude, and the collets' icing."""

from __future__ import annotations

import math

import numpy as np
import pytest

from game.data.level_schema import FaultSpec
from game.data.loader import load_vehicle
from game.sim.controls import Controls
from game.sim.failures import FaultSchedule, collet_failure_probability
from game.sim.outcome import Outcome
from game.sim.world import World
from tests.sim.test_touchdown import fly_for, stand, touchdown_level

LEGS = load_vehicle("falcon9_ft").legs


def _fault(**fields) -> FaultSpec:
    return FaultSpec.model_validate({"kind": "collet_latch", "leg": 2, **fields})


def test_faults_trigger_once_at_their_time_or_altitude():
    schedule = FaultSchedule.draw([_fault(at_time_s=5.0), _fault(leg=3, below_altitude_m=100.0)],
                                  np.random.default_rng(0))
    assert schedule.due(4.9, 500.0) == []
    assert [f.leg for f in schedule.due(5.0, 500.0)] == [2]
    assert schedule.due(6.0, 500.0) == []
    assert [f.leg for f in schedule.due(7.0, 99.0)] == [3]
    assert schedule.unlatched_legs == {2, 3}
    assert schedule.active_kinds == ["collet_latch", "collet_latch"]


def test_a_fault_happens_with_its_probability():
    happened = sum(bool(FaultSchedule.draw([_fault(probability=0.3)],
                                           np.random.default_rng(seed)).due(0.0, 0.0))
                   for seed in range(2000))
    assert happened / 2000 == pytest.approx(0.3, abs=3 * math.sqrt(0.3 * 0.7 / 2000))


@pytest.mark.parametrize("exposure", [0.0, 0.5, 1.0])
def test_icing_raises_the_chance_that_a_collet_does_not_latch(exposure):
    p = collet_failure_probability(LEGS, exposure)
    assert p == pytest.approx(LEGS.collet_fail_probability + exposure * (
        LEGS.collet_fail_probability_iced - LEGS.collet_fail_probability))
    rng = np.random.default_rng(17)
    failed = 0
    for _ in range(3000):
        schedule = FaultSchedule()
        schedule.draw_icing(rng, LEGS, exposure)
        failed += len(schedule.iced_legs)
        assert schedule.iced_legs <= schedule.unlatched_legs
    trials = 3000 * LEGS.count
    assert failed / trials == pytest.approx(p, abs=4 * math.sqrt(p * (1 - p) / trials) + 1e-4)


def test_the_icing_draw_always_takes_one_number_per_leg():
    a, b = np.random.default_rng(3), np.random.default_rng(3)
    FaultSchedule().draw_icing(a, LEGS, 0.0)
    FaultSchedule().draw_icing(b, LEGS, 1.0)
    assert a.random() == b.random()  # what follows the draw does not depend on the weather


def test_a_collet_fault_during_the_flight_opens_a_latched_collet(make_level):
    world = World()
    world.reset(touchdown_level(make_level, faults=[{"kind": "collet_latch", "leg": 3,
                                                     "at_time_s": 1.0}],
                                start={"altitude_m": 200.0, "vertical_speed_mps": 0.0}))
    fly_for(world, 0.5)
    assert world.legs.labels == ("locked",) * 4
    fly_for(world, 1.0)
    assert world.legs.labels == ("locked", "locked", "unlocked", "locked")
    assert world.observe().leg_states[2] == "unlocked"  # the pilot can see it


def flights_with_an_unlatched_collet(level, flights: int = 60) -> int:
    """Of ``flights`` seeds, how many start with a collet that did not latch."""
    iced = 0
    for seed in range(flights):
        world = World()
        world.reset(level, seed=seed)
        world.step(Controls())
        iced += "unlocked" in world.legs.labels
    return iced


def test_a_humid_launch_can_ice_a_collet(make_level):
    level = touchdown_level(make_level, weather={"fog_visibility_m": 50.0,
                                                 "icing_exposure": 1.0})
    iced = flights_with_an_unlatched_collet(level)
    p = collet_failure_probability(LEGS, 1.0)
    expected = 60 * (1.0 - (1.0 - p) ** 4)
    assert iced == pytest.approx(expected, abs=3 * math.sqrt(expected) + 1)
    assert iced > 0


def test_fog_at_the_ship_alone_does_not_ice_a_collet(make_level):
    # Dense fog at the deck after a dry launch: the collets fail at the dry rate (1 in 1000),
    # so of 60 flights (240 collets) at most one should have one unlatched. Fog raising the
    # exposure (to 0.5 at 50 m, as it once did) would leave about 11 with one.
    level = touchdown_level(make_level, weather={"fog_visibility_m": 50.0,
                                                 "icing_exposure": 0.0})
    world = World()
    world.reset(level, seed=0)
    assert world.weather.icing_exposure == 0.0
    assert flights_with_an_unlatched_collet(level) <= 1


def test_a_leg_that_never_latched_folds_after_touchdown(make_level):
    world = World()
    world.reset(touchdown_level(make_level, faults=[{"kind": "collet_latch", "leg": 1}],
                                sea={"significant_wave_height_m": 2.0, "from_deg": 30.0},
                                success={"settle_time_s": 30.0}))
    stand(world, sink_mps=0.5)
    fly_for(world, 0.3)
    assert world.touchdown is not None and world.legs.labels[0] == "unlocked"
    fly_for(world, 30.0)
    assert world.outcome == Outcome.TIPPED_OVER
    failed_at = world.legs.failures[0][0]
    assert failed_at > world.touchdown.time_s  # the leg gave way after touchdown, under load
    assert world.touchdown.first_failed_leg == 1
