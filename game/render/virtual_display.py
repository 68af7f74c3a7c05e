"""A private X server (Xvfb) for headless OpenGL: tests, benchmarks, screenshots.

``display_usable(name)`` tells whether an X display answers; ``VirtualDisplay`` starts
``Xvfb :N -screen 0 1280x720x24`` on a free display number (Xvfb picks it and reports it
through ``-displayfd``; older servers are tried on :90 upward), and stops it again.
Mesa's llvmpipe then renders OpenGL 3.3+ in software.
"""

from __future__ import annotations

import os
import select
import shutil
import socket
import subprocess
import time

SCREEN = "1280x720x24"
START_TIMEOUT_S = 10.0


def display_usable(name: str | None) -> bool:
    """True when an X server answers on the display ``name`` (e.g. ':0', 'host:1')."""
    if not name or ":" not in name:
        return False
    host, _, rest = name.rpartition(":")
    try:
        number = int(rest.split(".")[0])
    except ValueError:
        return False
    try:
        if host in ("", "unix"):
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
                s.settimeout(1.0)
                s.connect(f"/tmp/.X11-unix/X{number}")
        else:
            socket.create_connection((host, 6000 + number), timeout=1.0).close()
    except OSError:
        return False
    return True


def xvfb_path() -> str | None:
    return shutil.which("Xvfb")


class VirtualDisplay:
    """One Xvfb process; ``start()`` returns its display name (':N')."""

    def __init__(self, screen: str = SCREEN) -> None:
        self.screen = screen
        self.proc: subprocess.Popen | None = None
        self.display: str | None = None

    def start(self) -> str:
        xvfb = xvfb_path()
        if xvfb is None:
            raise RuntimeError("Xvfb is not installed (apt-get install xvfb libgl1-mesa-dri)")
        number = self._start_displayfd(xvfb)
        if number is None:
            number = self._start_scan(xvfb)
        self.display = f":{number}"
        return self.display

    def _start_displayfd(self, xvfb: str) -> int | None:
        r, w = os.pipe()
        try:
            self.proc = subprocess.Popen(
                [xvfb, "-displayfd", str(w), "-screen", "0", self.screen, "-nolisten", "tcp",
                 "-noreset"],
                pass_fds=(w,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        finally:
            os.close(w)
        text = b""
        deadline = time.monotonic() + START_TIMEOUT_S
        with os.fdopen(r, "rb", buffering=0) as pipe:
            while b"\n" not in text and time.monotonic() < deadline:
                ready, _, _ = select.select([pipe], [], [], 0.2)
                if ready:
                    chunk = pipe.read(64)
                    if not chunk:
                        break
                    text += chunk
        if text.strip().isdigit() and self.proc.poll() is None:
            return int(text.strip())
        self.stop()
        return None

    def _start_scan(self, xvfb: str) -> int:
        for number in range(90, 200):
            if os.path.exists(f"/tmp/.X{number}-lock"):
                continue
            self.proc = subprocess.Popen(
                [xvfb, f":{number}", "-screen", "0", self.screen, "-nolisten", "tcp", "-noreset"],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            deadline = time.monotonic() + START_TIMEOUT_S
            while time.monotonic() < deadline and self.proc.poll() is None:
                if display_usable(f":{number}"):
                    return number
                time.sleep(0.05)
            self.stop()
        raise RuntimeError("Xvfb did not start on any display from :90 to :199")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5.0)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def __enter__(self) -> VirtualDisplay:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
