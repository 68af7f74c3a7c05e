"""The game's sounds, synthesised with numpy at start-up (no sound files).

Every function returns mono float32 samples in -1..1 at ``rate_hz``; each draws its noise
from its own seeded generator, so the sounds are the same every run and never touch the
simulation's random generator.

- ``engine_roar``: a loop of red noise (white noise through a 90 Hz first-order low-pass:
  the low rumble of a rocket) with a sparse low-passed crackle; filtered circularly in the
  frequency domain, so the loop's end joins its start without a click.
- ``rcs_puff``: a 0.18 s burst of high-passed white noise with a fast attack and an
  exponential decay (a cold-gas valve opening and closing).
- ``leg_lock``: a metallic clunk: two damped sinusoids (180 and 410 Hz) on a noise transient.
- ``sonic_boom``: the double crack of an N-wave from the nose and the tail, 0.25 s apart.
- ``explosion``: a 3 s low-passed noise burst with a slow exponential decay and a thump.
"""

from __future__ import annotations

import numpy as np

RATE_HZ = 44100


def _rng(seed: int) -> np.random.Generator:
    return np.random.default_rng(seed)


def _low_pass(x: np.ndarray, cutoff_hz: float, rate_hz: int, circular: bool = False
              ) -> np.ndarray:
    """First-order low-pass, ``H(f) = 1 / (1 + j f / f_c)`` (6 dB/octave), applied by FFT.

    ``circular`` filters the signal as one period of a loop; otherwise it is zero-padded so
    that nothing wraps from the end into the start.
    """
    n = len(x)
    size = n if circular else 2 * n
    spectrum = np.fft.rfft(x, size)
    f = np.fft.rfftfreq(size, 1.0 / rate_hz)
    return np.fft.irfft(spectrum / (1.0 + 1j * f / cutoff_hz), size)[:n].astype(np.float32)


def _normalise(x: np.ndarray, peak: float = 0.9) -> np.ndarray:
    m = float(np.max(np.abs(x))) or 1.0
    return (x * (peak / m)).astype(np.float32)


def engine_roar(seconds: float = 2.0, rate_hz: int = RATE_HZ) -> np.ndarray:
    n = int(seconds * rate_hz)
    white = _rng(1).standard_normal(n)
    red = _low_pass(white, 90.0, rate_hz, circular=True)
    crackle = _low_pass(white * (_rng(2).random(n) > 0.97), 1200.0, rate_hz, circular=True)
    x = red / (np.std(red) + 1e-12) + 0.35 * crackle / (np.std(crackle) + 1e-12)
    return _normalise(x - np.mean(x), 0.8)


def rcs_puff(rate_hz: int = RATE_HZ) -> np.ndarray:
    n = int(0.18 * rate_hz)
    t = np.arange(n) / rate_hz
    white = _rng(3).standard_normal(n)
    hiss = white - _low_pass(white, 2500.0, rate_hz)
    envelope = np.minimum(t / 0.005, 1.0) * np.exp(-t / 0.05)
    return _normalise(hiss * envelope, 0.6)


def leg_lock(rate_hz: int = RATE_HZ) -> np.ndarray:
    n = int(0.5 * rate_hz)
    t = np.arange(n) / rate_hz
    ring = (np.sin(2 * np.pi * 180.0 * t) * np.exp(-t / 0.09)
            + 0.6 * np.sin(2 * np.pi * 410.0 * t) * np.exp(-t / 0.05))
    click = _rng(4).standard_normal(n) * np.exp(-t / 0.004)
    return _normalise(ring + 0.8 * click, 0.9)


def sonic_boom(rate_hz: int = RATE_HZ) -> np.ndarray:
    n = int(1.2 * rate_hz)
    t = np.arange(n) / rate_hz
    x = np.zeros(n)
    for start in (0.02, 0.27):
        k = (t >= start) & (t < start + 0.12)
        x[k] += 1.0 - 2.0 * (t[k] - start) / 0.12  # the N-wave: jump up, ramp down, jump back
    rumble = _low_pass(_rng(5).standard_normal(n), 150.0, rate_hz) * np.exp(-t / 0.4)
    x = _low_pass(x, 3000.0, rate_hz) + 0.5 * rumble / (np.std(rumble) + 1e-12) * 0.3
    return _normalise(x, 0.95)


def explosion(rate_hz: int = RATE_HZ) -> np.ndarray:
    n = int(3.0 * rate_hz)
    t = np.arange(n) / rate_hz
    noise = _low_pass(_rng(6).standard_normal(n), 400.0, rate_hz)
    noise = noise / (np.std(noise) + 1e-12)
    thump = np.sin(2 * np.pi * 45.0 * t) * np.exp(-t / 0.3)
    envelope = np.minimum(t / 0.01, 1.0) * np.exp(-t / 0.9)
    return _normalise(noise * envelope + 2.0 * thump, 0.95)


ALL = {"engine": engine_roar, "rcs": rcs_puff, "legs": leg_lock, "boom": sonic_boom,
       "explosion": explosion}
