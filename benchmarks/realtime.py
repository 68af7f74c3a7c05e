"""Headless real-time factor: a full flight from stage separation, next to LunarLander-v3.

Run: ``pip install -e ".[bench]" && python benchmarks/realtime.py``

Prints the simulated seconds per wall second of a whole no-pilot flight of the level
(default ``atlantic_600km``, from stage separation to its end) and, measured in the same run
on the same machine, that of Gymnasium's ``LunarLander-v3`` stepping random actions (one
step is 1/50 s of its simulated time), and the ratio of the two. Each figure is the best of
``--repeats`` runs, the two interleaved so that both see the same machine load.
"""

from __future__ import annotations

import argparse
import sys
import time


def hoverslam_factor(level_name: str, seed: int) -> tuple[float, dict]:
    from game.data.loader import load_level
    from game.sim.flight import fly

    level = load_level(level_name)
    start = time.perf_counter()
    summary = fly(level, seed=seed)
    wall = time.perf_counter() - start
    return summary["sim_time_s"] / wall, summary


def lander_factor(seconds: float, seed: int) -> float:
    import gymnasium as gym

    env = gym.make("LunarLander-v3")
    env.reset(seed=seed)
    env.action_space.seed(seed)
    steps = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        _, _, terminated, truncated, _ = env.step(env.action_space.sample())
        steps += 1
        if terminated or truncated:
            env.reset()
    wall = time.perf_counter() - start
    env.close()
    return steps / 50.0 / wall


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--level", default="atlantic_600km")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    try:
        import gymnasium
    except ImportError:
        gymnasium = None
    best, lander, summary = 0.0, 0.0, {}
    for _ in range(args.repeats):  # interleaved, so both see the same machine load
        factor, summary = hoverslam_factor(args.level, args.seed)
        best = max(best, factor)
        if gymnasium is not None:
            lander = max(lander, lander_factor(3.0, args.seed))
    steps_per_s = best * summary["steps"] / summary["sim_time_s"]
    print(f"hoverslam  {args.level}: {summary['sim_time_s']:.1f} s simulated "
          f"({summary['steps']} steps, outcome {summary['outcome']})")
    print(f"hoverslam  real-time factor: {best:9.1f} sim s / wall s  ({steps_per_s:,.0f} steps/s)")
    if gymnasium is None:
        print("LunarLander-v3 baseline skipped: pip install -e '.[bench]' for gymnasium[box2d]")
        return 0
    print(f"lunarlander real-time factor: {lander:9.1f} sim s / wall s")
    print(f"ratio hoverslam / lunarlander: {best / lander:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
