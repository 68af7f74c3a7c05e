"""Player settings: ``settings.toml`` in the user's config folder, written atomically.

Where: ``platformdirs.user_config_dir("hoverslam")`` (``~/.config/hoverslam`` on Linux), or
the folder in ``$HOVERSLAM_CONFIG_DIR`` when set. The file is TOML with these tables (every
key optional; missing keys take the defaults below):

- ``[audio]`` ``volume`` (0..1), ``muted``;
- ``[video]`` ``width_px``, ``height_px``, ``fullscreen``, ``camera`` (one of the renderer's
  cameras), ``hud``, ``vsync``, ``max_fps`` (the frame cap when there is no vsync; 0: none);
- ``[controls]`` ``attitude_frame`` ("map": pitch and yaw tilt the stage toward the map's
  east and north whatever its roll; "body": torques about the body axes), ``assist`` (rate
  hold: the stick asks for a turn rate instead of a torque), ``assist_max_rate_degps``,
  ``assist_saturation_degps`` (rate error that commands full deflection), ``keys`` (function ->
  key names, overriding ``assets/keymaps/default.toml``), ``[[controls.axes]]`` and
  ``[[controls.buttons]]`` (joystick bindings, see ``AxisBinding`` and ``ButtonBinding``; a
  button function may be bound to an axis with a threshold, e.g. a trigger that deploys the
  legs: ``{ function = "legs", axis = 4, threshold = 0.0 }``).

``load_settings`` never fails: a file that cannot be read, is not TOML or breaks the schema
gives the defaults and a one-line ``notice`` naming the file, the field and what was expected.
``save_settings`` writes through ``files.write_atomic``; a broken file it replaces is first
kept beside it as ``settings.toml.broken``.
"""

from __future__ import annotations

import os
import shutil
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

import platformdirs
import tomli_w
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from game.app.files import write_atomic
from game.app.input.functions import AXIS_FUNCTIONS, BUTTON_FUNCTIONS

FILE_NAME = "settings.toml"
MAX_BYTES = 1 << 20
Unit = Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False,
                              validate_assignment=True)


class AxisBinding(_Model):
    """A joystick axis driving an axis function.

    ``device``/``guid``: which device (as SDL names it); empty matches any device. The raw
    value (-1..1) is inverted if asked, then the dead zone is cut out and the rest rescaled,
    then the response curve applied (``expo`` 0 linear .. 1 cubic). For ``throttle``,
    ``range`` says what the lever gives over its travel: "-1..1" (most throttle levers and
    triggers) maps -1..1 to 0..1; "0..1" uses only the positive half.
    """

    function: Literal[tuple(AXIS_FUNCTIONS)]  # type: ignore[valid-type]
    device: str = ""
    guid: str = ""
    axis: Annotated[int, Field(ge=0, le=63)]
    invert: bool = False
    dead_zone: Annotated[float, Field(ge=0.0, le=0.9, allow_inf_nan=False)] = 0.05
    expo: Unit = 0.0
    range: Literal["-1..1", "0..1"] = "-1..1"


class ButtonBinding(_Model):
    """A joystick button, one direction of a hat, or an axis past a threshold, driving a held
    or pressed function.

    Exactly one of ``button``, ``hat`` (with ``direction``) or ``axis``. An axis (a trigger,
    a lever, a stick pushed one way) counts as pressed once its value (negated with
    ``invert``) reaches ``threshold``, and as released once it falls below ``threshold -
    hysteresis``, so a hand resting near the threshold does not chatter.
    """

    function: Literal[tuple(BUTTON_FUNCTIONS)]  # type: ignore[valid-type]
    device: str = ""
    guid: str = ""
    button: Annotated[int, Field(ge=0, le=255)] | None = None
    hat: Annotated[int, Field(ge=0, le=15)] | None = None
    direction: Literal["up", "down", "left", "right"] | None = None
    axis: Annotated[int, Field(ge=0, le=63)] | None = None
    invert: bool = False
    threshold: Annotated[float, Field(ge=-0.9, le=0.95, allow_inf_nan=False)] = 0.5
    hysteresis: Annotated[float, Field(ge=0.0, le=0.5, allow_inf_nan=False)] = 0.1

    @model_validator(mode="after")
    def _one_source(self) -> ButtonBinding:
        if sum(x is not None for x in (self.button, self.hat, self.axis)) != 1:
            raise ValueError("give one of button, hat (with direction) or axis")
        if self.hat is not None and self.direction is None:
            raise ValueError("a hat binding needs direction")
        if self.axis is not None and self.threshold - self.hysteresis <= -1.0:
            raise ValueError("threshold - hysteresis must stay above -1 (else the axis "
                             "could never be released)")
        return self


class AudioSettings(_Model):
    volume: Unit = 0.8
    muted: bool = False


class VideoSettings(_Model):
    width_px: Annotated[int, Field(ge=320, le=16384)] = 1280
    height_px: Annotated[int, Field(ge=240, le=16384)] = 720
    fullscreen: bool = False
    camera: Literal["chase", "deck", "onboard", "orbit", "tracking"] = "chase"
    hud: bool = True
    vsync: bool = True
    max_fps: Annotated[int, Field(ge=0, le=1000)] = 60  # frame cap without vsync; 0: none


def _default_axes() -> list[AxisBinding]:
    """A stick on any device: x tilts east-west, pushing forward tilts north."""
    return [AxisBinding(function="pitch", axis=0, dead_zone=0.08),
            AxisBinding(function="yaw", axis=1, invert=True, dead_zone=0.08)]


class ControlsSettings(_Model):
    attitude_frame: Literal["map", "body"] = "map"
    assist: bool = True
    assist_max_rate_degps: Annotated[float, Field(gt=0.0, le=90.0, allow_inf_nan=False)] = 6.0
    assist_saturation_degps: Annotated[float, Field(gt=0.0, le=90.0,
                                                    allow_inf_nan=False)] = 2.0
    keys: dict[str, list[str]] = Field(default_factory=dict)
    axes: list[AxisBinding] = Field(default_factory=_default_axes, max_length=64)
    buttons: list[ButtonBinding] = Field(default_factory=list, max_length=256)

    @model_validator(mode="after")
    def _known_functions(self) -> ControlsSettings:
        from game.app.input.keymap import KEY_FUNCTIONS

        for function in self.keys:
            if function not in KEY_FUNCTIONS:
                raise ValueError(f"keys: unknown function '{function}'")
        return self


class Settings(_Model):
    version: Literal[1] = 1
    audio: AudioSettings = Field(default_factory=AudioSettings)
    video: VideoSettings = Field(default_factory=VideoSettings)
    controls: ControlsSettings = Field(default_factory=ControlsSettings)


@dataclass
class Loaded:
    """What ``load_settings`` found: the settings, where, and a notice when it fell back."""

    settings: Settings
    path: Path
    notice: str | None = None
    broken: bool = False


def config_dir() -> Path:
    env = os.environ.get("HOVERSLAM_CONFIG_DIR")
    return Path(env) if env else Path(platformdirs.user_config_dir("hoverslam"))


def settings_path() -> Path:
    return config_dir() / FILE_NAME


def load_settings(path: str | os.PathLike | None = None) -> Loaded:
    """The settings in ``path`` (default: the user's file); defaults if absent or broken."""
    target = Path(path) if path is not None else settings_path()
    try:
        if not target.exists():
            return Loaded(Settings(), target)
        raw = target.read_bytes()[: MAX_BYTES + 1]
        if len(raw) > MAX_BYTES:
            raise _Problem("file is over 1 MiB")
        data = tomllib.loads(raw.decode("utf-8"))
        return Loaded(Settings.model_validate(data), target)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, ValidationError,
            _Problem, RecursionError) as exc:
        notice = f"settings: {target}: {_describe(exc)}; using the defaults"
        return Loaded(Settings(), target, notice=notice, broken=True)


def save_settings(settings: Settings, path: str | os.PathLike | None = None,
                  *, keep_broken: bool = False) -> Path:
    """Write ``settings`` atomically; with ``keep_broken`` the old file is kept first."""
    target = Path(path) if path is not None else settings_path()
    if keep_broken and target.exists():
        shutil.copy2(target, target.with_name(target.name + ".broken"))
    text = "# Hoverslam settings (written by the game; see game/app/settings.py)\n"
    text += tomli_w.dumps(settings.model_dump(mode="python", exclude_none=True))
    return write_atomic(target, text.encode("utf-8"))


class _Problem(Exception):
    pass


def _describe(exc: BaseException) -> str:
    """One line saying what is wrong with the file."""
    if isinstance(exc, ValidationError):
        first = exc.errors()[0]
        field = ".".join(str(part) for part in first["loc"])
        message = first["msg"].removeprefix("Value error, ")
        given = first.get("input")
        shown = "" if isinstance(given, dict | list) else f", got {given!r}"
        return " ".join(f"{field}: {message}{shown}".split())
    if isinstance(exc, UnicodeDecodeError):
        return f"not UTF-8 text (byte {exc.start})"
    if isinstance(exc, OSError):
        return f"cannot be read: {exc.strerror or exc}"
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    return " ".join(f"TOML: {exc}".split()) if isinstance(exc, tomllib.TOMLDecodeError) \
        else str(exc)
