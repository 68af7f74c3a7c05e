"""The flight session: take-over and hand-back without a jump, warp rules, restart, cues."""

from __future__ import annotations

import itertools

import pytest

from game.app.loop import FixedStepLoop
from game.app.session import HANDOVER_S, FlightSession
from game.pilots.base import CONTINUOUS_FIELDS
from game.pilots.human import HumanConfig, HumanPilot, PilotInput
from game.sim.controls import Controls


class ScriptedAutopilot:
    """A stand-in autopilot with strong, steady commands, so a jump would show."""

    def __init__(self, level) -> None:
        self.level = level
        self.engaged_with: Controls | None = None
        self.disengaged = 0

    def engage(self, observation, last_controls) -> None:
        self.engaged_with = last_controls

    def disengage(self) -> None:
        self.disengaged += 1

    def command(self, observation, dt_s: float) -> Controls:
        return Controls(throttle_norm=0.8, engine_mode=1, engine_on=True, fins_deploy=True,
                        gimbal_pitch_norm=0.9, gimbal_yaw_norm=-0.7, fin_pitch_norm=0.9,
                        fin_yaw_norm=-0.7, fin_roll_norm=0.5, rcs_pitch_norm=0.9,
                        rcs_yaw_norm=-0.7, rcs_roll_norm=0.5)


def run_steps(session: FlightSession, n: int) -> list[Controls]:
    out = []
    for _ in range(n):
        session.step()
        out.append(session.last_controls)
    return out


def max_jump(sequence: list[Controls]) -> float:
    return max(abs(getattr(b, f) - getattr(a, f)) for a, b in itertools.pairwise(sequence)
               for f in CONTINUOUS_FIELDS)


def test_take_over_and_hand_back_never_jump(practice_level):
    human = HumanPilot(HumanConfig(attitude_frame="body", assist=False))  # steady commands
    session = FlightSession(practice_level, human, pilot="autopilot",
                            autopilot_class=ScriptedAutopilot)
    before = run_steps(session, 60)
    assert session.flying_autopilot
    last = session.last_controls
    assert session.toggle_pilot() == "human"
    human.set_input(PilotInput(pitch=-1.0, yaw=1.0))  # the player pulls the other way at once
    after = run_steps(session, 120)
    per_step = 2.0 * session.dt_s / HANDOVER_S  # the widest swing (-1 to 1) spread over 0.5 s
    assert max_jump([before[-1], *after]) <= per_step + 1e-9
    first = after[0]
    assert (first.engine_on, first.engine_mode, first.fins_deploy) == (
        last.engine_on, last.engine_mode, last.fins_deploy)
    assert first.throttle_norm == pytest.approx(last.throttle_norm)
    assert session.autopilot.disengaged == 1
    assert session.toggle_pilot() == "autopilot"
    assert session.autopilot.engaged_with == after[-1]
    back = run_steps(session, 120)
    assert max_jump([after[-1], *back]) <= per_step + 1e-9
    assert back[-1].gimbal_pitch_norm == pytest.approx(0.9)  # the blend is over


def test_a_level_starting_on_the_autopilot_restarts_on_it(practice_level):
    session = FlightSession(practice_level, pilot="autopilot",
                            autopilot_class=ScriptedAutopilot)
    run_steps(session, 10)
    session.toggle_pilot()
    session.restart()
    assert session.flying_autopilot and session.observation.time_s == 0.0
    assert len(session.recorder) == 1


def test_warp_only_in_unpowered_coast(practice_level, coast_level):
    falling = FlightSession(practice_level)  # 27 kPa of dynamic pressure: not a coast
    assert not falling.warp_allowed()
    assert falling.change_warp(1) == 1
    human = HumanPilot()
    coasting = FlightSession(coast_level, human)  # just after separation, 70 km up
    assert coasting.warp_allowed()
    assert coasting.change_warp(1) == 2
    assert coasting.change_warp(1) == 5

    class Clock:
        now = 0.0

        def __call__(self):
            return self.now

    clock = Clock()
    loop = FixedStepLoop(coasting.dt_s, clock)
    clock.now += 1.0 / 60.0
    frame = loop.advance(coasting.step, coasting.warp, coasting.warp_allowed)
    assert frame.steps == 10 and frame.warp == 5
    human.set_input(PilotInput(presses=("engine_toggle",)))  # light the engines
    clock.now += 1.0 / 60.0
    frame = loop.advance(coasting.step, coasting.warp, coasting.warp_allowed)
    assert frame.steps <= 3  # warp stopped at the first step that lit the engines
    assert not coasting.warp_allowed()


def test_history_and_cues(practice_level):
    human = HumanPilot()
    session = FlightSession(practice_level, human)
    human.set_input(PilotInput(presses=("legs",)))
    deploy_s = practice_level.vehicle.legs.deploy_time_s
    run_steps(session, round((deploy_s + 0.5) / session.dt_s))
    assert "legs_locked" in session.take_cues()
    assert session.take_cues() == []
    times = session.recorder.series["time_s"]
    assert times[0] == 0.0
    assert times[1] == pytest.approx(0.1, abs=session.dt_s)
    assert len(times) == pytest.approx((deploy_s + 0.5) / 0.1 + 1, abs=2)
    alt = session.recorder.series["altitude_m"]
    assert alt[-1] < alt[0]  # falling


def test_the_end_of_a_flight_stops_the_steps(practice_level):
    session = FlightSession(practice_level)  # nobody lights the engine: it hits the sea/deck
    steps = 0
    while session.step():
        steps += 1
        assert steps < 120 * 60
    assert session.done and not session.step()
    assert session.observation.outcome != "flying"
    cues = session.take_cues()
    assert "explosion" in cues
    assert session.recorder.series["time_s"][-1] == pytest.approx(session.observation.time_s)
