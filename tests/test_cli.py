"""The `hoverslam` command, run as a user would run it."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "game", *args], capture_output=True,
                          text=True, check=False, timeout=300)


def test_fly_json_reports_the_required_fields_and_is_deterministic():
    first = run("fly", "practice_landing_burn", "--seed", "4", "--json")
    assert first.returncode == 0, first.stderr
    summary = json.loads(first.stdout)
    for key in ("outcome", "touchdown", "propellant_left_kg", "sim_time_s", "wall_time_s",
                "steps", "final_state_sha256"):
        assert key in summary
    assert summary["outcome"] != "flying"
    assert summary["steps"] == round(summary["sim_time_s"] * 120)
    second = json.loads(run("fly", "practice_landing_burn", "--seed", "4", "--json").stdout)
    assert second["final_state_sha256"] == summary["final_state_sha256"]


def test_touchdown_figures_are_reported_when_the_stage_reaches_the_deck():
    summary = json.loads(run("fly", "practice_touchdown", "--json").stdout)
    td = summary["touchdown"]
    assert td is not None
    for key in ("vertical_speed_mps", "lateral_speed_mps", "tilt_deg",
                "distance_from_center_m"):
        assert isinstance(td[key], float)


def test_fly_names_the_faults_that_happened():
    text = run("fly", "practice_touchdown_collet")
    assert text.returncode == 0, text.stderr
    assert "faults: collet_latch" in text.stdout  # the level's leg-2 collet, probability 1
    clean = json.loads(run("fly", "practice_touchdown", "--json").stdout)
    assert clean["faults"] == []


def test_levels_lists_names_and_titles():
    out = run("levels")
    assert out.returncode == 0
    assert "practice_landing_burn" in out.stdout
    assert "atlantic_600km" in out.stdout


@pytest.mark.parametrize("args, fragment", [
    (("fly", "no_such_level"), "no_such_level"),
    (("fly", "practice_landing_burn", "--seed", "-3"), "--seed"),
    (("fly", "missing_dir/nope.toml"), "nope.toml"),
    (("fly", "practice_touchdown", "--campaign-flight", "-1"), "--campaign-flight"),
    (("fly", "practice_touchdown", "--campaign-flight", "2", "--campaign-seed", "-1"),
     "--campaign-seed"),
    (("fly", "practice_touchdown", "--campaign-flight", "2", "--seed", "4"), "own seed"),
])
def test_user_mistakes_get_one_line_and_exit_2(args, fragment):
    out = run(*args)
    assert out.returncode == 2
    assert "Traceback" not in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1
    assert fragment in out.stderr


def test_broken_level_file_gets_one_line(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[level]\ntitle = "x"\nvehicle = "falcon9_ft"\n[start]\nphase = "nope"\n')
    out = run("fly", str(bad))
    assert out.returncode == 2
    assert "Traceback" not in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1
    assert "bad.toml" in out.stderr
