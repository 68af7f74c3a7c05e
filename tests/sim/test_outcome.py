"""The touchdown verdict, step by step, from what the contact model measured."""

from __future__ import annotations

from dataclasses import replace

import pytest

from game.data.level_schema import SuccessSpec
from game.sim.outcome import (
    EXPLODES,
    TIPPED_TILT_DEG,
    VERDICTS,
    ContactStatus,
    Outcome,
    Touchdown,
    Verdict,
    limits_exceeded,
)

DT = 1.0 / 120.0
STANDING = ContactStatus(tilt_deg=0.5, speed_mps=0.01, rate_degps=0.1, com_height_m=18.5,
                         feet_in_contact=4, structure_impact_mps=0.0, structure_touching=False,
                         legs_intact=True, leg_failure="")


def _run(verdict: Verdict, status: ContactStatus, seconds: float):
    for n in range(round(seconds / DT)):
        result = verdict.update(status, DT)
        if result is not None:
            return result, (n + 1) * DT
    return None, seconds


def _verdict(settle_s: float = 10.0, land_pad: bool = False) -> Verdict:
    return Verdict(settle_s, max_tilt_deg=10.0, impact_limit_mps=2.0, land_pad=land_pad)


def test_landed_only_after_standing_still_for_the_settle_time():
    result, t = _run(_verdict(10.0), STANDING, 20.0)
    assert result[0] == Outcome.LANDED
    assert t == pytest.approx(10.0, abs=DT)


def test_moving_relative_to_the_deck_keeps_the_verdict_waiting():
    verdict = _verdict(2.0)
    assert _run(verdict, replace(STANDING, speed_mps=0.5), 10.0)[0] is None
    assert _run(verdict, replace(STANDING, rate_degps=3.0), 10.0)[0] is None
    result, t = _run(verdict, STANDING, 10.0)
    assert result[0] == Outcome.LANDED and t == pytest.approx(2.0, abs=DT)


def test_a_leaning_stage_restarts_the_settle_clock():
    verdict = _verdict(2.0)
    _run(verdict, STANDING, 1.5)
    verdict.update(replace(STANDING, tilt_deg=12.0), DT)
    result, t = _run(verdict, STANDING, 10.0)
    assert result[0] == Outcome.LANDED and t == pytest.approx(2.0, abs=DT)


@pytest.mark.parametrize("change, outcome", [
    ({"legs_intact": False, "leg_failure": "leg 2 crush core bottomed"}, Outcome.LANDED_HARD),
    ({"structure_touching": True}, Outcome.LANDED_HARD),
    ({"structure_impact_mps": 2.5}, Outcome.CRASHED),
    ({"tilt_deg": TIPPED_TILT_DEG + 1.0}, Outcome.TIPPED_OVER),
    ({"tilt_deg": 20.0}, Outcome.TIPPED_OVER),  # comes to rest leaning
    ({"com_height_m": -0.5}, Outcome.FELL_OFF),
])
def test_each_way_a_touchdown_ends(change, outcome):
    result, _ = _run(_verdict(3.0), replace(STANDING, **change), 20.0)
    assert result[0] == outcome
    assert result[1]


def test_a_soft_touch_of_the_engines_is_not_an_impact_but_marks_the_landing_hard():
    verdict = _verdict(1.0)
    verdict.update(replace(STANDING, structure_impact_mps=1.5, structure_touching=True), DT)
    result, _ = _run(verdict, STANDING, 5.0)
    assert result[0] == Outcome.LANDED_HARD


def test_a_land_pad_has_no_edge_to_fall_off():
    result, _ = _run(_verdict(1.0, land_pad=True), replace(STANDING, com_height_m=-0.5), 5.0)
    assert result[0] == Outcome.LANDED


def test_tipping_and_breaking_up_explode_and_every_outcome_has_words():
    assert {Outcome.TIPPED_OVER, Outcome.CRASHED} == EXPLODES
    assert set(VERDICTS) == set(Outcome)
    assert VERDICTS[Outcome.CRASHED] == "broke up on impact"


def test_the_level_limits_are_reported_for_the_record():
    td = Touchdown(vertical_speed_mps=3.0, lateral_speed_mps=0.5, tilt_deg=1.0,
                   angular_rate_degps=0.0, distance_from_center_m=20.0, on_deck=True,
                   legs_deployed=True, time_s=1.0)
    success = SuccessSpec(max_vertical_speed_mps=2.0, max_distance_m=15.0)
    assert limits_exceeded(td, success) == ("vertical speed 3.0 m/s over 2.0 m/s",
                                            "20.0 m from the centre, over 15.0 m")
    assert limits_exceeded(replace(td, vertical_speed_mps=1.0, distance_from_center_m=1.0),
                           success) == ()
    as_dict = replace(td, peak_leg_load_n=(1.0, 2.0)).as_dict()
    assert as_dict["peak_leg_load_n"] == [1.0, 2.0] and as_dict["first_failed_leg"] is None
