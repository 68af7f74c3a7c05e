"""`hoverslam play` and `hoverslam demo` as a user runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from game.cli import main


def run(*args: str, env: dict | None = None, timeout: float = 120.0):
    return subprocess.run([sys.executable, "-m", "game", *args], capture_output=True,
                          text=True, check=False, timeout=timeout, env=env)


def headless_env(tmp_path, **extra) -> dict:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "SDL_VIDEODRIVER")}
    env.update(HOVERSLAM_CONFIG_DIR=str(tmp_path), SDL_AUDIODRIVER="dummy", **extra)
    return env


@pytest.mark.parametrize("extra", [{}, {"SDL_VIDEODRIVER": "dummy"}])
def test_no_display_is_one_line_and_exit_2(tmp_path, extra):
    out = run("play", "practice_landing_burn", env=headless_env(tmp_path, **extra))
    assert out.returncode == 2, out.stderr
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1, out.stderr
    assert "no display" in lines[0] and "hoverslam fly" in lines[0]
    assert out.stdout == ""


def test_bare_hoverslam_is_the_game(tmp_path):
    out = run(env=headless_env(tmp_path))
    assert out.returncode == 2 and "no display" in out.stderr


@pytest.mark.parametrize("args, fragment", [
    (("play", "no_such_level"), "no_such_level"),
    (("play", "practice_landing_burn", "--exit-after", "-1"), "--exit-after"),
    (("play", "practice_landing_burn", "--screenshot", "shot.jpg"), ".png"),
    (("demo", "no_such_level"), "no_such_level"),
])
def test_user_mistakes_get_one_line(tmp_path, args, fragment):
    out = run(*args, env=headless_env(tmp_path))
    assert out.returncode == 2
    assert len(out.stderr.strip().splitlines()) == 1 and fragment in out.stderr


def test_no_autopilot_is_one_line(monkeypatch, capsys):
    from game.app import session

    def missing():
        raise session.AutopilotUnavailable("the autopilot is not built yet")

    monkeypatch.setattr(session, "load_autopilot_class", missing)
    assert main(["play", "practice_landing_burn", "--pilot", "autopilot"]) == 2
    assert main(["demo"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and all("autopilot is not built yet" in line for line in err)


@pytest.mark.gl
def test_play_writes_a_screenshot_and_frame_stats(tmp_path):
    shot = tmp_path / "shot.png"
    (tmp_path / "settings.toml").write_text("[audio]\nvolume = 'loud'\n")  # a broken file
    env = {**os.environ, "HOVERSLAM_CONFIG_DIR": str(tmp_path), "SDL_AUDIODRIVER": "dummy"}
    out = run("play", "practice_landing_burn", "--exit-after", "2", "--screenshot", str(shot),
              "--frame-stats", env=env)
    assert out.returncode == 0, out.stderr
    notice = out.stderr.strip().splitlines()
    assert len(notice) == 1 and "audio.volume" in notice[0] and "defaults" in notice[0]
    stats = json.loads(out.stdout.strip().splitlines()[-1])
    assert stats["frames"] >= 1 and stats["median_ms"] > 0.0
    assert stats["sim_steps"] > 0
    import pygame

    import game.app  # noqa: F401

    image = pygame.image.load(str(shot))
    assert image.get_size() == (1280, 720)
    pixels = pygame.surfarray.array3d(image)
    assert pixels.std() > 5.0  # a picture, not a blank frame
    assert "loud" in (tmp_path / "settings.toml").read_text()  # nothing changed: not rewritten
