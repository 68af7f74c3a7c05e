"""The game application: window, renderer, screens, input, sound, settings and the frame loop.

``App(options, loaded_settings).run()`` opens the window (raising ``NoDisplay`` / ``NoOpenGL``
before anything else happens), then once a frame: reads the events (every one goes to the
input mapper, then to the top screen), updates the top screen with the real frame time,
draws the overlay (HUD, menus) with pygame, has the renderer draw the 3-D view of whatever the
screens show with the overlay on top, and swaps the buffers. Without vsync the loop sleeps to
``video.max_fps``. Scripted runs: ``exit_after_s`` ends the run at the first frame that starts
after that many seconds, ``screenshot`` saves that last frame as a PNG (read back before the
swap), ``frame_stats`` prints ``FrameStats.summary()`` as JSON on exit.

One ``Renderer`` lives at a time, built for the level of the World the screens show; a
different level's World makes a new one. A window resize or a full-screen toggle rebuilds its
GL objects.
"""

from __future__ import annotations

import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pygame

from game.app import screenshots
from game.app.framestats import FrameStats
from game.app.input.devices import JoystickManager
from game.app.input.keymap import load_keymap
from game.app.input.mapper import InputMapper
from game.app.screens.base import SceneView, Screen
from game.app.settings import Loaded, save_settings
from game.app.sound import SoundEngine
from game.app.text import AMBER, PANEL_DARK, Ui
from game.app.window import open_window
from game.pilots.human import HumanConfig

NOTICE_S = 4.0


@dataclass
class AppOptions:
    """What the command line asked for."""

    level: str | None = None  # fly this level at once; None: the main menu
    pilot: str = "human"
    fullscreen: bool | None = None  # None: as the settings say
    exit_after_s: float | None = None
    screenshot: Path | None = None
    frame_stats: bool = False
    demo: bool = False
    seed: int | None = None


class App:
    def __init__(self, options: AppOptions, loaded: Loaded, clock=time.perf_counter) -> None:
        self.options = options
        self.loaded = loaded
        self.settings = loaded.settings
        self.clock = clock
        self.screens: list[Screen] = []
        self.running = True
        self.stats = FrameStats()
        self.notices: list[tuple[str, float]] = []
        self.renderer = None
        self._renderer_world = None
        self._screenshot_requested: Path | None = None
        self._pending_size: tuple[int, int] | None = None
        self.settings_dirty = False
        self.demo = None  # the DemoDirector in demo mode

    # ------------------------------------------------------------------ start-up
    def open(self) -> None:
        """Open the window and start every service (raises NoDisplay / NoOpenGL)."""
        video = self.settings.video
        fullscreen = video.fullscreen if self.options.fullscreen is None \
            else self.options.fullscreen
        self.window = open_window(video.width_px, video.height_px, fullscreen, video.vsync)
        if self.loaded.notice:
            print(f"hoverslam: {self.loaded.notice}", file=sys.stderr, flush=True)
        pygame.font.init()
        self.ui = Ui(self.window.size[1])
        self.overlay = pygame.Surface(self.window.size, pygame.SRCALPHA)
        self.keymap = load_keymap(overrides=self.settings.controls.keys)
        self.joysticks = JoystickManager()
        self.input = InputMapper(self.keymap, self.settings.controls, self.joysticks)
        self.sound = SoundEngine(self.settings.audio.volume, self.settings.audio.muted)
        for notice in [self.loaded.notice, *self.keymap.notices, self.sound.reason]:
            if notice:
                self.notify(notice)
        self.push(self._first_screen())

    def _first_screen(self) -> Screen:
        from game.app.screens.demo import DemoDirector
        from game.app.screens.flight import FlightScreen
        from game.app.screens.menu import MainMenu

        if self.options.demo:
            return DemoDirector(self).first_flight()
        if self.options.level:
            from game.data.loader import load_level

            return FlightScreen(self, load_level(self.options.level), self.options.pilot)
        return MainMenu(self)

    def human_config(self) -> HumanConfig:
        c = self.settings.controls
        return HumanConfig(throttle_rate_per_s=self.keymap.throttle_rate_per_s,
                           attitude_frame=c.attitude_frame, assist=c.assist,
                           assist_max_rate_degps=c.assist_max_rate_degps,
                           assist_saturation_degps=c.assist_saturation_degps)

    # ------------------------------------------------------------------ screens
    def push(self, screen: Screen) -> None:
        self.screens.append(screen)
        screen.enter()

    def pop(self) -> None:
        if len(self.screens) > 1:
            self.screens.pop()
            self.screens[-1].enter()
        else:
            self.quit()

    def replace_all(self, screen: Screen) -> None:
        self.screens = []
        self.sound.silence()
        self.push(screen)

    def quit(self) -> None:
        self.running = False

    def demo_next(self) -> None:
        """Demo mode: on to the next level (started from the main menu or ``demo``)."""
        from game.app.screens.demo import DemoDirector

        if self.demo is None:
            self.replace_all(DemoDirector(self).first_flight())
        else:
            self.demo.next()

    def notify(self, text: str) -> None:
        self.notices.append((" ".join(text.split()), self.clock() + NOTICE_S))

    # ------------------------------------------------------------------ the run
    def run(self) -> int:
        self.open()
        start = last = self.clock()
        try:
            while self.running:
                now = self.clock()
                frame_s, last = now - last, now
                final = (self.options.exit_after_s is not None
                         and now - start >= self.options.exit_after_s)
                steps = self.frame(frame_s, capture=final and self.options.screenshot)
                self.stats.add(frame_s, self.clock() - now, steps)
                if final:
                    break
                self._pace(now)
            if self.options.screenshot and not self.options.exit_after_s:
                self.frame(0.0, capture=self.options.screenshot)
        finally:
            self.close()
        if self.options.frame_stats:
            print(json.dumps(self.stats.summary()), flush=True)
        return 0

    def _pace(self, frame_start: float) -> None:
        cap = self.settings.video.max_fps
        if self.window.vsync or cap <= 0:
            return
        left = 1.0 / cap - (self.clock() - frame_start)
        if left > 0.0:
            time.sleep(left)

    def frame(self, frame_s: float, capture: Path | None = None) -> int:
        """One frame; returns how many simulation steps it ran (for the statistics)."""
        for event in pygame.event.get():
            self._event(event)
        if self._pending_size:
            self._resize(*self._pending_size)
        top = self.screens[-1]
        top.update(frame_s)
        if not self.running or not self.screens:
            return 0
        steps = getattr(top, "steps_this_frame", 0)
        self._draw_overlay()
        view = self._view()
        self._render(view)
        target = capture or self._screenshot_requested
        if target:
            self._save_screenshot(Path(target))
            self._screenshot_requested = None
        self.window.flip()
        return steps

    def _event(self, event: pygame.event.Event) -> None:
        if event.type == pygame.QUIT:
            self.quit()
            return
        if event.type in (pygame.VIDEORESIZE, pygame.WINDOWSIZECHANGED):
            self._pending_size = (getattr(event, "w", None) or event.x,
                                  getattr(event, "h", None) or event.y)
        self.input.handle(event)
        if self.screens:
            self.screens[-1].handle(event)

    def _draw_overlay(self) -> None:
        self.overlay.fill((0, 0, 0, 0))
        first = len(self.screens) - 1
        while first > 0 and self.screens[first].transparent:
            first -= 1
        for screen in self.screens[first:]:
            screen.draw(self.overlay)
        self._draw_notices()

    def _draw_notices(self) -> None:
        """Recent notices, newest lowest, at the bottom centre above the menus' footers."""
        now = self.clock()
        self.notices = [(t, until) for t, until in self.notices if until > now]
        ui = self.ui
        w, h = self.overlay.get_size()
        shown = self.notices[-4:]
        for i, (text, _) in enumerate(shown):
            size, text = ui.fit(text, 20, w - ui.px(80))
            width = ui.font(size).size(text)[0]
            y = h - ui.px(96) - (len(shown) - 1 - i) * ui.px(28)
            rect = (w // 2 - width // 2 - ui.px(10), y, width + ui.px(20), ui.px(24))
            ui.panel(self.overlay, rect, PANEL_DARK)
            ui.text(self.overlay, text, (w // 2, y + ui.px(4)), size, AMBER, align="center")

    def _view(self) -> SceneView | None:
        for screen in reversed(self.screens):
            view = screen.view()
            if view is not None:
                return view
        return None

    def _render(self, view: SceneView | None) -> None:
        if view is None:  # nothing to show behind the overlay (cannot happen in practice)
            return
        renderer = self.renderer_for(view.world)
        renderer.render(view.prev, view.cur, view.alpha, view.camera, overlay=self.overlay,
                        plan_points_m=view.plan_points_m)

    def renderer_for(self, world):
        """The renderer for this World's level (a new one when the level changes)."""
        key = (getattr(world.level, "path", None), id(world.level))
        if self.renderer is None or self._renderer_world != key:
            from game.render.renderer import Renderer, SceneInfo

            if self.renderer is not None:
                self.renderer.close()
            self.renderer = Renderer(*self.window.size, SceneInfo.from_world(world))
            self._renderer_world = key
        return self.renderer

    # ------------------------------------------------------------------ window
    def _resize(self, width_px: int, height_px: int) -> None:
        self._pending_size = None
        size = self.window.resized(width_px, height_px)
        self._new_size(size)

    def toggle_fullscreen(self) -> None:
        size = self.window.toggle_fullscreen()
        self.settings.video.fullscreen = self.window.fullscreen
        self.settings_dirty = True
        self._new_size(size)

    def _new_size(self, size: tuple[int, int]) -> None:
        self.overlay = pygame.Surface(size, pygame.SRCALPHA)
        self.ui = Ui(size[1])
        for screen in self.screens:
            if hasattr(screen, "resized"):
                screen.resized()
        if self.renderer is not None:
            self.renderer.rebuild(*size)

    def request_screenshot(self, path: Path | None = None) -> None:
        """Save the next frame as a PNG (default: the user's pictures folder)."""
        self._screenshot_requested = path or screenshots.default_path()

    def _save_screenshot(self, path: Path) -> None:
        if self.renderer is None:
            return
        try:
            screenshots.save_png(self.renderer.read_pixels(), path)
        except OSError as exc:
            self.notify(f"screenshot not saved: {path}: {exc.strerror or exc}")
            return
        if path != self.options.screenshot:
            self.notify(f"screenshot saved: {path}")

    # ------------------------------------------------------------------ settings, sound
    def toggle_mute(self) -> None:
        audio = self.settings.audio
        audio.muted = not audio.muted
        self.sound.set_volume(audio.volume, audio.muted)
        self.settings_dirty = True
        self.notify("sound off" if audio.muted else "sound on")

    def save_settings(self) -> None:
        """Write the settings now (atomically); a broken old file is kept beside."""
        try:
            save_settings(self.settings, self.loaded.path, keep_broken=self.loaded.broken)
        except OSError as exc:
            self.notify(f"settings not saved: {self.loaded.path}: {exc.strerror or exc}")
            return
        self.loaded.broken = False
        self.settings_dirty = False

    def close(self) -> None:
        if self.settings_dirty:
            self.save_settings()
        if self.renderer is not None:
            self.renderer.close()
            self.renderer = None
        if hasattr(self, "sound"):
            self.sound.close()
        if hasattr(self, "window"):
            self.window.close()
