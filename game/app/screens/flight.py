"""The flight: the session stepped by the fixed-step loop, the HUD, the cameras, the sound.

Once a frame: the input mapper's frame goes to the human pilot (it flies only while it has
the controls, but always hears the player), the game's presses are acted on (take-over and
hand-back, cameras, warp, pause, restart, help, HUD, full screen, screenshot, mute), the loop
runs the steps the frame owes, the sound and the camera director follow, and three seconds
after the flight ends the debrief opens. The autopilot is prepared in the background as the
flight opens (``FlightSession``); while it has the controls before that is done, the flight
holds under a "preparing guidance" note. The orbit camera turns with the mouse (drag) and
zooms with the wheel.
"""

from __future__ import annotations

import pygame

from game.app.director import CAMERAS, CameraDirector
from game.app.hud import Hud, HudContext
from game.app.loop import FixedStepLoop
from game.app.screens.base import SceneView, Screen
from game.app.screens.help import draw_help
from game.app.session import AutopilotUnavailable, FlightSession
from game.app.text import CYAN
from game.pilots.human import HumanPilot

END_PAUSE_S = 3.0
ORBIT_RAD_PER_PX = 0.006


class FlightScreen(Screen):
    def __init__(self, app, level, pilot: str = "human", demo: bool = False) -> None:
        super().__init__(app)
        self.level = level
        self.demo = demo
        self.session = FlightSession(level, HumanPilot(app.human_config()), pilot=pilot,
                                     seed=app.options.seed, prepare_guidance=True)
        self.loop = FixedStepLoop(self.session.dt_s, app.clock)
        self.director = CameraDirector(CAMERAS, app.settings.video.camera, auto=demo,
                                       seed=level.spec.level.seed)
        self.hud = Hud(app.ui)
        self.context = HudContext.for_level(level)
        self.hud_visible = app.settings.video.hud
        self.help_open = False
        self.alpha = 0.0
        self.ended_s = 0.0
        self.steps_this_frame = 0
        self.took_over = False

    def enter(self) -> None:
        self.app.input.frame()  # drop presses made on the way here
        self.loop.resync()

    def resized(self) -> None:
        self.hud = Hud(self.app.ui)

    # ------------------------------------------------------------------ events
    def handle(self, event: pygame.event.Event) -> None:
        renderer = self.app.renderer
        if renderer is None or self.director.camera != "orbit":
            return
        if event.type == pygame.MOUSEMOTION and (event.buttons[0] or event.buttons[2]):
            renderer.orbit(-event.rel[0] * ORBIT_RAD_PER_PX, event.rel[1] * ORBIT_RAD_PER_PX,
                           1.0)
        elif event.type == pygame.MOUSEWHEEL:
            renderer.orbit(0.0, 0.0, 0.9 ** event.y)

    def update(self, frame_s: float) -> None:
        app, session = self.app, self.session
        frame_input, presses = app.input.frame()
        session.human.set_input(frame_input)
        for press in presses:
            self.press(press)
        if self.app.screens[-1] is not self:
            self.steps_this_frame = 0
            return  # paused, or the debrief opened
        if self.demo and not self.took_over:
            from game.app.screens.demo import COAST_WARP

            session.warp = COAST_WARP if session.warp_allowed() else 1
        frame = self.loop.advance(session.step, session.warp, session.warp_allowed)
        self.alpha, self.steps_this_frame = frame.alpha, frame.steps
        if session.warp > 1 and not session.warp_allowed():
            session.warp = 1
            if not self.demo:
                app.notify("time warp off: the coast is over")
        app.sound.update(session.cur_snapshot, session.take_cues(), frame_s)
        self.director.update(session.observation, frame_s)
        for notice in app.joysticks.take_notices() + session.take_notices():
            app.notify(notice)
        if session.done:
            self.ended_s += frame_s
            if self.ended_s >= END_PAUSE_S:
                self.open_debrief()

    def open_debrief(self) -> None:
        from game.app.screens.debrief import DebriefScreen
        from game.app.screens.demo import DEBRIEF_S

        self.app.sound.silence()
        auto = DEBRIEF_S if self.demo and not self.took_over else None
        self.app.push(DebriefScreen(self.app, self, auto_next_s=auto))

    # ------------------------------------------------------------------ presses
    def press(self, name: str) -> None:
        app, session = self.app, self.session
        if name == "autopilot":
            self.toggle_autopilot()
        elif name in ("camera_next", "camera_previous"):
            camera = self.director.manual(1 if name == "camera_next" else -1)
            app.settings.video.camera = camera  # the next flight starts with it
            app.settings_dirty = True
        elif name in ("warp_up", "warp_down"):
            if not session.warp_allowed():
                app.notify("time warp only in unpowered coast")
            else:
                session.change_warp(1 if name == "warp_up" else -1)
        elif name == "pause":
            from game.app.screens.pause import PauseScreen

            app.sound.silence()
            app.push(PauseScreen(app, self))
        elif name == "restart":
            self.restart()
        elif name == "help":
            self.help_open = not self.help_open
        elif name == "hud_toggle":
            self.hud_visible = not self.hud_visible
        elif name == "fullscreen":
            app.toggle_fullscreen()
        elif name == "screenshot":
            app.request_screenshot()
        elif name == "mute":
            app.toggle_mute()

    def toggle_autopilot(self) -> None:
        try:
            who = self.session.toggle_pilot()
        except AutopilotUnavailable as exc:
            self.app.notify(str(exc))
            return
        if who == "human":
            self.took_over = True
            self.app.input.release_levers()
            self.app.notify("you have the controls")
        else:
            self.app.notify("the autopilot has the controls")

    def restart(self) -> None:
        self.session.restart()
        self.loop.resync()
        self.app.sound.silence()
        self.ended_s = 0.0
        self.took_over = False

    # ------------------------------------------------------------------ drawing
    def hud_context(self) -> HudContext:
        s, ctx = self.session, self.context
        c = s.last_controls
        ctx.throttle_cmd_norm = c.throttle_norm
        ctx.engine_on_cmd, ctx.engine_mode, ctx.legs_cmd = c.engine_on, c.engine_mode, \
            c.legs_deploy
        ctx.pilot = "autopilot" if s.flying_autopilot else "human"
        ctx.autopilot = s.autopilot_status()
        ctx.human = s.human.status()
        ctx.warp = s.warp
        ctx.camera = self.director.camera
        return ctx

    def draw(self, surface: pygame.Surface) -> None:
        if self.hud_visible:
            self.hud.draw(surface, self.session.observation, self.hud_context())
        if self.session.guidance_pending:
            ui = self.app.ui
            ui.text(surface, "PREPARING GUIDANCE", (surface.get_width() / 2, ui.px(140)), 30,
                    CYAN, align="center")
        if self.help_open:
            draw_help(surface, self.app.ui, self.app.keymap)

    def view(self) -> SceneView:
        s = self.session
        return SceneView(s.world, s.prev_snapshot, s.cur_snapshot, self.alpha,
                         self.director.camera, s.plan_points_m())
