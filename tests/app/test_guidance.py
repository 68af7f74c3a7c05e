"""The autopilot is prepared while the level loads, on a background thread, and the flight
never calls into it before that is done."""

from __future__ import annotations

import sys
import threading

import pytest

from game.app.session import AutopilotUnavailable, FlightSession
from game.sim.controls import Controls


class SlowAutopilot:
    """Prepares until ``release`` is set; records every call and any overlap with it."""

    release = threading.Event()
    made = 0

    def __init__(self, level) -> None:
        SlowAutopilot.made += 1
        self.preparing = False
        self.calls: list[str] = []
        self.overlaps = 0

    def prepare(self) -> bool:
        self.preparing = True
        SlowAutopilot.release.wait(30.0)
        self.preparing = False
        return True

    def _call(self, name: str) -> None:
        self.calls.append(name)
        self.overlaps += self.preparing

    def engage(self, observation, last_controls) -> None:
        self._call("engage")

    def disengage(self) -> None:
        self._call("disengage")

    def command(self, observation, dt_s: float) -> Controls:
        self._call("command")
        return Controls(throttle_norm=0.5, engine_on=True)


class BrokenAutopilot:
    """Cannot be made (a missing solver, say), after ``release`` is set."""

    release = threading.Event()

    def __init__(self, level) -> None:
        BrokenAutopilot.release.wait(30.0)
        raise RuntimeError("no solver here")


def test_the_session_prepares_the_real_autopilot_as_the_level_loads(practice_level):
    session = FlightSession(practice_level, prepare_guidance=True)  # the human flies
    assert session.guidance is not None and session.guidance.wait(120.0)
    assert session.guidance.error == ""
    assert session.guidance.ready  # the landing-burn problem is compiled already
    assert "cvxpy" in sys.modules
    assert session.autopilot.prepare()  # nothing left to do: it says ready again
    session.toggle_pilot()
    assert session.flying_autopilot and not session.guidance_pending
    session.step()
    assert session.observation.time_s > 0.0


def test_a_flight_starting_on_the_autopilot_holds_until_guidance_is_ready(practice_level):
    SlowAutopilot.release.clear()
    session = FlightSession(practice_level, pilot="autopilot", autopilot_class=SlowAutopilot,
                            prepare_guidance=True)
    try:
        assert session.flying_autopilot and session.guidance_pending
        for _ in range(20):
            assert session.step()  # the flight holds: nothing moves, nobody is asked
        assert session.observation.time_s == 0.0 and session.autopilot is None
    finally:
        SlowAutopilot.release.set()
    assert session.guidance.wait(10.0)
    session.step()
    autopilot = session.autopilot
    assert session.observation.time_s > 0.0 and not session.guidance_pending
    assert autopilot.calls == ["command"] and autopilot.overlaps == 0
    assert session.last_controls.throttle_norm == 0.5


def test_a_hand_over_during_the_preparation_completes_after_it(practice_level):
    SlowAutopilot.release.clear()
    session = FlightSession(practice_level, autopilot_class=SlowAutopilot,
                            prepare_guidance=True)
    try:
        session.step()
        t = session.observation.time_s
        assert t > 0.0  # the human flies while the autopilot is prepared
        assert session.toggle_pilot() == "autopilot" and session.guidance_pending
        session.step()
        assert session.observation.time_s == t
        assert session.toggle_pilot() == "human"  # changed their mind: flying on
        session.step()
        assert session.observation.time_s > t
        assert session.toggle_pilot() == "autopilot"
    finally:
        SlowAutopilot.release.set()
    assert session.guidance.wait(10.0)
    session.step()
    assert session.autopilot.calls == ["engage", "command"]
    assert session.autopilot.overlaps == 0


def test_a_restart_keeps_an_autopilot_that_never_flew(practice_level):
    SlowAutopilot.release.set()
    made = SlowAutopilot.made
    session = FlightSession(practice_level, autopilot_class=SlowAutopilot,
                            prepare_guidance=True)
    session.restart()
    assert SlowAutopilot.made == made + 1  # the same one, not prepared again
    assert session.guidance.wait(10.0)
    session.toggle_pilot()
    session.step()
    session.restart()  # it flew: the next flight gets a fresh one
    assert session.guidance.wait(10.0) and SlowAutopilot.made == made + 2


def test_an_autopilot_that_cannot_be_made_leaves_the_human_flying(practice_level):
    BrokenAutopilot.release.clear()
    session = FlightSession(practice_level, autopilot_class=BrokenAutopilot,
                            prepare_guidance=True)
    try:
        assert session.toggle_pilot() == "autopilot"  # not known yet: the flight holds
    finally:
        BrokenAutopilot.release.set()
    assert session.guidance.wait(10.0)
    session.step()
    assert not session.flying_autopilot and session.observation.time_s > 0.0
    assert session.take_notices() == ["no autopilot: no solver here"]
    with pytest.raises(AutopilotUnavailable, match="no solver here"):
        session.toggle_pilot()  # known now: refused at once
    assert not session.flying_autopilot
