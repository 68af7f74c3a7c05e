"""The draw passes of one frame, in the order ``Renderer.render`` calls them.

Each takes the frame's GL ``Resources``, the ``FrameState`` and the eye (world, float64); all
geometry is sent eye-relative (see ``math3d``). The sea writes depth, the sky (at the far
plane) does not, so the opaque site and stage drawn after both cover them; the blended
passes draw without writing depth.
"""

from __future__ import annotations

import numpy as np
from OpenGL import GL

from game.render import ocean, stage_model
from game.render.math3d import affine, quat_to_matrix
from game.render.plume import plumes
from game.render.resources import SKY_ROW_INDICES, SKY_SIDE_INDICES

PLAN_RGBA = (0.2, 0.95, 1.0, 0.9)


def stage_matrix(state, eye: np.ndarray) -> np.ndarray:
    """Body (stations from the nozzle exit) to eye-relative world."""
    rot = quat_to_matrix(state.stage_attitude_wxyz)
    m = affine(rot, state.stage_position_m - eye)
    m[:3, 3] -= rot[:, 0] * state.com_station_m
    return m


PER_VERTEX_FOG = (0.0, 0.0, 0.0, -1.0)


def draw_site(res, state, eye: np.ndarray) -> None:
    res.lit.use()
    res.lit.float("u_glow", 0.0)
    res.lit.vec4("u_object_fog", PER_VERTEX_FOG)
    rot = quat_to_matrix(state.ship_attitude_wxyz)
    res.lit.mat4("u_model", affine(rot, state.ship_position_m - eye))
    res.site.draw()


def draw_stage(res, scene, state, eye: np.ndarray, fog) -> None:
    """The stage in one call (``PartModel``): the body, the engines turned by the gimbal,
    the fins and the legs, each group re-posed only when its key changes; back faces
    culled (the stage's surfaces are closed or seen from their front); ``fog``: the
    stage's fog as a whole (``environment.object_fog``)."""
    prog, model = res.parts, res.stage
    prog.use()
    prog.vec4("u_object_fog", fog)
    prog.mat4("u_model", stage_matrix(state, eye))
    prog.float("u_glow", state.throttle_norm if state.engines_lit > 0 else 0.0)
    lit = stage_model.lit_engines(state.engines_lit, scene.engine_count)
    model.set_glow("engines", [i in lit for i in range(scene.engine_count)])
    gimbal = (state.gimbal_pitch_rad, state.gimbal_yaw_rad)
    if model.stale("engines", gimbal):
        model.place("engines", stage_model.engine_matrices(scene, *gimbal), gimbal)
    fins = (state.fin_deploy_fraction, *state.fin_deflections_rad)
    if model.stale("fins", fins):
        model.place("fins", stage_model.fin_matrices(scene, fins[0], fins[1:]), fins)
    legs = (state.legs_deploy_fraction, state.foot_points_body_m)
    if model.stale("legs", legs):
        model.place("legs", stage_model.leg_matrices(scene, *legs)[0], legs)
    GL.glEnable(GL.GL_CULL_FACE)
    model.draw(prog)
    GL.glDisable(GL.GL_CULL_FACE)


def draw_ocean(res, scene, state, eye: np.ndarray, frame: dict,
               view_proj: np.ndarray) -> None:
    """The sea's grid (``frame``: ``ocean.grid_frame``), only the run of wedges that may be
    in view (``view_proj``)."""
    bound_m = sum(abs(c[0]) for c in scene.wave_components)
    first, count = ocean.visible_wedges(frame, eye, view_proj, bound_m)
    if count == 0:
        return
    waves = ocean.wave_uniforms(scene.wave_components, state.time_s, frame["centre_xy_m"])
    prog = res.ocean_prog
    prog.use()
    prog.vec3("u_centre", frame["centre_m"] - eye)
    prog.vec3("u_east", frame["east"])
    prog.vec3("u_north", frame["north"])
    prog.float("u_scale", frame["scale"])
    prog.vec4_array("u_waves", waves)
    prog.int("u_wave_count", ocean.wave_count(waves))
    res.ocean.draw(count * ocean.WEDGE_INDICES, first * ocean.WEDGE_INDICES)


def draw_sky(res, sea_hidden: bool = False) -> None:
    """The sky dome at the far plane; when the ocean's grid hides the distant sea
    (``sea_hidden``), only the sea's first row below the horizon, which fills any pixel
    the grid's bumpy edge leaves at the horizon."""
    res.sky.use()
    GL.glDepthMask(GL.GL_FALSE)
    res.sky_mesh.draw(SKY_SIDE_INDICES + SKY_ROW_INDICES if sea_hidden else None)


def draw_plumes(res, scene, state, eye: np.ndarray) -> None:
    items = plumes(scene, state)
    if not items:
        return
    prog = res.plume_prog
    prog.use()
    GL.glEnable(GL.GL_BLEND)
    GL.glBlendFunc(GL.GL_ONE, GL.GL_ONE)
    base = stage_matrix(state, eye)
    for k, p in enumerate(items):
        origin = base[:3, :3] @ p.origin_body + base[:3, 3]
        axis = base[:3, :3] @ p.direction_body
        side = np.cross(axis, (0.0, 0.0, 1.0) if abs(axis[2]) < 0.9 else (1.0, 0.0, 0.0))
        side /= np.linalg.norm(side)
        s = p.shape
        prog.vec3("u_origin", origin)
        prog.vec3("u_axis", axis)
        prog.vec3("u_side", side)
        prog.vec3("u_side2", np.cross(axis, side))
        prog.vec4("u_shape", (s.length_m, s.exit_radius_m, s.end_radius_m, s.brightness))
        prog.vec4("u_style", (s.diamonds, 1.7 * k, 0.0, 0.0))
        res.plume.draw()


def draw_particles(res, effects, eye: np.ndarray) -> None:
    glow = effects.glow.instances(eye, back_to_front=False)
    smoke = effects.smoke.instances(eye, back_to_front=True)
    if len(glow) == 0 and len(smoke) == 0:
        return
    prog = res.particle
    prog.use()
    GL.glEnable(GL.GL_BLEND)
    GL.glDepthMask(GL.GL_FALSE)
    if len(smoke):
        GL.glBlendFunc(GL.GL_SRC_ALPHA, GL.GL_ONE_MINUS_SRC_ALPHA)
        prog.int("u_additive", 0)
        res.smoke.update(smoke)
        res.smoke.draw()
    if len(glow):
        GL.glBlendFunc(GL.GL_ONE, GL.GL_ONE)
        prog.int("u_additive", 1)
        res.glow.update(glow)
        res.glow.draw()


def draw_plan(res, points_m, eye: np.ndarray) -> None:
    try:
        pts = np.asarray(points_m, dtype=float)
    except (TypeError, ValueError):
        return
    if pts.ndim != 2 or pts.shape[1] != 3:
        return
    pts = pts[np.all(np.isfinite(pts), axis=1)]
    if len(pts) < 2:
        return
    res.line.use()
    res.line.vec4("u_color", PLAN_RGBA)
    GL.glEnable(GL.GL_BLEND)
    GL.glBlendFunc(GL.GL_SRC_ALPHA, GL.GL_ONE_MINUS_SRC_ALPHA)
    res.line_mesh.update((pts - eye).astype(np.float32))
    res.line_mesh.draw()
