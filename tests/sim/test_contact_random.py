"""1,000 seeded random touchdowns on a moving deck: no foot ends below the deck, nothing NaN."""

from __future__ import annotations

import math

import numpy as np
import pytest

from game.sim.controls import Controls
from game.sim.world import World
from tests.sim.test_touchdown import feet_heights, stand, touchdown_level

RUNS = 1000
AFTER_CONTACT_S = 0.4  # the impact, the crush and the first rebound
# The solver lets a pad overlap the deck by its slop (1 mm) and, in the sub-step of a violent
# impact, by the distance it travels in that sub-step (15 m/s over 1/480 s: 3 cm) before it
# pushes it out over the next ones.
TOLERANCE_M = 0.01


def _finite(world: World) -> bool:
    numbers = [*world.state, *world.legs.load_n, *world.legs.travel_m,
               *(c for foot in world.legs.foot_points_body() for c in foot)]
    return all(math.isfinite(x) for x in numbers)


@pytest.mark.slow
def test_random_touchdowns_leave_no_foot_below_the_deck_and_nothing_nan(make_level):
    rng = np.random.default_rng(20160117)
    level = touchdown_level(make_level, sea={"significant_wave_height_m": 2.5,
                                             "peak_period_s": 8.0, "from_deg": 300.0},
                            success={"settle_time_s": 1.0})
    world = World()
    outcomes: dict[str, int] = {}
    for run in range(RUNS):
        sink, drift, heading = rng.uniform(0.0, 15.0), rng.uniform(0.0, 5.0), rng.uniform(
            0.0, 2.0 * math.pi)
        offset = (rng.uniform(-15.0, 15.0), rng.uniform(-15.0, 15.0))
        world.reset(level, seed=int(rng.integers(2**31)))  # a new sea: the deck at any phase
        stand(world, gap_m=0.02, sink_mps=sink, offset_m=offset, on_deck_normal=True,
              drift_mps=(drift * math.cos(heading), drift * math.sin(heading)))
        end = math.inf
        while world.time_s < end and not world.step(Controls()).done:
            if world.touchdown is not None and end == math.inf:
                end = world.time_s + AFTER_CONTACT_S
        assert _finite(world), f"run {run}: NaN"
        assert world.touchdown is not None, f"run {run}: never touched"
        low = min(feet_heights(world))
        assert low > -TOLERANCE_M, f"run {run}: a foot {-low * 1e3:.1f} mm below the deck"
        outcomes[world.outcome] = outcomes.get(world.outcome, 0) + 1
    assert len(outcomes) >= 2  # soft and hard arrivals both happened
