"""The project's gl hook: without a display or Xvfb, gl tests skip, but fail under CI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NODE = "tests/render/test_placement.py::test_every_camera_shows_a_picture_with_the_stage_in_it"


def _run_without_display(ci: bool) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "CI", "WAYLAND_DISPLAY")}
    env["PATH"] = str(ROOT / "no-such-dir")  # no Xvfb to be found
    if ci:
        env["CI"] = "1"
    return subprocess.run(
        [sys.executable, "-m", "pytest", f"{NODE}[chase]", "-q", "-rs", "-p", "no:cacheprovider"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_without_xvfb_gl_tests_skip_with_the_reason():
    out = _run_without_display(ci=False)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "1 skipped" in out.stdout and "Xvfb is not installed" in out.stdout


def test_without_xvfb_gl_tests_fail_under_ci():
    out = _run_without_display(ci=True)
    assert out.returncode != 0
    assert "CI must run the gl tests" in out.stdout
