"""The fixed-step loop with a fake clock: steps per frame, clamp, cap, warp, alpha."""

from __future__ import annotations

import pytest

from game.app.loop import FixedStepLoop

DT = 1.0 / 120.0


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now

    def tick(self, seconds: float) -> None:
        self.now += seconds


def counting():
    calls = []

    def step() -> bool:
        calls.append(1)
        return True

    return step, calls


def test_steps_follow_real_time_and_alpha_is_the_remainder():
    clock = FakeClock()
    loop = FixedStepLoop(DT, clock)
    step, calls = counting()
    clock.tick(1.0 / 60.0)
    frame = loop.advance(step)
    assert frame.steps == 2 and len(calls) == 2
    assert frame.alpha == pytest.approx(0.0, abs=1e-9)
    clock.tick(0.5 * DT)
    frame = loop.advance(step)
    assert frame.steps == 0
    assert frame.alpha == pytest.approx(0.5)
    clock.tick(0.75 * DT)
    frame = loop.advance(step)
    assert frame.steps == 1
    assert frame.alpha == pytest.approx(0.25)


def test_a_long_run_keeps_sim_time_equal_to_real_time():
    clock = FakeClock()
    loop = FixedStepLoop(DT, clock)
    step, calls = counting()
    for i in range(600):
        clock.tick(1.0 / 60.0 if i % 3 else 1.0 / 45.0)  # uneven frames
        loop.advance(step)
    real = 600 / 60.0 + 200 * (1.0 / 45.0 - 1.0 / 60.0)
    assert len(calls) * DT + loop.accumulator_s == pytest.approx(real, abs=1e-9)
    assert 0.0 <= loop.alpha < 1.0


def test_a_stall_is_clamped_and_capped():
    clock = FakeClock()
    loop = FixedStepLoop(DT, clock, max_frame_s=0.25, max_steps=8)
    step, _calls = counting()
    clock.tick(5.0)  # the window was dragged for five seconds
    frame = loop.advance(step)
    assert frame.frame_s == pytest.approx(0.25)
    assert frame.steps == 8
    assert 0.0 <= frame.alpha < 1.0  # the backlog beyond the cap is dropped
    clock.tick(1.0 / 60.0)
    assert loop.advance(step).steps == 2  # and does not come back later


def test_warp_runs_more_steps_of_the_same_length_only_when_allowed():
    clock = FakeClock()
    loop = FixedStepLoop(DT, clock)
    step, _calls = counting()
    clock.tick(1.0 / 60.0)
    frame = loop.advance(step, warp=10, warp_allowed=lambda: True)
    assert frame.steps == 20 and frame.warp == 10
    assert loop.dt_s == DT
    clock.tick(1.0 / 60.0)
    frame = loop.advance(step, warp=10, warp_allowed=lambda: False)
    assert frame.steps == 2 and frame.warp == 1


def test_warp_ends_mid_frame_when_the_coast_ends():
    clock = FakeClock()
    loop = FixedStepLoop(DT, clock)
    state = {"steps": 0}

    def step() -> bool:
        state["steps"] += 1
        return True

    allowed = lambda: state["steps"] < 5  # noqa: E731  (the engines light after 5 steps)
    clock.tick(1.0 / 60.0)
    frame = loop.advance(step, warp=50, warp_allowed=allowed)
    assert 5 <= frame.steps <= 6  # stopped warping at once, not after 100 steps
    assert frame.warp == 1
    assert 0.0 <= frame.alpha < 1.0


def test_the_step_can_end_the_flight():
    clock = FakeClock()
    loop = FixedStepLoop(DT, clock)
    calls = []

    def step() -> bool:
        calls.append(1)
        return len(calls) < 3

    clock.tick(0.1)
    frame = loop.advance(step)
    assert frame.steps == 3 and frame.alpha == 0.0


def test_resync_forgets_a_pause():
    clock = FakeClock()
    loop = FixedStepLoop(DT, clock)
    step, _calls = counting()
    clock.tick(30.0)
    loop.resync()
    clock.tick(DT)
    assert loop.advance(step).steps == 1
