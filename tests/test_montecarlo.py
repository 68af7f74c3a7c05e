"""``hoverslam montecarlo``: seeded campaigns, their statistics, the figure, the user's mistakes."""

from __future__ import annotations

import json
import math
import subprocess
import sys

import pytest

from game.campaign import FlightResult, fly_one, run_campaign, summarize, variation
from game.commands.montecarlo import format_summary
from game.data.loader import load_level


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "game", *args], capture_output=True,
                          text=True, timeout=300)


def result(index: int, outcome: str, vertical: float, lateral: float, distance: float,
           left: float, faults: tuple[str, ...] = ()) -> FlightResult:
    td = {"vertical_speed_mps": vertical, "lateral_speed_mps": lateral, "tilt_deg": 0.5,
          "distance_from_center_m": distance}
    return FlightResult(index, index, outcome, "", td, left, 900.0, 860.0, 0.0, 0.0, 20.0, 1.0,
                        faults)


def test_summary_statistics_are_computed_from_the_flights():
    flights = [result(0, "landed", 1.0, 0.2, 1.0, 600.0),
               result(1, "landed", 1.5, 0.4, 3.0, 580.0),
               result(2, "crashed", 3.0, 0.1, 2.0, 590.0),
               result(3, "landed", 1.2, 0.7, 6.0, 620.0)]
    s = summarize(flights)
    assert s["flights"] == 4
    assert s["outcomes"] == {"landed": 3, "crashed": 1}
    assert s["success_rate"] == pytest.approx(0.75)
    assert s["acceptance_rate"] == pytest.approx(0.5)  # the crash and the 0.7 m/s slide fail
    assert s["touchdown"]["vertical_speed_mps"]["median"] == pytest.approx(1.35)
    assert s["touchdown"]["distance_from_center_m"]["max"] == pytest.approx(6.0)
    assert s["propellant_left_kg"]["min"] == pytest.approx(580.0)  # landed flights only
    over = s["landing_burn_over_optimum_pct"]
    assert over["n"] == 3 and over["median"] == pytest.approx(100.0 * (900.0 / 860.0 - 1.0))


def test_the_flights_outside_the_limits_are_named_with_how_to_fly_one_again():
    flights = [result(0, "landed", 1.0, 0.2, 1.0, 600.0),
               result(1, "crashed", 3.0, 0.1, 2.0, 590.0),
               result(2, "landed", 1.2, 0.7, 6.0, 620.0),
               result(3, "landed", 2.0, 0.1, 1.0, 600.0)]  # at the limit is outside it
    s = summarize(flights)
    assert [m["index"] for m in s["outside_limits"]] == [1, 2, 3]
    assert s["outside_limits"][1]["missed"] == ["lateral_speed_mps", "distance_from_center_m"]
    assert s["outside_limits"][2]["missed"] == ["vertical_speed_mps"]
    s.update(level="practice_touchdown", seed=7)
    text = format_summary(s, replay_level="levels/mine.toml")
    assert ("outside the limits: 3 flights: 1 (crashed); 2 (lateral 0.70 m/s, off centre "
            "6.00 m); 3 (vertical 2.00 m/s)") in text
    assert ("fly one again: hoverslam fly levels/mine.toml --pilot autopilot "
            "--campaign-flight 1 --campaign-seed 7") in text
    many = summarize([result(i, "crashed", 3.0, 0.1, 2.0, 590.0) for i in range(15)])
    many.update(level="x", seed=0)
    assert "15 flights: 0 (crashed);" in format_summary(many)
    assert "11 (crashed); and 3 more (--json lists them all)" in format_summary(many)
    clean = summarize([result(0, "landed", 1.0, 0.2, 1.0, 600.0)])
    clean.update(level="x", seed=0)
    assert clean["outside_limits"] == [] and "outside the limits" not in format_summary(clean)


def test_a_campaign_flight_is_flown_again_alone_as_the_campaign_flew_it():
    level = load_level("practice_touchdown")
    flown = fly_one(level, 1, 2)
    out = run("fly", "practice_touchdown", "--pilot", "autopilot", "--campaign-flight", "2",
              "--campaign-seed", "1", "--json")
    assert out.returncode == 0, out.stderr
    again = json.loads(out.stdout)
    assert again["outcome"] == flown.outcome
    assert again["campaign_flight"] == 2 and again["campaign_seed"] == 1
    for key in ("vertical_speed_mps", "lateral_speed_mps", "distance_from_center_m"):
        assert again["touchdown"][key] == flown.touchdown[key]
    other = run("fly", "practice_touchdown", "--pilot", "autopilot", "--campaign-flight", "3",
                "--campaign-seed", "1", "--json")
    assert json.loads(other.stdout)["touchdown"]["distance_from_center_m"] != \
        flown.touchdown["distance_from_center_m"]  # another flight is another variation


def test_flights_with_a_fault_are_counted_apart():
    flights = [result(0, "landed", 1.0, 0.2, 1.0, 600.0),
               result(1, "tipped_over", 1.5, 0.1, 1.0, 580.0, ("collet_failed_leg_2",)),
               result(2, "landed", 1.2, 0.7, 6.0, 620.0),
               result(3, "landed", 1.1, 0.2, 2.0, 610.0, ("throttle_valve_lag",)),
               result(4, "landed", 1.0, 0.1, 1.5, 600.0)]
    s = summarize(flights)
    assert s["flights_with_faults"] == 2
    assert s["faults"] == {"collet_failed": 1, "throttle_valve_lag": 1}
    assert s["acceptance_rate"] == pytest.approx(3 / 5)
    assert s["acceptance_rate_without_faults"] == pytest.approx(2 / 3)  # flights 0, 2, 4
    s.update(level="x", seed=0)
    text = format_summary(s)
    assert "2 flights had a fault (collet_failed 1, throttle_valve_lag 1)" in text
    assert "66.7 % of the others" in text
    clean = summarize([flights[0], flights[2]])
    assert clean["flights_with_faults"] == 0 and clean["faults"] == {}
    assert "had a fault" not in format_summary({**clean, "level": "x", "seed": 0})
    every = summarize([flights[1], flights[3]])  # CRS-6: the slow valve from separation on
    assert every["acceptance_rate_without_faults"] is None
    assert "2 flights had a fault" in format_summary({**every, "level": "x", "seed": 0})
    assert "no flight without one" in format_summary({**every, "level": "x", "seed": 0})


def test_a_flight_reports_the_faults_that_happened():
    collet = fly_one(load_level("practice_touchdown_collet"), 0, 0)
    assert "collet_latch" in collet.faults  # the level's leg-2 fault, probability 1
    assert fly_one(load_level("practice_touchdown"), 0, 0).faults == ()


def test_a_landing_burn_is_compared_with_the_guidance_optimum_from_its_start():
    level = load_level("practice_landing_burn")
    (flight,) = run_campaign(level, 1, seed=2, jobs=1)
    assert flight.landed
    # The optimum is a real landing burn from the same state: most of what was used, and
    # never more (nothing flown can beat the optimum of the same model by much).
    assert 0.7 * flight.landing_burn_kg < flight.landing_burn_optimum_kg
    assert flight.landing_burn_optimum_kg < 1.02 * flight.landing_burn_kg
    # From the moment the engine runs (the Merlin's 0.8 s start and 1.2 s spool-up behind
    # it: about 110 kg less used) the optimum may use the whole throttle range at once, where
    # the guidance plans at most 0.70: it needs less again than what was flown from there.
    running = flight.landing_burn_running_kg
    assert 60.0 < flight.landing_burn_kg - running < 200.0
    assert 0.8 * running < flight.landing_burn_running_optimum_kg < running
    assert flight.landing_burn_running_optimum_kg < flight.landing_burn_optimum_kg


def test_a_variation_is_the_same_whoever_flies_it():
    level = load_level("practice_touchdown")
    a, b = variation(level, 5, 3), variation(level, 5, 3)
    assert a.spec == b.spec
    assert variation(level, 5, 4).spec != a.spec
    assert variation(level, 6, 3).spec != a.spec


def test_a_campaign_is_reproducible():
    level = load_level("practice_touchdown")
    ticks = []
    serial = run_campaign(level, 2, seed=11, jobs=1, progress=ticks.append)
    again = run_campaign(level, 2, seed=11, jobs=1)
    assert len(ticks) == 2
    assert [r.outcome for r in serial] == [r.outcome for r in again]
    assert [r.touchdown for r in serial] == [r.touchdown for r in again]
    assert [r.seed for r in serial] != [11, 11]


@pytest.mark.slow
def test_the_command_flies_in_parallel_reports_json_and_draws_the_figure(tmp_path):
    figure = tmp_path / "campaign.png"
    out = run("montecarlo", "practice_touchdown", "-n", "3", "--jobs", "2", "--seed", "4",
              "--json", "--plot", str(figure))
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["summary"]["flights"] == 3 and len(data["flights"]) == 3
    assert [f["index"] for f in data["flights"]] == [0, 1, 2]
    assert 0.0 <= data["summary"]["success_rate"] <= 1.0
    assert "flight" in out.stderr  # the progress bar went to stderr
    png = figure.read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert width > 500 and height > 300
    assert not list(tmp_path.glob("*.tmp")) and len(list(tmp_path.iterdir())) == 1


def test_the_text_summary_names_the_figures():
    from game.commands.montecarlo import deck_outline_m, format_summary

    s = summarize([result(0, "landed", 1.0, 0.2, 1.0, 600.0)])
    s.update(level="practice_touchdown", seed=0)
    text = format_summary(s)
    assert "landed 100.0 %" in text and "vertical speed" in text and "propellant" in text
    corners = deck_outline_m(90.0, 45.0, 25.0)  # bow due east
    assert max(c[0] for c in corners) == pytest.approx(45.0)
    assert max(c[1] for c in corners) == pytest.approx(25.0)
    assert all(math.isfinite(c) for corner in corners for c in corner)


@pytest.mark.parametrize("args, fragment", [
    (("montecarlo", "practice_touchdown", "-n", "0"), "-n"),
    (("montecarlo", "practice_touchdown", "--jobs", "0"), "--jobs"),
    (("montecarlo", "practice_touchdown", "--seed", "-1"), "--seed"),
    (("montecarlo", "practice_touchdown", "--plot", "out.txt"), "--plot"),
    (("montecarlo", "practice_touchdown", "--plot", "/no/such/folder/x.png"), "folder"),
    (("montecarlo", "no_such_level", "-n", "1"), "no_such_level"),
])
def test_user_mistakes_get_one_line_and_exit_2(args, fragment):
    out = run(*args)
    assert out.returncode == 2
    assert "Traceback" not in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1
    assert fragment in out.stderr


@pytest.mark.parametrize("index", [0, 8])
def test_a_landing_burn_uses_at_most_five_percent_over_the_guidance_optimum(index):
    """The issue's propellant criterion on two practice_landing_burn flights (campaign seed 0).
    With each re-plan's end receding 0.1 s per second flown, these used 5.5 and 5.9 % more
    than the optimum; with the end held while the sideways divert is on course, 1.3 and
    1.8 %."""
    flight = fly_one(load_level("practice_landing_burn"), 0, index)
    assert flight.within_acceptance
    assert math.isfinite(flight.landing_burn_optimum_kg)
    assert flight.landing_burn_kg < 1.05 * flight.landing_burn_optimum_kg
