"""Settings: defaults, round trip, atomic write, a broken file falls back with one line."""

from __future__ import annotations

import os
import tomllib

import pytest

from game.app import files, settings
from game.app.settings import AxisBinding, ButtonBinding, Settings, load_settings, save_settings


def test_missing_file_gives_defaults_without_a_notice(tmp_path):
    loaded = load_settings(tmp_path / "settings.toml")
    assert loaded.settings == Settings()
    assert loaded.notice is None and not loaded.broken


def test_round_trip_keeps_every_field(tmp_path):
    s = Settings()
    s.audio.volume = 0.35
    s.audio.muted = True
    s.video.fullscreen = True
    s.video.camera = "onboard"
    s.controls.attitude_frame = "body"
    s.controls.keys = {"engine_toggle": ["return"]}
    s.controls.axes = [AxisBinding(function="throttle", device="Virtual Controller",
                                   guid="ff00", axis=3, invert=True, dead_zone=0.02,
                                   expo=0.25, range="0..1")]
    s.controls.buttons = [ButtonBinding(function="legs", button=4),
                          ButtonBinding(function="warp_up", hat=0, direction="right")]
    path = save_settings(s, tmp_path / "settings.toml")
    loaded = load_settings(path)
    assert loaded.notice is None
    assert loaded.settings == s
    assert tomllib.loads(path.read_text())["audio"]["volume"] == 0.35


def test_config_dir_follows_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("HOVERSLAM_CONFIG_DIR", str(tmp_path / "cfg"))
    assert settings.settings_path() == tmp_path / "cfg" / "settings.toml"
    save_settings(Settings())
    assert (tmp_path / "cfg" / "settings.toml").is_file()


@pytest.mark.parametrize("text, expected", [
    ("[audio\nvolume = 0.5\n", "TOML"),
    ("[audio]\nvolume = 7.0\n", "audio.volume"),
    ("[audio]\nvolume = 'loud'\n", "audio.volume"),
    ("[video]\ncamera = 'helicopter'\n", "video.camera"),
    ("[controls]\nkeys = { warp_drive = ['w'] }\n", "warp_drive"),
    ("[[controls.buttons]]\nfunction = 'legs'\n", "one of button, hat (with direction) or axis"),
    ("[[controls.buttons]]\nfunction = 'legs'\nbutton = 1\naxis = 2\n", "one of button"),
    ("[[controls.buttons]]\nfunction = 'legs'\naxis = 2\nthreshold = 1.5\n",
     "controls.buttons.0.threshold"),
    ("[[controls.buttons]]\nfunction = 'legs'\naxis = 2\nthreshold = -0.9\n", "released"),
    ("[sound]\nvolume = 1.0\n", "sound"),
])
def test_a_broken_file_gives_defaults_and_one_line(tmp_path, text, expected):
    path = tmp_path / "settings.toml"
    path.write_text(text)
    loaded = load_settings(path)
    assert loaded.settings == Settings()
    assert loaded.broken
    assert "\n" not in loaded.notice
    assert str(path) in loaded.notice and expected in loaded.notice
    assert loaded.notice.endswith("using the defaults")


def test_bytes_that_are_not_text_give_defaults(tmp_path):
    path = tmp_path / "settings.toml"
    path.write_bytes(b"\xff\xfe\x00garbage")
    loaded = load_settings(path)
    assert loaded.broken and "UTF-8" in loaded.notice


def test_saving_over_a_broken_file_keeps_it_beside(tmp_path):
    path = tmp_path / "settings.toml"
    path.write_text("[audio\n")
    save_settings(Settings(), path, keep_broken=True)
    assert (tmp_path / "settings.toml.broken").read_text() == "[audio\n"
    assert load_settings(path).notice is None


def test_atomic_write_fsyncs_then_renames_and_leaves_no_temp(tmp_path, monkeypatch):
    order = []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(files.os, "fsync", lambda fd: (order.append("fsync"), real_fsync(fd)))
    monkeypatch.setattr(files.os, "replace",
                        lambda a, b: (order.append("replace"), real_replace(a, b)))
    path = tmp_path / "deep" / "settings.toml"
    files.write_atomic(path, b"version = 1\n")
    assert path.read_bytes() == b"version = 1\n"
    assert order[:2] == ["fsync", "replace"]
    assert sorted(p.name for p in path.parent.iterdir()) == ["settings.toml"]


def test_a_failed_write_keeps_the_old_file(tmp_path, monkeypatch):
    path = tmp_path / "settings.toml"
    save_settings(Settings(), path)
    before = path.read_bytes()

    def broken_replace(a, b):
        raise OSError("disk full")

    monkeypatch.setattr(files.os, "replace", broken_replace)
    s = Settings()
    s.audio.volume = 0.1
    with pytest.raises(OSError):
        save_settings(s, path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["settings.toml"]
