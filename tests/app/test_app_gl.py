"""The game window driven like a player would, under Xvfb: menus, flight, pause, debrief,
take-over, and binding a joystick on the controls screen."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.gl


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def app(tmp_path, monkeypatch):
    """The game on the display the ``gl`` marker provides, with a fake clock."""
    monkeypatch.setenv("HOVERSLAM_CONFIG_DIR", str(tmp_path))
    monkeypatch.setenv("SDL_AUDIODRIVER", "dummy")
    import pygame

    from game.app.app import App, AppOptions
    from game.app.settings import load_settings

    loaded = load_settings()
    loaded.settings.video.width_px, loaded.settings.video.height_px = 640, 360
    clock = FakeClock()
    game = App(AppOptions(), loaded, clock=clock)
    game.open()
    game.test_clock = clock
    yield game
    game.close()
    pygame.quit()


def frames(app, n: int = 1, dt: float = 1.0 / 60.0) -> None:
    for _ in range(n):
        app.test_clock.now += dt
        app.frame(dt)


def press(app, name: str) -> None:
    import pygame

    code = pygame.key.key_code(name)
    for kind in (pygame.KEYDOWN, pygame.KEYUP):
        pygame.event.post(pygame.event.Event(kind, key=code, mod=0, unicode="", scancode=0))
    frames(app)


def top(app):
    return type(app.screens[-1]).__name__


def test_menus_flight_pause_debrief_and_take_over(app):
    assert top(app) == "MainMenu"
    press(app, "return")  # Fly
    assert top(app) == "LevelSelect"
    names = app.screens[-1].menu.items
    for _ in range(names.index("practice_landing_burn")):
        press(app, "down")
    press(app, "return")
    assert top(app) == "FlightScreen"
    flight = app.screens[-1]
    frames(app, 10)
    t = flight.session.observation.time_s
    assert t > 0.1
    press(app, "escape")
    assert top(app) == "PauseScreen"
    frames(app, 5)
    assert flight.session.observation.time_s == t  # paused
    press(app, "return")  # Resume
    assert top(app) == "FlightScreen"
    frames(app, 3)
    assert flight.session.observation.time_s > t
    press(app, "tab")  # the autopilot takes the controls
    assert flight.session.flying_autopilot
    frames(app, 3)
    press(app, "tab")
    assert not flight.session.flying_autopilot
    while flight.session.step():  # nobody flies: the stage falls to the end
        pass
    frames(app, 8, dt=0.5)  # the debrief opens after a few seconds
    assert top(app) == "DebriefScreen"
    assert app.screens[-1]._plot is not None  # the plots were drawn
    press(app, "r")
    assert top(app) == "FlightScreen"
    assert flight.session.observation.time_s < 0.1 and not flight.session.done


def test_binding_a_joystick_axis_on_the_controls_screen(app, tmp_path):
    from game.app.settings import load_settings
    from tests.app.sdl_virtual import VirtualJoystick

    stick = VirtualJoystick()
    try:
        frames(app, 2)  # the device arrives
        assert len(app.joysticks.devices) == 1
        press(app, "down")
        press(app, "down")
        press(app, "return")  # Controls
        assert top(app) == "ControlsScreen"
        screen = app.screens[-1]
        for _ in range(screen.menu.items.index("throttle")):
            press(app, "down")
        press(app, "return")
        assert screen.capture is not None
        stick.set_axis(4, 0.95)  # pull the trigger that rests at -1
        frames(app, 2)
        assert screen.capture is None
        bound = [b for b in app.settings.controls.axes if b.function == "throttle"]
        assert len(bound) == 1 and bound[0].axis == 4 and bound[0].guid
        press(app, "i")  # invert it
        press(app, "escape")  # back: saved
        assert top(app) == "MainMenu"
        saved = load_settings(tmp_path / "settings.toml")
        assert saved.notice is None
        throttle = [b for b in saved.settings.controls.axes if b.function == "throttle"]
        assert throttle[0].axis == 4 and throttle[0].invert
    finally:
        stick.detach()
    frames(app, 2)  # unplugged on the menu: nothing breaks
    assert app.joysticks.devices == {}


def test_the_demo_starts_from_the_menu_with_the_autopilot_and_camera_cuts(app):
    press(app, "down")
    press(app, "return")  # Demo
    assert top(app) == "FlightScreen"
    flight = app.screens[-1]
    assert flight.demo and flight.director.auto
    assert flight.level.name == "practice_landing_burn"  # the show opens with a short flight
    assert flight.session.guidance.wait(60.0)  # prepared in the background as the flight opened
    frames(app, 5)
    assert flight.session.flying_autopilot and flight.session.observation.time_s > 0.0
    press(app, "tab")  # the player takes over: the demo waits for them
    assert flight.took_over and not flight.session.flying_autopilot


def test_binding_a_trigger_to_the_legs_on_the_controls_screen_then_flying(app, tmp_path):
    from game.app.settings import load_settings
    from tests.app.sdl_virtual import VirtualJoystick

    stick = VirtualJoystick()
    try:
        frames(app, 2)
        press(app, "down")
        press(app, "down")
        press(app, "return")  # Controls
        screen = app.screens[-1]
        for _ in range(screen.menu.items.index("legs")):
            press(app, "down")
        press(app, "return")
        assert screen.capture is not None and not screen.capture.wants_axis
        stick.set_axis(4, 0.95)  # pull the left trigger (it rests at -1)
        frames(app, 2)
        assert screen.capture is None
        bound = [b for b in app.settings.controls.buttons if b.function == "legs"]
        assert len(bound) == 1 and bound[0].axis == 4 and bound[0].threshold == 0.0
        press(app, "escape")  # back: saved
        saved = load_settings(tmp_path / "settings.toml").settings.controls.buttons
        assert [(b.function, b.axis) for b in saved] == [("legs", 4)]
        stick.set_axis(4, -1.0)  # let go
        press(app, "up")
        press(app, "up")
        press(app, "return")  # Fly
        names = app.screens[-1].menu.items
        for _ in range(names.index("practice_landing_burn")):
            press(app, "down")
        press(app, "return")
        flight = app.screens[-1]
        frames(app, 5)
        assert not flight.session.last_controls.legs_deploy
        stick.set_axis(4, 0.6)
        frames(app, 3)
        assert flight.session.last_controls.legs_deploy
    finally:
        stick.detach()
    frames(app, 2)
