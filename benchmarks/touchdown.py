"""Speed of the touchdown model: the contact phase next to free flight, in the same run.

Run: ``python benchmarks/touchdown.py``

Prints, each the best of ``--repeats`` runs on this machine:
- free flight: simulated seconds per wall second of the World stepping a stage in free fall
  high above the sea (the baseline: the same World, the same step, no contact);
- touchdown: the same for a stage that lands at 2 m/s on a deck in a 2 m sea and stands on it
  (the pymunk contact phase, with its sub-steps and the out-of-plane model);
- a hard arrival: 6 m/s onto the deck, crushing the cores (the impact's first second);
and the ratio of the contact phase to free flight. The game needs 1 simulated second per wall
second; Monte Carlo campaigns want far more.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from game.data.level_schema import LevelSpec  # noqa: E402
from game.data.loader import Level, load_vehicle  # noqa: E402
from game.sim.controls import Controls  # noqa: E402
from game.sim.world import World  # noqa: E402

UPRIGHT = (math.sqrt(0.5), 0.0, -math.sqrt(0.5), 0.0)


def _level(altitude_m: float, wave_height_m: float) -> Level:
    spec = LevelSpec.model_validate({
        "level": {"title": "touchdown benchmark", "vehicle": "falcon9_ft", "seed": 3},
        "start": {"phase": "touchdown", "altitude_m": altitude_m, "vertical_speed_mps": 0.0,
                  "horizontal_speed_mps": 0.0, "horizontal_offset_m": 0.0,
                  "attitude": "vertical", "propellant_kg": 500.0, "nitrogen_kg": 50.0,
                  "hydraulic_fluid_kg": 5.0, "engine_starts_left": 1, "legs": "deployed"},
        "sea": {"significant_wave_height_m": wave_height_m, "peak_period_s": 8.0},
        "success": {"settle_time_s": 1000.0},
        "physics": {"timeout_s": 7000.0},
    })
    return Level(name="bench", path=Path("bench.toml"), spec=spec,
                 vehicle=load_vehicle("falcon9_ft"))


def _drop_onto_deck(world: World, sink_mps: float) -> None:
    """Feet 2 cm above the deck, upright, sinking."""
    surface = world.ship.surface_at(world.time_s, (0.0, 0.0, 0.0))
    reach = world.mass.com_station_m - world.legs.geometry.deployed_station_m + 0.02
    reach += world.legs.geometry.foot_radius_m * math.hypot(*surface.normal[0:2])
    world.state = (0.0, 0.0, surface.height_m + reach, 0.0, 0.0, -sink_mps, *UPRIGHT,
                   0.0, 0.0, 0.0)


def _factor(world: World, seconds: float) -> float:
    controls = Controls()
    start_sim, start = world.time_s, time.perf_counter()
    while world.time_s - start_sim < seconds and not world.step(controls).done:
        pass
    return (world.time_s - start_sim) / (time.perf_counter() - start)


def free_flight(seconds: float) -> float:
    world = World()
    world.reset(_level(50_000.0, 2.0))
    return _factor(world, seconds)


def touchdown(sink_mps: float, seconds: float) -> float:
    world = World()
    world.reset(_level(25.0, 2.0))
    _drop_onto_deck(world, sink_mps)
    factor = _factor(world, seconds)
    assert world.touchdown is not None, "the benchmark stage never reached the deck"
    return factor


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20.0, help="simulated per run")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    flight = max(free_flight(args.seconds) for _ in range(args.repeats))
    standing = max(touchdown(2.0, args.seconds) for _ in range(args.repeats))
    hard = max(touchdown(6.0, 1.0) for _ in range(args.repeats))
    print(f"free flight (baseline):      {flight:8.1f} sim s / wall s")
    print(f"touchdown at 2 m/s + stand:  {standing:8.1f} sim s / wall s "
          f"({standing / flight:.2f} of free flight)")
    print(f"hard arrival at 6 m/s, 1 s:  {hard:8.1f} sim s / wall s "
          f"({hard / flight:.2f} of free flight)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
