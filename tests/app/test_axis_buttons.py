"""An axis bound to a button function (a trigger that deploys the legs or lights the engine):
from the settings file and from "move the control you want", through SDL's virtual joystick
to the stage."""

from __future__ import annotations

import pytest

from game.app.input.capture import BindingCapture
from game.app.input.devices import JoystickManager
from game.app.input.keymap import load_keymap
from game.app.input.mapper import InputMapper
from game.app.session import FlightSession
from game.app.settings import ButtonBinding, Settings, load_settings
from game.pilots.human import HumanConfig, HumanPilot
from tests.app.test_input import fly_frames, pump


def pygame_module():
    import pygame

    return pygame


def mapper_with(manager, *bindings):
    controls = Settings().controls
    controls.axes = []
    controls.buttons = list(bindings)
    return InputMapper(load_keymap(), controls, manager)


def test_triggers_bound_in_the_settings_file_deploy_the_legs_and_light_the_engine(
        virtual_joystick, practice_level, tmp_path):
    pygame = pygame_module()
    stick = virtual_joystick
    manager = JoystickManager()
    guid = manager.find("", "").guid
    path = tmp_path / "settings.toml"
    path.write_text("[[controls.buttons]]\nfunction = 'legs'\n"
                    f"guid = '{guid}'\naxis = 4\nthreshold = 0.0\n\n"
                    "[[controls.buttons]]\nfunction = 'engine_toggle'\n"
                    f"guid = '{guid}'\naxis = 5\nthreshold = 0.5\nhysteresis = 0.2\n")
    loaded = load_settings(path)
    assert loaded.notice is None
    mapper = InputMapper(load_keymap(), loaded.settings.controls, manager)
    session = FlightSession(practice_level, HumanPilot(HumanConfig()))
    fly_frames(pygame, mapper, session, 5)  # both triggers at rest (-1)
    assert not session.last_controls.legs_deploy and not session.last_controls.engine_on
    stick.set_axis(4, 0.3)  # the left trigger a little past half way
    fly_frames(pygame, mapper, session, 3)
    assert session.last_controls.legs_deploy
    stick.set_axis(5, 0.9)  # the right trigger pulled and held: one press, not one a frame
    fly_frames(pygame, mapper, session, 60)
    assert session.last_controls.engine_on and session.observation.engines_lit == 1
    stick.set_axis(5, 0.35)  # eased off, but within the hysteresis: still held
    fly_frames(pygame, mapper, session, 5)
    stick.set_axis(5, 0.9)
    fly_frames(pygame, mapper, session, 5)
    assert session.last_controls.engine_on
    stick.set_axis(5, -1.0)  # let go, then pulled again: the engine shuts down
    fly_frames(pygame, mapper, session, 2)
    stick.set_axis(5, 1.0)
    fly_frames(pygame, mapper, session, 2)
    assert not session.last_controls.engine_on


def test_threshold_hysteresis_invert_and_a_control_already_pulled(virtual_joystick):
    pygame = pygame_module()
    stick = virtual_joystick
    stick.set_axis(2, 0.8)  # already pushed when the game first sees it
    manager = JoystickManager()
    guid = manager.find("", "").guid
    mapper = mapper_with(manager,
                         ButtonBinding(function="warp_up", guid=guid, axis=2, threshold=0.5),
                         ButtonBinding(function="camera_next", guid=guid, axis=2, invert=True),
                         ButtonBinding(function="throttle_up", guid=guid, axis=3))

    def frame(value=None, axis=2):
        if value is not None:
            stick.set_axis(axis, value)
        pump(pygame, mapper)
        return mapper.frame()

    assert frame()[1] == []  # down from the start: no press until released and pushed again
    assert frame(0.45)[1] == []  # inside the hysteresis (0.4 .. 0.5): still down
    assert frame(0.3)[1] == []  # released
    assert frame(0.55)[1] == ["warp_up"]
    assert frame(0.45)[1] == [] and frame(0.6)[1] == []  # no chatter near the threshold
    assert frame(0.0)[1] == []
    assert frame(-0.7)[1] == ["camera_next"]  # the other way, through the inverted binding
    pilot, game = frame(0.9, axis=3)  # a held function: the throttle rises while pushed
    assert pilot.throttle_rate == 1.0 and game == []
    assert frame(0.0, axis=3)[0].throttle_rate == 0.0
    stick.detach()
    assert frame()[1] == [] and mapper.frame()[0].throttle_rate == 0.0  # unplugged: nothing


def test_moving_an_axis_binds_it_to_a_button_function(virtual_joystick):
    pygame = pygame_module()
    stick = virtual_joystick
    manager = JoystickManager()
    mapper = mapper_with(manager)
    pump(pygame, mapper)
    capture = BindingCapture("legs", manager)
    stick.set_axis(4, 0.95)  # the trigger (resting at -1) pulled
    pump(pygame, mapper, capture)
    got = capture.poll().button
    assert (got.function, got.axis, got.invert, got.threshold) == ("legs", 4, False, 0.0)
    assert got.guid == manager.find("", "").guid
    capture = BindingCapture("camera_next", manager)
    stick.set_axis(1, -0.9)  # a stick (resting in the middle) pushed the "wrong" way
    pump(pygame, mapper, capture)
    got = capture.poll().button
    assert (got.axis, got.invert, got.threshold) == (1, True, 0.5)
    capture = BindingCapture("fins", manager)
    stick.set_axis(3, 0.3)  # a small twitch is not a choice
    pump(pygame, mapper, capture)
    assert capture.poll() is None


@pytest.mark.parametrize("threshold, value, down", [(0.5, 0.5, True), (0.5, 0.49, False)])
def test_the_threshold_itself_counts_as_pressed(virtual_joystick, threshold, value, down):
    pygame = pygame_module()
    stick = virtual_joystick
    manager = JoystickManager()
    mapper = mapper_with(manager, ButtonBinding(function="throttle_up", axis=0,
                                                threshold=threshold))
    pump(pygame, mapper)
    mapper.frame()
    stick.set_axis(0, value)
    pump(pygame, mapper)
    assert (mapper.frame()[0].throttle_rate == 1.0) == down
