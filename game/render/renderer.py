"""The 3-D renderer: ``Renderer(width, height, scene).render(prev, cur, alpha, camera)``.

It needs a current OpenGL 3.3 core context (``game.render.context.open_window`` or the app's
own ``pygame.display.set_mode(..., OPENGL | DOUBLEBUF)`` with 3.3 core attributes). Per frame
it blends the two Snapshots (``interpolate``), asks the camera for a ``View``, advances the
particle effects, fills the shared uniform block, and draws (``passes``): the sea and the
sky behind everything (handed to the rasteriser at once), the landing site and the stage
(opaque, lit), the plumes, fire and sparks (additive), smoke, steam and spray (blended, back
to front), the planned trajectory, and last the app's overlay (HUD, menus) over the whole
window. Everything is drawn camera-relative
(``math3d``). Nothing here reaches the simulation: it reads Snapshots and draws its own
random numbers.

Resolution: the 3-D scene is drawn at ``render_scale`` times the window's size (an
off-screen framebuffer stretched onto the window, by nearest texel when the window is a whole
multiple of it (``gl_targets.SceneTarget``); the overlay always at full resolution).
By default that is 1 on a GPU and ``SOFTWARE_RENDER_SCALE`` on a software rasteriser
(Mesa llvmpipe, softpipe), where every pixel costs CPU time; set the attribute to change it.
"""

from __future__ import annotations

import math

import numpy as np
from OpenGL import GL

from game.render import environment, ocean, passes, ship_model
from game.render.cameras import make_cameras
from game.render.effects import Effects
from game.render.gl_targets import SceneTarget
from game.render.interpolate import FrameState, Interpolator
from game.render.math3d import View, finite, quat_to_matrix
from game.render.plume import plume_light
from game.render.resources import Resources
from game.render.scene_info import SceneInfo
from game.sim.earth import altitude_m, local_up

__all__ = ["Renderer", "SceneInfo", "default_render_scale"]

LAMP_RGB = np.array([1.0, 0.9, 0.75]) * 700.0
PLUME_RGB = np.array([1.0, 0.62, 0.3])
SOFTWARE_RENDER_SCALE = 0.5
SOFTWARE_RENDERERS = ("llvmpipe", "softpipe", "swrast", "software rasterizer")


def default_render_scale() -> float:
    """1 on a GPU; ``SOFTWARE_RENDER_SCALE`` on a software rasteriser (current context)."""
    name = (GL.glGetString(GL.GL_RENDERER) or b"").decode(errors="replace").lower()
    return SOFTWARE_RENDER_SCALE if any(s in name for s in SOFTWARE_RENDERERS) else 1.0


class Renderer:
    """Draws one level's scene from Snapshots; owns every GL object it makes."""

    CAMERAS = ("chase", "deck", "onboard", "orbit", "tracking")

    def __init__(self, width_px: int, height_px: int, scene: SceneInfo,
                 render_scale: float | None = None) -> None:
        self.scene = scene
        self.cameras = make_cameras()
        self.interpolator = Interpolator()
        self.effects = Effects(scene)
        self.sea_level_m = ship_model.LAND_SEA_LEVEL_M if scene.is_land_pad else 0.0
        self.render_scale = default_render_scale() if render_scale is None else render_scale
        self._stage_fog = (0.0, 0.0, 0.0, 1.0)
        self._view_proj = np.eye(4)
        self.last_view: View | None = None
        self.last_state: FrameState | None = None
        self._res: Resources | None = None
        self._target: SceneTarget | None = None
        self._target_key: tuple = ()
        self.width_px = self.height_px = 1
        self.rebuild(width_px, height_px)

    # ------------------------------------------------------------------ life cycle
    def rebuild(self, width_px: int, height_px: int) -> None:
        """Re-create every GL object (after ``set_mode``: fullscreen toggle, resize)."""
        if self._res is not None:
            self._drop_target()
            self._res.delete()
        self.width_px, self.height_px = max(int(width_px), 1), max(int(height_px), 1)
        self._res = Resources(self.scene)

    def close(self) -> None:
        if self._res is not None:
            self._drop_target()
            self._res.delete()
            self._res = None

    def orbit(self, d_yaw_rad: float, d_pitch_rad: float, zoom_factor: float) -> None:
        """Turn the free orbit camera about the stage and zoom it (factor < 1: closer)."""
        self.cameras["orbit"].orbit(float(d_yaw_rad), float(d_pitch_rad), float(zoom_factor))

    # ------------------------------------------------------------------ a frame
    def render(self, prev, cur, alpha: float, camera: str, overlay=None,
               plan_points_m=None) -> None:
        """Draw the scene at ``prev + alpha (cur - prev)`` from ``camera``, then the overlay."""
        res = self._res
        if res is None:
            raise RuntimeError("Renderer.render after close()")
        state = self.interpolator.blend(prev, cur, alpha)
        view = self._view(state, camera)
        eye = view.eye_m
        up = np.array(local_up(*eye))
        self.effects.update(state, eye, up, self._surface_z(state))
        lights = self._lights(state, eye)
        self._frame_uniforms(state, view, up, lights)
        target = self._scene_target()
        if target is not None:
            target.bind()
        else:
            GL.glViewport(0, 0, self.width_px, self.height_px)
        self._draw_scene(state, eye, plan_points_m)
        GL.glFlush()  # a software rasteriser starts on the scene while the overlay uploads
        shown = overlay is not None and res.overlay.update(overlay)
        window = (self.width_px, self.height_px)
        if target is not None:
            target.present(res.present_prog, res.triangle_vao, *window,
                           res.compositor, res.overlay if shown else None)
        elif shown:  # only the tiles that hold something: cheap to blend
            res.compositor.blend_over(res.overlay, window)
        self.last_view, self.last_state = view, state

    def _draw_scene(self, state: FrameState, eye: np.ndarray, plan_points_m) -> None:
        """The sea and the sky first, handed to the rasteriser (``glFlush``: a software
        rasteriser's threads shade them while this thread poses and sends the rest), then
        the site and the stage (opaque, depth-tested against the sea), then the blended
        passes. The sky writes no depth, so what is drawn over it later hides it; its
        distant-sea half is left out where the sea's grid hides it all."""
        res = self._res
        GL.glDepthMask(GL.GL_TRUE)
        GL.glClearColor(0.0, 0.0, 0.0, 1.0)
        GL.glClear(GL.GL_COLOR_BUFFER_BIT | GL.GL_DEPTH_BUFFER_BIT)
        GL.glEnable(GL.GL_DEPTH_TEST)
        GL.glDepthFunc(GL.GL_LEQUAL)
        GL.glDisable(GL.GL_BLEND)
        GL.glDisable(GL.GL_CULL_FACE)
        grid = ocean.grid_frame(eye, self.sea_level_m)
        passes.draw_ocean(res, self.scene, state, eye, grid, self._view_proj)
        passes.draw_sky(res, sea_hidden=ocean.covers_horizon(grid, eye, self.sea_level_m))
        GL.glFlush()
        GL.glDepthMask(GL.GL_TRUE)
        passes.draw_site(res, state, eye)
        if self.effects.stage_visible:
            passes.draw_stage(res, self.scene, state, eye, self._stage_fog)
        GL.glDepthMask(GL.GL_FALSE)
        if self.effects.stage_visible:
            passes.draw_plumes(res, self.scene, state, eye)
        passes.draw_particles(res, self.effects, eye)
        if plan_points_m is not None:
            passes.draw_plan(res, plan_points_m, eye)

    def _frame_uniforms(self, state: FrameState, view: View, up: np.ndarray, lights) -> None:
        aspect = self.width_px / self.height_px
        tan_y = math.tan(0.5 * view.fov_y_rad)
        self._view_proj = view.view_projection(aspect)
        block = environment.frame_block(
            view_proj=self._view_proj, rotation=view.rotation,
            tan_half_fov=(tan_y * aspect, tan_y), up=up, eye_altitude_m=altitude_m(*view.eye_m),
            scene=self.scene, time_s=state.time_s, sea_level_m=self.sea_level_m, lights=lights)
        self._res.ubo.update(block)
        centre = passes.stage_matrix(state, view.eye_m) @ np.array([22.0, 0.0, 0.0, 1.0])
        self._stage_fog = environment.object_fog(centre[:3], up, altitude_m(*view.eye_m),
                                                  self.scene, lights)

    def _scene_target(self) -> SceneTarget | None:
        scale = self.render_scale
        if not (math.isfinite(scale) and 0.1 <= scale < 0.999):
            self._drop_target()
            return None
        size = (max(1, round(self.width_px * scale)), max(1, round(self.height_px * scale)))
        if self._target is None or self._target_key != size:
            self._drop_target()
            self._target, self._target_key = SceneTarget(*size), size
        return self._target

    def _drop_target(self) -> None:
        if self._target is not None:
            self._target.delete()
        self._target, self._target_key = None, ()

    def _view(self, state: FrameState, camera: str) -> View:
        cam = self.cameras.get(camera, self.cameras["chase"])
        view = cam.view(state, self.scene)
        ok = finite(view.eye_m) and finite(view.rotation.reshape(-1)) and \
            finite((view.fov_y_rad, view.near_m, view.far_m)) and view.far_m > view.near_m > 0
        if ok:
            return view
        if self.last_view is not None:
            return self.last_view
        return self.cameras["chase"].view(FrameState(), self.scene)

    def _surface_z(self, state: FrameState) -> float:
        """Height of whatever is under the stage: the deck, the pad's ground, or the sea."""
        d = state.stage_position_m - state.ship_position_m
        on_site = abs(d[0]) < 0.5 * self.scene.deck_length_m + 5 and \
            abs(d[1]) < 0.5 * self.scene.deck_width_m + 5
        on_land = self.scene.is_land_pad and state.stage_position_m[0] < ship_model.COAST_EAST_M
        return float(state.ship_position_m[2]) if on_site or on_land else self.sea_level_m

    def _lights(self, state: FrameState, eye: np.ndarray) -> list:
        """Point lights, eye-relative: plume first, then fire, then the site's lamps."""
        out = []
        pl = plume_light(self.scene, state) if self.effects.stage_visible else None
        if pl is not None:
            body, power = pl
            pos = passes.stage_matrix(state, eye) @ np.append(body, 1.0)
            out.append((pos[:3], PLUME_RGB * power))
        out += [(p - eye, c) for p, c in self.effects.lights()]
        lamps = environment.LIGHTING[self.scene.time_of_day].lamps
        if lamps > 0.0:
            ship_rot = quat_to_matrix(state.ship_attitude_wxyz)
            for local in ship_model.site_lights_local(self.scene):
                out.append((state.ship_position_m + ship_rot @ local - eye, LAMP_RGB * lamps))
        return out

    # ------------------------------------------------------------------ reading back
    def read_pixels(self) -> np.ndarray:
        """The back buffer as (H, W, 3) uint8, top row first (call before the flip)."""
        GL.glBindFramebuffer(GL.GL_READ_FRAMEBUFFER, 0)
        GL.glReadBuffer(GL.GL_BACK)
        GL.glPixelStorei(GL.GL_PACK_ALIGNMENT, 1)
        data = GL.glReadPixels(0, 0, self.width_px, self.height_px, GL.GL_RGB,
                               GL.GL_UNSIGNED_BYTE)
        img = np.frombuffer(data, dtype=np.uint8).reshape(self.height_px, self.width_px, 3)
        return img[::-1].copy()

    def project_px(self, point_world):
        """Pixel (x right, y down) where the last frame's camera put a world point, or None."""
        if self.last_view is None:
            return None
        return self.last_view.project_px(point_world, self.width_px, self.height_px)
