"""Frame time of the 3-D renderer: the full scene next to a trivial one, in the same run.

Run: ``python benchmarks/frame_time.py`` (starts a private Xvfb when there is no display;
``apt-get install xvfb libgl1-mesa-dri`` for software OpenGL, Mesa's llvmpipe).

The full scene, per level (default: CRS-8 by day, CRS-5 at night in fog): the sea with the
level's waves, the drone ship heaving and rolling, the stage descending from 400 m to 30 m
over the deck on one engine at 70 % with its plume, RCS puffs and legs deploying, the
level's fog and light, seen from the chase camera, with an HUD-sized overlay (text and
translucent panels on a window-sized RGBA surface, composited every frame, its altitude and
vertical-speed readouts redrawn every frame as the app's HUD does, so the renderer has
changed pixels to upload every frame). The trivial scene: a clear and one triangle with the
simplest shader. Each frame is timed from the start of drawing to the end of the buffer swap
(``glFinish`` after it), after ``--warmup`` frames. Prints the median, 99th percentile and
worst frame times and the frame rates they allow, and the process's CPU time per frame (a
figure that other programs on the machine do not inflate); the target is 60 frames per second
at the 99th percentile (16.7 ms).
The 3-D scene is drawn at the renderer's default resolution scale (0.5 on a software
rasteriser: 640x360, each of its pixels a 2x2 square of the window) unless
``--render-scale`` says otherwise.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import time

import numpy as np

TARGET_MS = 1000.0 / 60.0


def hud_overlay(size):
    """A window-sized RGBA surface like the HUD: panels at the edges, text, a map."""
    import pygame

    pygame.font.init()
    w, h = size
    surf = pygame.Surface(size, pygame.SRCALPHA)
    font = pygame.font.Font(None, max(16, h // 32))
    panel = (10, 14, 20, 150)
    surf.fill(panel, pygame.Rect(10, 10, w // 5, h // 2))
    surf.fill(panel, pygame.Rect(w - w // 5 - 10, 10, w // 5, h // 3))
    surf.fill(panel, pygame.Rect(w // 3, h - h // 8 - 10, w // 3, h // 8))
    pygame.draw.circle(surf, (90, 220, 120, 220), (w - w // 10 - 10, h - h // 6), h // 8, 2)
    lines = ["ALT 412.3 m", "V/S -38.2 m/s", "H/S 1.9 m/s", "THR 70 %", "ENG 1 lit, 2 starts",
             "PROP 4120 kg", "N2 180 kg", "HYD 31.0 kg", "LEGS deploying", "FINS deployed"]
    for i, text in enumerate(lines):
        surf.blit(font.render(text, True, (120, 255, 140)), (20, 20 + i * (h // 24)))
    return surf


_FONTS: dict = {}


def hud_readouts(surf, altitude_m: float, vertical_speed_mps: float) -> None:
    """Redraw the first two lines of ``hud_overlay`` with new numbers (as the HUD does)."""
    import pygame

    w, h = surf.get_size()
    font = _FONTS.get(h) or _FONTS.setdefault(h, pygame.font.Font(None, max(16, h // 32)))
    surf.fill((10, 14, 20, 150), pygame.Rect(20, 20, w // 5 - 20, 2 * (h // 24)))
    for i, text in enumerate((f"ALT {altitude_m:5.1f} m", f"V/S {vertical_speed_mps:5.1f} m/s")):
        surf.blit(font.render(text, True, (120, 255, 140)), (20, 20 + i * (h // 24)))


def full_scene_frames(level_name: str, size, frames: int, warmup: int,
                      render_scale: float | None = None):
    """Frame times (ms) of the full scene, the CPU time per frame (ms) and the scale used."""
    import pygame
    from OpenGL import GL

    from game.data.loader import load_level
    from game.render.renderer import Renderer, SceneInfo
    from game.sim.observation import Snapshot
    from game.sim.world import World

    world = World()
    world.reset(load_level(level_name), seed=1)
    scene = SceneInfo.from_world(world)
    renderer = Renderer(*size, scene, render_scale=render_scale)
    overlay = hud_overlay(size)
    up = (math.sqrt(0.5), 0.0, -math.sqrt(0.5), 0.0)
    ship, weather = world.ship, world.weather

    def snap(t: float, k: int) -> Snapshot:
        ship_pos, ship_q = ship.pose_at(t)
        total = warmup + frames
        alt = 400.0 - 370.0 * k / total
        return Snapshot(
            time_s=t, stage_position_m=(8.0, -5.0, ship_pos[2] + alt + 17.0),
            stage_attitude_wxyz=up, com_station_m=17.0, throttle_norm=0.7, engines_lit=1,
            engine_mode=1, ambient_pressure_pa=101000.0, gimbal_pitch_rad=0.02 * math.sin(t),
            gimbal_yaw_rad=0.0, fin_deploy_fraction=1.0,
            fin_deflections_rad=(0.1 * math.sin(t), -0.1, 0.05, 0.0),
            legs_deploy_fraction=min(1.0, max(0.0, 2.0 * k / total - 0.5)),
            rcs_firing=(0.4 * (k % 40 < 8), 0.0, 0.0), ship_position_m=tuple(ship_pos),
            ship_attitude_wxyz=tuple(ship_q), outcome="flying", mach=0.1,
            fog_visibility_m=weather.fog_visibility_m, time_of_day=weather.time_of_day)

    times = []
    t0_sim, step = 100.0, 1.0 / 120.0
    cpu = 0.0
    for k in range(warmup + frames):
        t = t0_sim + k / 60.0
        prev, cur = snap(t - step, k), snap(t, k)
        if k == warmup:
            cpu = time.process_time()
        hud_readouts(overlay, 400.0 - 370.0 * k / (warmup + frames), -370.0 / (warmup + frames))
        start = time.perf_counter()
        renderer.render(prev, cur, 0.5, "chase", overlay=overlay)
        pygame.display.flip()
        GL.glFinish()
        if k >= warmup:
            times.append(time.perf_counter() - start)
    cpu_ms = (time.process_time() - cpu) / frames * 1000.0
    scale = renderer.render_scale
    renderer.close()
    return np.array(times) * 1000.0, cpu_ms, scale


def trivial_frames(frames: int, warmup: int):
    """Frame times (ms) of a clear and one triangle, and the CPU time per frame (ms)."""
    import pygame
    from OpenGL import GL
    from OpenGL.GL import shaders

    vs = ("#version 330 core\nlayout(location = 0) in vec2 p;\n"
          "void main() { gl_Position = vec4(p, 0.0, 1.0); }\n")
    fs = "#version 330 core\nout vec4 c;\nvoid main() { c = vec4(1.0, 0.5, 0.2, 1.0); }\n"
    prog = shaders.compileProgram(shaders.compileShader(vs, GL.GL_VERTEX_SHADER),
                                  shaders.compileShader(fs, GL.GL_FRAGMENT_SHADER))
    vao = GL.glGenVertexArrays(1)
    GL.glBindVertexArray(vao)
    vbo = GL.glGenBuffers(1)
    tri = np.array([-0.5, -0.5, 0.5, -0.5, 0.0, 0.5], dtype=np.float32)
    GL.glBindBuffer(GL.GL_ARRAY_BUFFER, vbo)
    GL.glBufferData(GL.GL_ARRAY_BUFFER, tri.nbytes, tri, GL.GL_STATIC_DRAW)
    GL.glEnableVertexAttribArray(0)
    GL.glVertexAttribPointer(0, 2, GL.GL_FLOAT, GL.GL_FALSE, 0, None)
    times = []
    cpu = 0.0
    for k in range(warmup + frames):
        if k == warmup:
            cpu = time.process_time()
        start = time.perf_counter()
        GL.glClearColor(0.1, 0.2, 0.3, 1.0)
        GL.glClear(GL.GL_COLOR_BUFFER_BIT | GL.GL_DEPTH_BUFFER_BIT)
        GL.glUseProgram(prog)
        GL.glBindVertexArray(vao)
        GL.glDrawArrays(GL.GL_TRIANGLES, 0, 3)
        pygame.display.flip()
        GL.glFinish()
        if k >= warmup:
            times.append(time.perf_counter() - start)
    cpu_ms = (time.process_time() - cpu) / frames * 1000.0
    GL.glDeleteBuffers(1, [vbo])
    GL.glDeleteVertexArrays(1, [vao])
    GL.glDeleteProgram(prog)
    return np.array(times) * 1000.0, cpu_ms


def report(name: str, ms: np.ndarray, cpu_ms: float) -> None:
    med, p99, worst = np.median(ms), np.percentile(ms, 99), ms.max()
    verdict = "meets" if p99 <= TARGET_MS else "misses"
    print(f"{name:40s} median {med:6.2f} ms ({1000 / med:5.1f} fps)  "
          f"p99 {p99:6.2f} ms ({1000 / p99:5.1f} fps)  worst {worst:6.2f} ms  "
          f"CPU {cpu_ms:5.1f} ms/frame  {verdict} 60 fps at p99")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--level", action="append",
                        help="level name (repeatable; default crs8_ocisly and crs5_first_attempt)")
    parser.add_argument("--frames", type=int, default=300)
    parser.add_argument("--warmup", type=int, default=30)
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=720)
    parser.add_argument("--render-scale", type=float, default=None,
                        help="3-D resolution over window resolution (default: the renderer's "
                             "choice, 0.5 on a software rasteriser)")
    args = parser.parse_args()
    levels = args.level or ["crs8_ocisly", "crs5_first_attempt"]

    from game.render.virtual_display import VirtualDisplay, display_usable

    server = None
    if not display_usable(os.environ.get("DISPLAY")):
        server = VirtualDisplay()
        try:
            os.environ["DISPLAY"] = server.start()
        except RuntimeError as exc:
            print(f"frame_time: no display and no Xvfb: {exc}")
            return 2
    try:
        return run(levels, (args.width, args.height), args.frames, args.warmup,
                   args.render_scale)
    finally:
        if server is not None:
            server.stop()


def run(levels, size, frames: int, warmup: int, render_scale: float | None) -> int:
    import pygame
    from OpenGL import GL

    from game.render.context import GLUnavailable, open_window

    os.environ.setdefault("SDL_VIDEODRIVER", "x11")
    try:
        open_window(*size, title="hoverslam frame-time benchmark")
    except GLUnavailable as exc:
        print(f"frame_time: {exc}")
        return 2
    renderer_name = GL.glGetString(GL.GL_RENDERER).decode(errors="replace")
    print(f"OpenGL {GL.glGetString(GL.GL_VERSION).decode(errors='replace')} on {renderer_name}, "
          f"{size[0]}x{size[1]}, {frames} frames after {warmup} warm-up, "
          f"{os.cpu_count()} CPUs, target {TARGET_MS:.1f} ms")
    report("trivial scene (clear + 1 triangle)", *trivial_frames(frames, warmup))
    for level in levels:
        ms, cpu_ms, scale = full_scene_frames(level, size, frames, warmup, render_scale)
        report(f"full scene {level} (scale {scale:g})", ms, cpu_ms)
    report("trivial scene again", *trivial_frames(frames, warmup))
    print("CPU: this process's CPU time per frame, all threads (the rasteriser's included); "
          "on a busy machine the frame time grows while the CPU time stays")
    pygame.display.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
