"""Input through real SDL events: keys posted to the queue, SDL's virtual joystick."""

from __future__ import annotations

import pytest

from game.app.input.capture import BindingCapture
from game.app.input.devices import JoystickManager
from game.app.input.keymap import load_keymap
from game.app.input.mapper import InputMapper
from game.app.session import FlightSession
from game.app.settings import AxisBinding, ButtonBinding, Settings
from game.pilots.human import HumanConfig, HumanPilot

DT = 1.0 / 120.0


def pump(pygame, mapper, capture=None):
    for event in pygame.event.get():
        mapper.handle(event)
        if capture is not None:
            capture.handle(event)


def key(pygame, name: str, down: bool) -> None:
    code = pygame.key.key_code(name)
    kind = pygame.KEYDOWN if down else pygame.KEYUP
    pygame.event.post(pygame.event.Event(kind, key=code, mod=0, unicode="", scancode=0))


def make_input(controls=None):
    settings = Settings()
    if controls is not None:
        settings.controls = controls
    keymap = load_keymap()
    joysticks = JoystickManager()
    return InputMapper(keymap, settings.controls, joysticks), keymap


def fly_frames(pygame, mapper, session, frames: int, steps_per_frame: int = 2):
    for _ in range(frames):
        pump(pygame, mapper)
        frame_input, _ = mapper.frame()
        session.human.set_input(frame_input)
        for _ in range(steps_per_frame):
            session.step()


def test_real_key_events_move_the_throttle(dummy_video, practice_level):
    pygame = dummy_video
    mapper, _keymap = make_input()
    session = FlightSession(practice_level, HumanPilot(HumanConfig(throttle_rate_per_s=0.5)))
    key(pygame, "x", True)
    key(pygame, "x", False)
    fly_frames(pygame, mapper, session, 1)
    assert session.last_controls.throttle_norm == 0.0
    key(pygame, "left shift", True)
    fly_frames(pygame, mapper, session, 60)  # one second at 60 frames of two steps
    assert session.last_controls.throttle_norm == pytest.approx(0.5)
    key(pygame, "left shift", False)
    fly_frames(pygame, mapper, session, 30)
    assert session.last_controls.throttle_norm == pytest.approx(0.5)
    key(pygame, "space", True)
    fly_frames(pygame, mapper, session, 30)
    assert session.last_controls.engine_on
    assert session.observation.engines_lit == 1


def test_pressed_functions_go_to_the_game_not_the_pilot(dummy_video):
    pygame = dummy_video
    mapper, _ = make_input()
    for name in (".", "tab", "g"):
        key(pygame, name, True)
    pump(pygame, mapper)
    frame_input, game = mapper.frame()
    assert game == ["warp_up", "autopilot"]
    assert frame_input.presses == ("legs",)
    assert mapper.frame()[1] == []  # consumed


def test_losing_focus_releases_held_keys(dummy_video):
    pygame = dummy_video
    mapper, _ = make_input()
    key(pygame, "d", True)
    pump(pygame, mapper)
    assert mapper.frame()[0].pitch == 1.0
    pygame.event.post(pygame.event.Event(pygame.WINDOWFOCUSLOST))
    pump(pygame, mapper)
    assert mapper.frame()[0].pitch == 0.0


def stick_controls(guid: str):
    controls = Settings().controls
    controls.attitude_frame = "body"
    controls.assist = False
    controls.axes = [
        AxisBinding(function="pitch", guid=guid, axis=0, dead_zone=0.1),
        AxisBinding(function="yaw", guid=guid, axis=1, invert=True, dead_zone=0.1),
        AxisBinding(function="throttle", guid=guid, axis=5, dead_zone=0.0, range="-1..1"),
    ]
    controls.buttons = [ButtonBinding(function="legs", guid=guid, button=3),
                        ButtonBinding(function="engine_toggle", guid=guid, button=0),
                        ButtonBinding(function="warp_up", guid=guid, hat=0, direction="right")]
    return controls


def test_a_virtual_joystick_bound_in_settings_drives_gimbal_and_throttle(
        virtual_joystick, practice_level):
    pygame = pygame_module()
    stick = virtual_joystick
    stick.set_axis(5, -1.0)  # throttle lever at idle
    manager = JoystickManager()
    device = manager.find("", "")
    assert device is not None and device.axes == 6
    controls = stick_controls(device.guid)
    mapper = InputMapper(load_keymap(), controls, manager)
    human = HumanPilot(HumanConfig(attitude_frame="body", assist=False))
    session = FlightSession(practice_level, human)
    fly_frames(pygame, mapper, session, 2)
    assert session.last_controls.throttle_norm == 1.0  # the resting lever changed nothing
    stick.set_axis(5, -0.98)  # a worn lever's jitter at idle does not take over either
    fly_frames(pygame, mapper, session, 2)
    assert session.last_controls.throttle_norm == 1.0
    stick.set_button(0, True)  # light the engine
    stick.set_axis(0, 0.8)  # stick right: pitch +
    stick.set_axis(5, 0.0)  # lever to half travel
    fly_frames(pygame, mapper, session, 1)
    stick.set_button(0, False)
    fly_frames(pygame, mapper, session, 90)
    c = session.last_controls
    assert c.engine_on
    assert c.throttle_norm == pytest.approx(0.5, abs=0.01)
    assert c.gimbal_pitch_norm == pytest.approx((0.8 - 0.1) / 0.9, abs=0.01)
    obs = session.observation
    assert obs.engines_lit == 1
    assert obs.gimbal_pitch_deg > 1.0  # the engine really swung
    stick.set_axis(1, -1.0)  # stick forward: yaw + through the inverted binding
    stick.set_button(3, True)
    stick.set_hat(0, 2)  # hat right
    pump(pygame, mapper)
    frame_input, game = mapper.frame()
    assert frame_input.yaw == pytest.approx(1.0, abs=1e-3)
    assert "legs" in frame_input.presses and game == ["warp_up"]


def pygame_module():
    import pygame

    return pygame


def test_unplugging_mid_flight_falls_back_to_the_keyboard(virtual_joystick, practice_level):
    pygame = pygame_module()
    stick = virtual_joystick
    stick.set_axis(5, -1.0)
    manager = JoystickManager()
    controls = stick_controls(manager.find("", "").guid)
    mapper = InputMapper(load_keymap(), controls, manager)
    session = FlightSession(practice_level, HumanPilot(HumanConfig(throttle_rate_per_s=0.5)))
    fly_frames(pygame, mapper, session, 2)  # the lever is seen resting at idle
    stick.set_axis(5, 0.2)  # then moved to 60 %
    stick.set_axis(0, 1.0)
    fly_frames(pygame, mapper, session, 10)
    assert session.last_controls.throttle_norm == pytest.approx(0.6, abs=0.01)
    stick.detach()
    fly_frames(pygame, mapper, session, 10)  # no exception, the flight goes on
    assert manager.devices == {}
    assert any("disconnected" in n for n in manager.take_notices())
    assert session.last_controls.throttle_norm == pytest.approx(0.6, abs=0.01)  # no jump
    assert mapper.frame()[0].pitch == 0.0
    key(pygame, "left shift", True)
    fly_frames(pygame, mapper, session, 30)
    assert session.last_controls.throttle_norm == pytest.approx(0.85, abs=0.01)


def test_a_joystick_plugged_in_mid_flight_is_picked_up(dummy_video):
    pygame = dummy_video
    manager = JoystickManager()
    assert manager.devices == {}
    mapper = InputMapper(load_keymap(), Settings().controls, manager)  # default stick binding
    from tests.app.sdl_virtual import VirtualJoystick

    stick = VirtualJoystick()
    try:
        pump(pygame, mapper)
        assert len(manager.devices) == 1
        assert mapper.frame()[0].pitch == 0.0  # a frame with the stick at rest
        stick.set_axis(0, -1.0)
        pump(pygame, mapper)
        assert mapper.frame()[0].pitch == pytest.approx(-1.0, abs=1e-3)  # any stick's x
    finally:
        stick.detach()
    pump(pygame, mapper)
    assert mapper.frame()[0].pitch == 0.0


def test_move_the_control_you_want(virtual_joystick):
    pygame = pygame_module()
    stick = virtual_joystick
    manager = JoystickManager()
    mapper = InputMapper(load_keymap(), Settings().controls, manager)
    pump(pygame, mapper)
    assert manager.all_axes()[stick.instance_id][4] == -1.0  # a gamepad's trigger rests at -1
    capture = BindingCapture("throttle", manager)
    assert capture.poll() is None
    stick.set_axis(3, 0.3)  # a small twitch elsewhere is not enough
    pump(pygame, mapper, capture)
    assert capture.poll() is None
    stick.set_axis(4, 0.9)  # the trigger pulled
    pump(pygame, mapper, capture)
    got = capture.poll()
    assert got.axis.axis == 4 and not got.axis.invert and got.axis.range == "-1..1"
    capture = BindingCapture("yaw", manager)
    stick.set_axis(1, -0.9)  # pushed the "wrong" way: inverted
    pump(pygame, mapper, capture)
    assert capture.poll().axis.invert
    capture = BindingCapture("legs", manager)
    stick.set_button(7, True)
    pump(pygame, mapper, capture)
    assert capture.result.button.button == 7
    capture = BindingCapture("fins", manager)
    key(pygame, "k", True)
    pump(pygame, mapper, capture)
    assert capture.result.key == "k"
    capture = BindingCapture("pitch", manager)
    key(pygame, "escape", True)
    pump(pygame, mapper, capture)
    assert capture.result.cancelled


def test_after_a_take_over_the_lever_must_move_before_it_counts(virtual_joystick):
    pygame = pygame_module()
    stick = virtual_joystick
    stick.set_axis(5, -1.0)
    manager = JoystickManager()
    mapper = InputMapper(load_keymap(), stick_controls(manager.find("", "").guid), manager)
    pump(pygame, mapper)
    mapper.frame()  # the lever seen at idle
    stick.set_axis(5, 0.2)
    pump(pygame, mapper)
    assert mapper.frame()[0].throttle_set == pytest.approx(0.6, abs=0.01)
    mapper.release_levers()  # the player takes over from the autopilot
    stick.set_axis(5, 0.21)  # a hand resting on the lever
    pump(pygame, mapper)
    assert mapper.frame()[0].throttle_set is None
    pump(pygame, mapper)
    assert mapper.frame()[0].throttle_set is None
    stick.set_axis(5, 0.6)  # now it is moved on purpose
    pump(pygame, mapper)
    assert mapper.frame()[0].throttle_set == pytest.approx(0.8, abs=0.01)


def test_an_axis_resting_at_its_end_does_not_tilt_the_stage(virtual_joystick):
    """The default binding takes any device's axis 0 as pitch: a lever parked at -1 on that
    axis must not command full pitch until it has been through the centre."""
    pygame = pygame_module()
    stick = virtual_joystick
    stick.set_axis(0, -1.0)
    manager = JoystickManager()
    mapper = InputMapper(load_keymap(), Settings().controls, manager)
    for _ in range(3):
        pump(pygame, mapper)
        assert mapper.frame()[0].pitch == 0.0
    stick.set_axis(0, 0.0)
    pump(pygame, mapper)
    mapper.frame()
    stick.set_axis(0, -1.0)
    pump(pygame, mapper)
    assert mapper.frame()[0].pitch == pytest.approx(-1.0, abs=1e-3)
