"""Sounds made at start-up, the mixer (or silence), and the debrief plots."""

from __future__ import annotations

import numpy as np
import pytest

from game.app import synth
from game.app.recorder import SERIES
from game.app.sound import SoundEngine, engine_loudness


@pytest.mark.parametrize("name", sorted(synth.ALL))
def test_every_sound_is_short_loud_enough_and_clean(name):
    x = synth.ALL[name](rate_hz=22050)
    assert x.dtype == np.float32 and x.ndim == 1
    assert 0.1 * 22050 <= len(x) <= 3.5 * 22050
    assert np.all(np.isfinite(x))
    assert 0.5 <= np.max(np.abs(x)) <= 1.0
    assert abs(float(np.mean(x))) < 0.05  # no DC offset to thump the speakers


def test_the_engine_loop_joins_without_a_click():
    x = synth.engine_roar(rate_hz=22050)
    step_at_join = abs(float(x[0] - x[-1]))
    typical_step = float(np.median(np.abs(np.diff(x))))
    assert step_at_join < 2.0 * typical_step  # like any step inside the loop


def test_engine_loudness_follows_thrust_and_air():
    assert engine_loudness(0, 1.0, 101325.0) == 0.0
    one = engine_loudness(1, 0.6, 101325.0)
    three = engine_loudness(3, 0.6, 101325.0)
    nine = engine_loudness(9, 1.0, 101325.0)
    assert 0.0 < one < three < nine == pytest.approx(1.0)
    assert engine_loudness(1, 0.6, 100.0) < 0.5 * one  # thin air carries little sound



class Snap:
    engines_lit = 1
    throttle_norm = 0.8
    ambient_pressure_pa = 101325.0
    rcs_firing = (0.5, 0.0, 0.0)


def test_the_mixer_plays_the_cues(monkeypatch):
    import pygame

    monkeypatch.setenv("SDL_AUDIODRIVER", "dummy")
    engine = SoundEngine(volume=0.5)
    try:
        assert engine.enabled, engine.reason
        engine.update(Snap(), [], 1.0 / 60.0)
        assert pygame.mixer.Channel(0).get_busy()  # the engine loop

        def one_shots() -> int:
            return sum(pygame.mixer.Channel(i).get_busy()
                       for i in range(1, pygame.mixer.get_num_channels()))

        assert one_shots() == 1  # the RCS puff
        engine.update(Snap(), ["legs_locked", "sonic_boom", "touchdown"], 1.0 / 60.0)
        assert one_shots() == 3  # the leg clunk and the boom join it
        engine.set_volume(0.5, muted=True)
        assert not pygame.mixer.get_busy()
    finally:
        engine.close()


def test_no_audio_device_means_silence_not_a_crash(monkeypatch):
    monkeypatch.setenv("SDL_AUDIODRIVER", "no-such-driver")
    engine = SoundEngine()
    assert not engine.enabled and engine.reason.startswith("sound off")
    engine.update(Snap(), ["explosion"], 0.1)
    engine.play("boom")
    engine.close()


def flight_series() -> dict[str, list[float]]:
    t = [i * 0.5 for i in range(61)]
    return {
        "time_s": t,
        "altitude_m": [3000.0 - 50.0 * x for x in t],
        "vertical_speed_mps": [-50.0] * 61,
        "horizontal_speed_mps": [3.0] * 61,
        "throttle_norm": [0.0] * 20 + [0.8] * 41,
        "throttle_cmd_norm": [0.0] * 20 + [1.0] * 41,
        "propellant_kg": [6000.0 - 40.0 * x for x in t],
        "tilt_deg": [1.0] * 61,
        "autopilot": [0.0] * 30 + [1.0] * 31,
    }


def test_the_plots_show_the_flight():
    from game.app.plots import flight_figure, plot_rgba

    series = flight_series()
    assert set(series) == set(SERIES)
    fig = flight_figure(series)
    titles = [ax.get_title() for ax in fig.axes]
    assert titles == ["altitude above deck (m)", "speed relative to deck (m/s)",
                      "throttle (%)", "propellant (kg)"]
    altitude = fig.axes[0].get_lines()[0]
    assert list(altitude.get_ydata()) == series["altitude_m"]
    throttle = fig.axes[2].get_lines()[0]
    assert max(throttle.get_ydata()) == pytest.approx(80.0)
    data = plot_rgba(series, 400, 300)
    assert len(data) == 400 * 300 * 4


def test_saved_plots_are_a_png(tmp_path):
    from game.app.plots import save_plots

    path = tmp_path / "flights" / "f.png"
    save_plots(flight_series(), path)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert [p.name for p in path.parent.iterdir()] == ["f.png"]
