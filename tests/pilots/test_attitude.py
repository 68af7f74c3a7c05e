"""The attitude controller against the World: each actuator turns the stage the right way.

Sign conventions come from game/sim/controls.py; a mistake there turns a loop into positive
feedback, which these closed-loop tests catch (the stage would tumble instead of settling).
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from game.data.level_schema import LevelSpec
from game.data.loader import Level, load_vehicle
from game.pilots.autopilot.attitude import AttitudeController, AttitudeGains, pointing_error_body
from game.pilots.autopilot.vehicle import VehicleModel
from game.sim.controls import Controls
from game.sim.rigid_body import quat_from_axis_angle, quat_rotate
from game.sim.world import World


def level(start: dict, weather: dict | None = None) -> Level:
    data = {"level": {"title": "attitude test", "vehicle": "falcon9_ft", "seed": 3},
            "start": {"propellant_kg": 8000.0, "nitrogen_kg": 200.0,
                      "hydraulic_fluid_kg": 40.0, "engine_starts_left": 3, **start},
            "weather": weather or {"wind_speed_mps": 0.0},
            "sea": {"significant_wave_height_m": 0.0}}
    spec = LevelSpec.model_validate(data)
    return Level("attitude", Path("attitude.toml"), spec, load_vehicle("falcon9_ft"))


def hold(lv: Level, direction, seconds: float, gains: AttitudeGains, *, engine: bool = False,
         fins: bool = True, rcs: bool = True):
    world = World()
    obs = world.reset(lv)
    att = AttitudeController(VehicleModel(lv.vehicle), gains)
    errors = []
    while obs.time_s < seconds:
        c = Controls(engine_on=engine, engine_mode=1, throttle_norm=0.7, fins_deploy=True)
        att.command(obs, direction, c, world.dt_s, fins=fins, rcs=rcs)
        result = world.step(c)
        obs = result.observation
        errors.append(math.degrees(att.last_error_rad))
        assert not result.done, world.reason
    return obs, errors


def lean_window(lv: Level, lean_rad: float, gains: AttitudeGains, throttle_norm: float,
                from_s: float, to_s: float) -> list:
    """Hold a lean toward +x with the engine burning; the observations from ``from_s`` to
    ``to_s``."""
    world = World()
    obs = world.reset(lv)
    att = AttitudeController(VehicleModel(lv.vehicle), gains)
    window = []
    while obs.time_s < to_s:
        c = Controls(engine_on=True, engine_mode=1, throttle_norm=throttle_norm,
                     fins_deploy=True)
        att.command(obs, (math.sin(lean_rad), 0.0, math.cos(lean_rad)), c, world.dt_s)
        obs = world.step(c).observation
        if obs.time_s >= from_s:
            window.append(obs)
    return window


def test_pointing_error_is_the_rotation_that_takes_the_axis_onto_the_target():
    q = quat_from_axis_angle(0.3, -0.2, 0.9, 1.1)
    target = (0.2, -0.5, 0.84)
    ey, ez, angle = pointing_error_body(q, target)
    n = math.sqrt(sum(t * t for t in target))
    # Rotating body +x about body (0, ey, ez) by its norm lands on the target.
    turn = quat_from_axis_angle(0.0, ey, ez, math.hypot(ey, ez))
    axis_body = quat_rotate(turn, 1.0, 0.0, 0.0)
    axis_local = quat_rotate(q, *axis_body)
    assert axis_local == pytest.approx(tuple(t / n for t in target), abs=1e-9)
    assert angle == pytest.approx(math.hypot(ey, ez))


def test_nitrogen_thrusters_turn_the_stage_in_vacuum():
    """Above the air only the RCS can turn the stage: a 60 deg turn (about both transverse
    axes at once) settles within 1 deg."""
    lv = level({"phase": "coast", "altitude_m": 150_000.0, "speed_mps": 500.0,
                "flight_path_angle_deg": 0.0, "heading_deg": 90.0, "range_to_ship_m": 1e5,
                "attitude": "vertical"})
    s60 = math.sin(math.radians(60.0))
    target = (0.6 * s60, 0.8 * s60, math.cos(math.radians(60.0)))
    obs, errors = hold(lv, target, 60.0, AttitudeGains(0.5, 1.0, 0.09, 0.5))
    assert errors[0] == pytest.approx(60.0, abs=1.0)
    assert max(errors[-600:]) < 1.0
    assert obs.nitrogen_kg < 200.0  # it used gas
    assert math.degrees(math.sqrt(sum(w * w for w in obs.omega_body_radps))) < 0.3


def test_the_engine_gimbal_holds_a_lean_during_a_burn():
    """Powered, low speed: the gimbal alone (no fins, no RCS) leans the stage 5 deg."""
    lv = level({"phase": "landing_burn", "altitude_m": 2500.0, "vertical_speed_mps": -40.0,
                "horizontal_speed_mps": 0.0, "horizontal_offset_m": 0.0,
                "attitude": "vertical", "grid_fins": "deployed"})
    target = (math.sin(math.radians(5.0)), 0.0, math.cos(math.radians(5.0)))
    _, errors = hold(lv, target, 8.0, AttitudeGains(1.5, 0.9, 0.12), engine=True, fins=False,
                     rcs=False)
    assert max(errors[-240:]) < 0.5


def test_grid_fins_hold_a_lean_in_the_descent():
    """Unpowered, fast, in thick air: the fins lean the stage 6 deg off the airflow."""
    lv = level({"phase": "landing_burn", "altitude_m": 8000.0, "vertical_speed_mps": -300.0,
                "horizontal_speed_mps": 0.0, "horizontal_offset_m": 0.0,
                "attitude": "vertical", "grid_fins": "deployed"})
    target = (math.sin(math.radians(6.0)), 0.0, math.cos(math.radians(6.0)))
    obs, errors = hold(lv, target, 6.0, AttitudeGains(1.0, 0.9, 0.15), rcs=False)
    assert max(errors[-120:]) < 1.5
    assert obs.hydraulic_fluid_kg < 40.0


def test_a_lean_steers_the_way_the_vehicle_model_says(tmp_path):
    """Steady leans of +/- 3 deg at two dynamic pressures: the measured sideways acceleration
    matches VehicleModel.lateral_gain (the small-angle, still-air gain of
    game/pilots/autopilot/lean_model.py)."""
    vehicle = VehicleModel(load_vehicle("falcon9_ft"))
    for sink, tolerance in ((60.0, 0.3), (170.0, 0.3)):
        accel = []
        for sign in (1.0, -1.0):
            lv = level({"phase": "landing_burn", "altitude_m": 4000.0,
                        "vertical_speed_mps": -sink, "horizontal_speed_mps": 0.0,
                        "horizontal_offset_m": 0.0, "attitude": "vertical",
                        "grid_fins": "deployed", "propellant_kg": 3000.0})
            window = lean_window(lv, math.radians(3.0) * sign, AttitudeGains(1.5, 0.9, 0.15),
                                 0.75, 3.0, 4.0)
            first, last = window[0], window[-1]
            accel.append(((last.velocity_rel_deck_mps[0] - first.velocity_rel_deck_mps[0])
                          / (last.time_s - first.time_s), first))
        measured = 0.5 * (accel[0][0] - accel[1][0]) / math.radians(3.0)
        o = accel[0][1]
        model = vehicle.lateral_gain(o.dynamic_pressure_pa, o.mach, o.thrust_n, o.mass_kg)
        assert measured == pytest.approx(model, abs=tolerance * o.thrust_n / o.mass_kg)
