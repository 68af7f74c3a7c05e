"""Axis shaping, the keymap, frame statistics, the history recorder, the camera director."""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import pytest

from game.app.director import MAX_SHOT_S, MIN_SHOT_S, CameraDirector, suitable
from game.app.framestats import FrameStats, percentile
from game.app.input.functions import HELD_FUNCTIONS, PRESS_FUNCTIONS
from game.app.input.keymap import load_keymap
from game.app.input.shaping import dead_zone, expo, shape_axis, shape_throttle
from game.app.recorder import FlightRecorder
from game.data.errors import DataError


def test_dead_zone_is_continuous_and_reaches_full_scale():
    assert dead_zone(0.05, 0.1) == 0.0
    assert dead_zone(0.1 + 1e-9, 0.1) == pytest.approx(0.0, abs=1e-8)
    assert dead_zone(1.0, 0.1) == 1.0
    assert dead_zone(-0.55, 0.1) == pytest.approx(-0.5)


@pytest.mark.parametrize("amount", [0.0, 0.3, 1.0])
def test_expo_is_monotonic_odd_and_keeps_the_ends(amount):
    xs = [i / 50.0 - 1.0 for i in range(101)]
    ys = [expo(x, amount) for x in xs]
    assert all(b >= a for a, b in itertools.pairwise(ys))
    assert expo(1.0, amount) == pytest.approx(1.0)
    assert expo(-0.4, amount) == pytest.approx(-expo(0.4, amount))
    if amount:
        assert abs(expo(0.2, amount)) < 0.2  # finer near the centre


def test_shape_axis_and_throttle_ranges():
    assert shape_axis(0.5, invert=True) == -0.5
    assert shape_axis(7.0) == 1.0  # clamped
    assert shape_throttle(-1.0) == 0.0 and shape_throttle(1.0) == 1.0
    assert shape_throttle(0.0) == pytest.approx(0.5)
    assert shape_throttle(0.0, lever_range="0..1") == 0.0
    assert shape_throttle(-0.7, lever_range="0..1") == 0.0
    assert shape_throttle(0.5, lever_range="0..1") == pytest.approx(0.5)
    assert shape_throttle(1.0, invert=True) == 0.0
    assert shape_throttle(-0.96, zone=0.05) == 0.0  # the dead zone sits at idle


def test_the_default_keymap_binds_every_function_to_its_own_keys(dummy_video):
    keymap = load_keymap()
    for function in (*HELD_FUNCTIONS, *PRESS_FUNCTIONS):
        assert keymap.names_for(function), function
    seen: dict[str, str] = {}
    for function, names in keymap.keys.items():
        for name in names:
            assert name not in seen, f"{name} bound to {seen.get(name)} and {function}"
            seen[name] = function
    assert keymap.throttle_rate_per_s > 0.0


def test_keymap_overrides_and_bad_names(dummy_video, tmp_path):
    keymap = load_keymap(overrides={"legs": ["l"], "fins": ["no such key"]})
    assert keymap.names_for("legs") == ["l"]
    assert keymap.names_for("fins") == ["f"]
    assert len(keymap.notices) == 1 and "controls.keys.fins" in keymap.notices[0]
    broken = tmp_path / "keys.toml"
    broken.write_text('[pilot]\nlegs = ["hyperspace"]\n')
    with pytest.raises(DataError, match="hyperspace"):
        load_keymap(broken)


def test_percentiles_and_summary():
    values = sorted(float(i) for i in range(1, 101))
    assert percentile(values, 50.0) == 50.0
    assert percentile(values, 99.0) == 99.0
    assert math.isnan(percentile([], 50.0))
    stats = FrameStats(skip=2)
    for ms in (500, 400, *range(1, 101)):
        stats.add(ms / 1000.0, ms / 2000.0, steps=2)
    s = stats.summary()
    assert s["frames"] == 100 and s["skipped_frames"] == 2 and s["sim_steps"] == 204
    assert s["median_ms"] == 50.0 and s["p99_ms"] == 99.0 and s["max_ms"] == 100.0
    assert s["work_median_ms"] == 25.0
    assert s["fps_median"] == 20.0


@dataclass
class FakeObs:
    time_s: float
    altitude_above_deck_m: float = 100.0
    vertical_speed_mps: float = -10.0
    horizontal_speed_mps: float = 1.0
    throttle_norm: float = 0.6
    engines_lit: int = 1
    propellant_kg: float = 500.0
    tilt_deg: float = 2.0
    outcome: str = "flying"


@dataclass
class FakeControls:
    throttle_norm: float = 0.7
    engine_on: bool = True


def test_recorder_samples_evenly_and_stays_bounded():
    recorder = FlightRecorder(interval_s=0.1, max_samples=100)
    for step in range(12001):  # 100 s at 120 steps per second
        recorder.sample(FakeObs(step / 120.0), FakeControls(), autopilot=False)
    times = recorder.series["time_s"]
    assert len(times) <= 101
    gaps = {round(b - a, 6) for a, b in itertools.pairwise(times)}
    assert len(gaps) <= 2 and max(gaps) <= 1.61  # even spacing (interval doubled 4 times)
    assert times[0] == 0.0 and times[-1] >= 98.0
    assert recorder.series["throttle_cmd_norm"][0] == 0.7


@dataclass
class Moment:
    altitude_above_deck_m: float
    engines_lit: int = 0
    outcome: str = "flying"


def test_director_cuts_by_itself_only_in_demo_and_to_suitable_cameras():
    manual = CameraDirector(camera="deck")
    assert manual.manual(1) == "onboard" and manual.manual(-2) == "chase"
    assert manual.update(Moment(50_000.0), 100.0) == "chase"  # no automatic cuts
    auto = CameraDirector(auto=True, seed=3)
    cuts, t = [], 0.0
    camera = auto.update(Moment(50_000.0), 0.0)
    while t < 120.0:
        t += 0.5
        new = auto.update(Moment(50_000.0), 0.5)
        if new != camera:
            cuts.append(t)
            camera = new
        assert camera in suitable(Moment(50_000.0))
    gaps = [b - a for a, b in itertools.pairwise(cuts)]
    assert gaps and all(MIN_SHOT_S - 0.5 <= g <= MAX_SHOT_S + 0.5 for g in gaps)
    assert auto.update(Moment(300.0, engines_lit=1), 0.1) in suitable(Moment(300.0, 1))
    assert auto.update(Moment(0.0, outcome="landed"), 0.1) in ("deck", "orbit", "tracking")
    auto.manual(1)
    assert not auto.auto  # the player's choice ends the cutting
