"""Sound through ``pygame.mixer`` from the samples ``synth`` makes at start-up.

- Engine roar: one looping channel whose volume follows the thrust: silent when no engine is
  lit, else ``0.35 + 0.65 sqrt(lit / 9 x throttle)``, times ``0.25 + 0.75 min(1, p / p0)`` (in
  thin air little reaches the listener but the structure's rumble), smoothed with a 0.1 s
  time constant so it swells and dies like an engine.
- RCS puffs: one puff every ``RCS_PUFF_PERIOD_S`` while any thruster fires.
- One-shots for the session's cues: legs locked, sonic boom, explosion.

Volume and mute come from the settings. Where there is no audio device (``mixer.init``
fails) the engine is silent: every method still works and does nothing.
"""

from __future__ import annotations

import math

import numpy as np
import pygame

from game.app import synth
from game.app.stdio import quiet_stderr

P0_PA = 101325.0
RCS_PUFF_PERIOD_S = 0.15
SMOOTHING_S = 0.1
CUE_SOUNDS = {"legs_locked": "legs", "sonic_boom": "boom", "explosion": "explosion"}


def engine_loudness(engines_lit: int, throttle_norm: float, ambient_pressure_pa: float) -> float:
    """Target loudness of the engine loop, 0..1 (see the module docstring)."""
    if engines_lit <= 0:
        return 0.0
    thrust = max(0.0, min(1.0, engines_lit / 9.0 * throttle_norm))
    air = 0.25 + 0.75 * min(1.0, max(0.0, ambient_pressure_pa / P0_PA))
    return (0.35 + 0.65 * math.sqrt(thrust)) * air


class SoundEngine:
    """The game's sounds (see the module docstring)."""

    def __init__(self, volume: float = 0.8, muted: bool = False) -> None:
        self.volume = volume
        self.muted = muted
        self.enabled = False
        self.reason = ""
        self.sounds: dict[str, pygame.mixer.Sound] = {}
        self._engine_level = 0.0
        self._puff_timer_s = 0.0
        self._engine_channel = None
        try:
            if not pygame.mixer.get_init():
                with quiet_stderr():  # audio back ends chatter on stderr when they fail
                    pygame.mixer.init(frequency=synth.RATE_HZ, size=-16, channels=2,
                                      buffer=1024)
            rate_hz, _, channels = pygame.mixer.get_init()
            for name, make in synth.ALL.items():
                self.sounds[name] = _to_sound(make(rate_hz=rate_hz), channels)
            pygame.mixer.set_num_channels(16)
            self._engine_channel = pygame.mixer.Channel(0)
            pygame.mixer.set_reserved(1)
            self.enabled = True
        except (pygame.error, TypeError, ValueError) as exc:
            self.reason = f"sound off: {exc}"

    @property
    def gain(self) -> float:
        return 0.0 if self.muted else self.volume

    def set_volume(self, volume: float, muted: bool) -> None:
        self.volume, self.muted = max(0.0, min(1.0, volume)), muted
        if not self.gain:
            self.silence()

    def update(self, snapshot, cues: list[str], frame_s: float) -> None:
        """Follow the stage's state for one frame and play the cues it produced."""
        if not self.enabled:
            return
        target = engine_loudness(snapshot.engines_lit, snapshot.throttle_norm,
                                 snapshot.ambient_pressure_pa)
        k = 1.0 - math.exp(-max(frame_s, 0.0) / SMOOTHING_S)
        self._engine_level += (target - self._engine_level) * k
        self._engine(self._engine_level * self.gain)
        firing = max((abs(c) for c in snapshot.rcs_firing), default=0.0)
        self._puff_timer_s -= frame_s
        if firing > 0.05 and self._puff_timer_s <= 0.0:
            self._puff_timer_s = RCS_PUFF_PERIOD_S
            self.play("rcs", 0.3 + 0.7 * min(1.0, firing))
        for cue in cues:
            if cue in CUE_SOUNDS:
                self.play(CUE_SOUNDS[cue])

    def _engine(self, level: float) -> None:
        channel = self._engine_channel
        if level < 1e-3:
            if channel.get_busy():
                channel.stop()
            return
        if not channel.get_busy():
            channel.play(self.sounds["engine"], loops=-1)
        channel.set_volume(min(1.0, level))

    def play(self, name: str, level: float = 1.0) -> None:
        if not self.enabled or not self.gain:
            return
        channel = self.sounds[name].play()
        if channel is not None:
            channel.set_volume(min(1.0, level * self.gain))

    def silence(self) -> None:
        """Stop everything (pause, menus, the end of a flight)."""
        self._engine_level = 0.0
        if self.enabled:
            pygame.mixer.stop()

    def close(self) -> None:
        self.silence()
        if self.enabled:
            pygame.mixer.quit()
            self.enabled = False


def _to_sound(samples: np.ndarray, channels: int) -> pygame.mixer.Sound:
    pcm = np.clip(samples * 32767.0, -32768, 32767).astype(np.int16)
    if channels > 1:
        pcm = np.repeat(pcm[:, None], channels, axis=1)
    return pygame.mixer.Sound(buffer=np.ascontiguousarray(pcm).tobytes())
