"""The renderer's geometry, cameras, sea, fog, plume and effects, without a display."""

from __future__ import annotations

import math
import subprocess
import sys
from dataclasses import replace

import numpy as np
import pytest

from game.data.loader import list_levels, load_level
from game.render import environment, ocean, plume, stage_model
from game.render.cameras import make_cameras
from game.render.effects import Effects
from game.render.interpolate import Interpolator
from game.render.math3d import View, look_rotation, quat_to_matrix
from game.render.overlay import tile_quads
from game.render.scene_info import SceneInfo
from game.sim.legs import LegSet
from game.sim.rigid_body import quat_from_axis_angle, quat_rotate
from game.sim.world import World
from tests.render.scenes import scene, snapshot


def test_quaternion_matrix_agrees_with_the_simulation():
    rng = np.random.default_rng(1)
    for _ in range(20):
        q = quat_from_axis_angle(*rng.normal(size=3), rng.uniform(-3, 3))
        v = rng.normal(size=3)
        assert np.allclose(quat_to_matrix(q) @ v, quat_rotate(q, *v), atol=1e-12)


def test_projection_puts_known_points_at_known_pixels():
    rot = look_rotation((0.0, 1.0, 0.0), (0.0, 0.0, 1.0))  # look north
    view = View(np.array([0.0, 0.0, 10.0]), rot, math.radians(90.0), 1.0, 1000.0)
    assert view.project_px((0.0, 100.0, 10.0), 200, 100) == pytest.approx((100.0, 50.0))
    # 45 deg up at a 90 deg vertical field of view: the top edge
    assert view.project_px((0.0, 50.0, 60.0), 200, 100)[1] == pytest.approx(0.0, abs=1e-9)
    # 45 deg to the right (east) with aspect 2: a quarter of the width from the centre
    assert view.project_px((50.0, 50.0, 10.0), 200, 100)[0] == pytest.approx(150.0)
    assert view.project_px((0.0, -5.0, 10.0), 200, 100) is None  # behind the eye


def test_interpolation_blends_and_takes_the_short_way_round():
    a = snapshot(time_s=1.0, stage_at=(0.0, 0.0, 100.0))
    q = a.stage_attitude_wxyz
    b = snapshot(time_s=1.1, stage_at=(10.0, 0.0, 90.0))
    b = replace(b, stage_attitude_wxyz=tuple(-c for c in q), throttle_norm=1.0)
    s = Interpolator().blend(a, b, 0.25)
    assert np.allclose(s.stage_position_m, (2.5, 0.0, 97.5))
    assert np.allclose(s.stage_velocity_mps, (100.0, 0.0, -100.0))
    assert np.allclose(np.abs(np.dot(s.stage_attitude_wxyz, q)), 1.0)
    assert s.throttle_norm == pytest.approx(0.25)


def test_bad_numbers_fall_back_to_the_last_good_values():
    interp = Interpolator()
    good = snapshot(stage_at=(5.0, 6.0, 70.0), legs_deploy_fraction=0.4, engines_lit=3)
    interp.blend(good, good, 1.0)
    bad = replace(good, stage_position_m=(math.nan, 0.0, 0.0), legs_deploy_fraction=math.inf,
                  stage_attitude_wxyz=(0.0, 0.0, 0.0, 0.0), engines_lit=math.nan,
                  fin_deflections_rad=(math.nan, 0.0, 0.0, 0.0), throttle_norm=7.0)
    s = interp.blend(bad, bad, math.nan)
    assert np.allclose(s.stage_position_m, (5.0, 6.0, 70.0))
    assert s.legs_deploy_fraction == 0.4 and s.engines_lit == 3
    assert s.stage_attitude_wxyz == pytest.approx(good.stage_attitude_wxyz)
    assert s.throttle_norm == 1.0  # clamped, not trusted beyond its range


def _far_state(position):
    interp = Interpolator()
    snap = snapshot(stage_at=position)
    return interp.blend(snap, snap, 1.0)


@pytest.mark.parametrize("position", [(0.0, 0.0, 80.0), (600e3, 50e3, 40e3),
                                      (100e3, 0.0, 70e3), (0.0, 0.0, 4.0)])
def test_every_camera_gives_a_finite_view_that_sees_the_stage(position):
    sc = scene()
    state = _far_state(position)
    for name, cam in make_cameras().items():
        view = cam.view(state, sc)
        assert np.isfinite(view.eye_m).all() and np.isfinite(view.rotation).all()
        assert np.allclose(view.rotation @ view.rotation.T, np.eye(3), atol=1e-9)
        assert 0.0 < view.near_m < view.far_m
        if name in ("chase", "orbit", "tracking", "deck"):
            centre = view.project_px(np.add(state.stage_position_m, (0.0, 0.0, 5.0)), 320, 180)
            assert centre is not None and 0 <= centre[0] <= 320 and 0 <= centre[1] <= 180, name


def test_the_deck_camera_rides_the_ship():
    sc = scene()
    interp = Interpolator()
    snap = snapshot()
    s0 = interp.blend(snap, snap, 1.0)
    rolled = replace(snap, ship_position_m=(0.0, 0.0, 4.5),
                     ship_attitude_wxyz=quat_from_axis_angle(1.0, 0.0, 0.0, math.radians(4.0)))
    s1 = interp.blend(rolled, rolled, 1.0)
    cam = make_cameras()["deck"]
    v0, v1 = cam.view(s0, sc), cam.view(s1, sc)
    assert v1.eye_m[2] - v0.eye_m[2] > 1.0  # heave, plus the roll lifting the port side
    up0, up1 = v0.rotation[1], v1.rotation[1]
    assert math.degrees(math.acos(np.clip(np.dot(up0, up1), -1, 1))) > 1.0  # the picture rolls


def test_orbit_camera_clamps_its_pitch_and_zoom():
    cam = make_cameras()["orbit"]
    cam.orbit(0.3, 10.0, 1e-6)
    assert cam.pitch_rad == pytest.approx(math.radians(85.0)) and cam.distance_m == 8.0
    cam.orbit(math.nan, -math.inf, math.nan)
    assert cam.pitch_rad == pytest.approx(math.radians(85.0))


def _shader_elevation(waves: np.ndarray, u: float, v: float) -> float:
    """The ocean vertex shader's sum, written again in numpy (long waves: no fade)."""
    return float(sum(a * math.cos(ph - (kx * u + ky * v)) for kx, ky, a, ph in waves))


@pytest.mark.parametrize("eye", [(30.0, -20.0, 40.0), (1234.5, 987.6, 12.0)])
def test_the_sea_the_shader_draws_is_the_ships_sea(eye):
    world = World()
    world.reset(load_level("crs8_ocisly"), seed=3)
    ship = world.ship
    t = 123.4
    frame = ocean.grid_frame(np.array(eye), 0.0)
    waves = ocean.wave_uniforms(ship.wave_components, t, frame["centre_xy_m"])
    for u, v in ((0.0, 0.0), (12.0, -7.0), (-40.0, 25.0)):
        x = frame["centre_xy_m"][0] + u
        y = frame["centre_xy_m"][1] + v
        assert _shader_elevation(waves, u, v) == pytest.approx(ship.sea_elevation_m(t, x, y),
                                                               abs=2e-4)
        assert ocean.sea_elevation_m(ship.wave_components, t, x, y) == pytest.approx(
            ship.sea_elevation_m(t, x, y), abs=1e-12)


def test_the_ocean_grid_is_snapped_and_scaled_with_height():
    low = ocean.grid_frame(np.array([10.3, 4.9, 20.0]), 0.0)
    high = ocean.grid_frame(np.array([10.3, 4.9, 5000.0]), 0.0)
    assert low["scale"] == 1.0
    horizon_m = math.sqrt(2 * 6_371_008.8 * 5000.0)
    assert horizon_m < high["scale"] * ocean.ring_radii()[-1] < 1.5 * horizon_m
    assert np.allclose(np.mod(low["centre_xy_m"], ocean.FIRST_RING_M), 0.0, atol=1e-9)
    far = ocean.grid_frame(np.array([600e3, 0.0, -20e3]), 0.0)
    assert np.dot(far["up"], (0, 0, 1)) < 0.9999 and abs(np.dot(far["east"], far["up"])) < 1e-12


def test_fog_follows_koschmieder_and_thins_with_height():
    # at sea level, over the visibility distance, 2 % of the contrast is left
    assert environment.fog_transmittance(800.0, 0.0, 0.0, 800.0) == pytest.approx(0.02, rel=1e-3)
    at_sea = environment.fog_transmittance(500.0, 0.0, 0.0, 800.0)
    above = environment.fog_transmittance(500.0, 300.0, 300.0, 800.0)
    assert above > 5 * at_sea
    # a slanted path between heights equals the average of the layer along it
    slant = environment.fog_transmittance(500.0, 0.0, 300.0, 800.0)
    assert at_sea < slant < above


def test_plume_shape_follows_throttle_and_ambient_pressure():
    sea = plume.plume_shape(1.0, 101325.0)
    assert 15.0 < sea.length_m < 30.0 and sea.diamonds > 0.5
    assert plume.plume_shape(0.6, 101325.0).length_m < sea.length_m
    assert plume.plume_shape(0.6, 101325.0).brightness < sea.brightness
    thin = plume.plume_shape(1.0, 500.0)
    assert thin.length_m > 5 * sea.length_m and thin.end_radius_m > 5 * sea.end_radius_m
    vacuum = plume.plume_shape(1.0, 0.0)
    assert vacuum.length_m == pytest.approx(plume.plume_shape(1.0, 1.0).length_m)
    assert stage_model.lit_engines(1, 9) == [0]
    assert stage_model.lit_engines(3, 9) == [0, 1, 5]
    assert stage_model.lit_engines(9, 9) == list(range(9))


def test_engine_gimbal_points_the_thrust_like_the_propulsion_model():
    p, y = 0.05, -0.03
    d = stage_model.gimbal_rotation(p, y) @ (1.0, 0.0, 0.0)
    assert np.allclose(d, (math.cos(p) * math.cos(y), -math.sin(y), math.sin(p) * math.cos(y)))


@pytest.mark.parametrize("fraction", [0.0, 0.5, 1.0])
def test_legs_put_their_feet_where_the_simulation_has_them(fraction):
    level = load_level("crs8_ocisly")
    legs = LegSet(level.vehicle.legs, deployed=False)
    legs.update(True, fraction * legs.deploy_time_s)
    sc = scene()
    drawn = stage_model.leg_matrices(sc, fraction)[1]
    for sim, ours in zip(legs.foot_points_body(), drawn, strict=True):
        assert np.linalg.norm(np.subtract(sim, ours)) < 0.05
    # a foot the simulation moved (crushed, folded, on the hinge's circle) is drawn there
    feet = []
    for k, angle_deg in enumerate((100.0, 125.0, 60.0, 5.0)):
        az, a = 0.5 * math.pi * k, math.radians(angle_deg)
        radius = sc.leg_hinge_radius_m + sc.leg_length_m * math.sin(a)
        feet.append((sc.leg_hinge_station_m + sc.leg_length_m * math.cos(a),
                     radius * math.cos(az), radius * math.sin(az)))
    for sim, ours in zip(feet, stage_model.leg_matrices(sc, 1.0, feet)[1], strict=True):
        assert np.allclose(ours, sim, atol=1e-9)


def test_grid_fins_fold_up_stowed_and_stand_out_deployed():
    sc = scene()
    for m_stowed, m_out, k in zip(stage_model.fin_matrices(sc, 0.0, (0.0,) * 4),
                                  stage_model.fin_matrices(sc, 1.0, (0.0,) * 4), range(4),
                                  strict=True):
        az = math.radians(45.0 + 90.0 * k)
        radial = np.array([0.0, math.cos(az), math.sin(az)])
        assert np.allclose(m_stowed[:3, 2], (1.0, 0.0, 0.0), atol=1e-12)  # along the body
        assert np.allclose(m_out[:3, 2], radial, atol=1e-12)  # straight out


def test_scene_info_reads_every_level_without_touching_the_world():
    for name, _ in list_levels():
        world = World()
        world.reset(load_level(name), seed=1)
        before = world.state_hash()
        info = SceneInfo.from_world(world)
        assert world.state_hash() == before
        assert info.wave_components == world.ship.wave_components
        assert info.ship_kind == world.ship.kind and info.deck_length_m == world.ship.deck_length_m
        assert info.fog_visibility_m == world.weather.fog_visibility_m
        assert info.stage_length_m == pytest.approx(47.9) and info.leg_count == 4
    with pytest.raises(ValueError, match="ship_kind"):
        replace(scene(), ship_kind="barge")


def test_the_render_package_does_not_import_the_world():
    code = ("import sys, game.render.renderer, game.render.scene_info; "
            "print('game.sim.world' in sys.modules, 'pygame' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out[0] == "False"


def test_effects_use_their_own_generator_and_are_repeatable():
    sc = scene(waves=((0.5, 0.8, 0.065, 10.0, 0.0),))
    runs = []
    for _ in range(2):
        fx = Effects(sc)
        interp = Interpolator()
        state_before = np.random.get_state()[1][:5].copy()
        for k in range(30):
            crash = {"outcome": "crashed", "fire_state": "explosion",
                     "fire_start_s": 1.0 + 20 / 30} if k >= 20 else {}
            snap = snapshot(time_s=1.0 + k / 30, stage_at=(0.0, 0.0, 30.0), throttle_norm=1.0,
                            engines_lit=1, rcs_firing=(0.5, 0.0, -0.3), **crash)
            s = interp.blend(snap, snap, 1.0)
            fx.update(s, np.array([100.0, 0.0, 20.0]), np.array([0.0, 0.0, 1.0]), 3.0)
        assert np.array_equal(np.random.get_state()[1][:5], state_before)
        runs.append((fx.glow.pos.copy(), fx.smoke.pos.copy()))
        assert len(fx.glow) > 100 and len(fx.smoke) > 100  # fire, smoke, puffs, spray
        assert fx.fire_level > 0.9 and fx.lights()
    assert np.array_equal(runs[0][0], runs[1][0]) and np.array_equal(runs[0][1], runs[1][1])


def test_a_restart_clears_the_effects_and_a_break_up_hides_the_stage():
    fx = Effects(scene())
    interp = Interpolator()
    for t, outcome in ((5.0, "flying"), (5.1, "broke_up")):
        snap = snapshot(time_s=t, outcome=outcome)
        fx.update(interp.blend(snap, snap, 1.0), np.zeros(3), np.array([0, 0, 1.0]), 3.0)
    assert not fx.stage_visible and len(fx.glow) > 0
    snap = snapshot(time_s=0.0)
    fx.update(interp.blend(snap, snap, 1.0), np.zeros(3), np.array([0, 0, 1.0]), 3.0)
    assert fx.stage_visible and len(fx.glow) == 0 and len(fx.smoke) == 0


def test_overlay_tiles_cover_only_what_is_drawn():
    alpha = np.zeros((180, 320), np.uint8)
    alpha[5:10, 300:310] = 255
    alpha[170, 0] = 1
    quads = tile_quads(alpha, 64)
    assert len(quads) == 12  # two tiles, six vertices each
    xs, ys = quads[:, 0], quads[:, 1]
    assert xs.max() == pytest.approx(1.0) and xs.min() == pytest.approx(-1.0)
    assert tile_quads(np.zeros((10, 10), np.uint8)).shape == (0, 4)
    assert ys.min() == pytest.approx(-1.0) and ys.max() == pytest.approx(1.0)


def test_each_camera_stands_where_its_description_says():
    sc = scene()
    snap = snapshot(stage_at=(30.0, -20.0, 150.0))
    state = Interpolator().blend(snap, snap, 1.0)
    cams = make_cameras()
    centre = np.add(snap.stage_position_m, (0.0, 0.0, 22.0 - 17.0))
    chase = cams["chase"].view(state, sc)
    assert np.linalg.norm(chase.eye_m - centre) == pytest.approx(110.0, abs=0.5)
    assert chase.project_px(centre, 320, 180) == pytest.approx((160.0, 90.0), abs=0.01)
    deck = cams["deck"].view(state, sc)
    local = deck.eye_m - np.array(snap.ship_position_m)
    assert abs(local[0]) < 0.5 * sc.deck_length_m and abs(local[1]) < 0.5 * sc.deck_width_m
    assert local[2] == pytest.approx(4.0)
    onboard = cams["onboard"].view(state, sc)
    axis_distance = np.linalg.norm((onboard.eye_m - snap.stage_position_m)[:2])
    assert 0.5 * sc.stage_diameter_m < axis_distance < 0.5 * sc.stage_diameter_m + 1.0
    assert onboard.rotation[2][2] > 0.9  # looking down (the camera's -z points at the sea)
    orbit = cams["orbit"].view(state, sc)
    assert np.linalg.norm(orbit.eye_m - centre) == pytest.approx(140.0, abs=0.5)
    tracking = cams["tracking"].view(state, sc)
    assert np.hypot(*tracking.eye_m[:2]) == pytest.approx(1486.6, abs=1.0)
    assert tracking.eye_m[2] == pytest.approx(8.0)
