"""The human pilot: input frames in, the same Controls the autopilot makes out."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from game.data.level_schema import LevelSpec
from game.data.loader import Level, load_vehicle
from game.pilots.base import Pilot, blend
from game.pilots.human import HumanConfig, HumanPilot, PilotInput
from game.sim.controls import Controls
from game.sim.world import World

DT = 1.0 / 120.0
UPRIGHT_IN_VACUUM = {
    "level": {"title": "upright, above the air", "vehicle": "falcon9_ft", "seed": 1},
    "start": {
        "phase": "landing_burn", "altitude_m": 150_000.0, "vertical_speed_mps": 0.0,
        "horizontal_speed_mps": 0.0, "horizontal_offset_m": 0.0, "attitude": "vertical",
        "propellant_kg": 8000.0, "nitrogen_kg": 300.0, "hydraulic_fluid_kg": 30.0,
        "engine_starts_left": 3,
    },
}


def upright_world(roll_deg: float = 0.0) -> World:
    data = {**UPRIGHT_IN_VACUUM, "start": {**UPRIGHT_IN_VACUUM["start"], "roll_deg": roll_deg}}
    spec = LevelSpec.model_validate(data)
    level = Level("upright", Path("upright.toml"), spec, load_vehicle("falcon9_ft"))
    world = World()
    world.reset(level)
    return world


def test_it_is_a_pilot_and_answers_controls():
    pilot = HumanPilot()
    assert isinstance(pilot, Pilot)
    world = upright_world()
    assert isinstance(pilot.command(world.observe(), DT), Controls)


def test_held_throttle_key_moves_the_throttle_at_its_rate_per_second():
    pilot = HumanPilot(HumanConfig(throttle_rate_per_s=0.5))
    obs = upright_world().observe()
    pilot.set_input(PilotInput(presses=("throttle_cut",)))
    assert pilot.command(obs, DT).throttle_norm == 0.0
    pilot.set_input(PilotInput(throttle_rate=1.0))
    for _ in range(120):  # one second of steps
        controls = pilot.command(obs, DT)
    assert controls.throttle_norm == pytest.approx(0.5)
    pilot.set_input(PilotInput(throttle_rate=-1.0))
    for _ in range(240):
        controls = pilot.command(obs, DT)
    assert controls.throttle_norm == 0.0  # clamped at the bottom


def test_presses_act_once_however_many_steps_the_frame_runs():
    pilot = HumanPilot()
    obs = upright_world().observe()
    pilot.set_input(PilotInput(presses=("engine_toggle", "engine_mode")))
    first = pilot.command(obs, DT)
    for _ in range(10):
        later = pilot.command(obs, DT)
    assert first.engine_on and later.engine_on
    assert first.engine_mode == later.engine_mode == 3
    pilot.set_input(PilotInput(presses=("engine_mode_9", "legs", "fins")))
    c = pilot.command(obs, DT)
    assert (c.engine_mode, c.legs_deploy, c.fins_deploy) == (9, True, True)


def test_a_lever_sets_the_throttle_once_then_keys_take_it_from_there():
    pilot = HumanPilot(HumanConfig(throttle_rate_per_s=0.6))
    obs = upright_world().observe()
    pilot.set_input(PilotInput(throttle_set=0.7))
    assert pilot.command(obs, DT).throttle_norm == pytest.approx(0.7)
    pilot.set_input(PilotInput(throttle_rate=-1.0))
    assert pilot.command(obs, DT).throttle_norm == pytest.approx(0.7 - 0.6 * DT)


def test_engage_carries_the_previous_pilots_switches_and_throttle():
    pilot = HumanPilot()
    last = Controls(throttle_norm=0.63, engine_mode=3, engine_on=True, legs_deploy=True,
                    fins_deploy=True, gimbal_pitch_norm=0.4)
    pilot.engage(upright_world().observe(), last)
    c = pilot.command(upright_world().observe(), DT)
    assert (c.throttle_norm, c.engine_mode, c.engine_on, c.legs_deploy, c.fins_deploy) == (
        0.63, 3, True, True, True)


def test_blend_moves_continuous_commands_only():
    old = Controls(throttle_norm=0.2, gimbal_pitch_norm=1.0, engine_on=True)
    new = Controls(throttle_norm=0.6, gimbal_pitch_norm=-1.0, engine_on=False)
    half = blend(old, new, 0.5)
    assert half.throttle_norm == pytest.approx(0.4)
    assert half.gimbal_pitch_norm == pytest.approx(0.0)
    assert half.engine_on is False


def _tilt_direction_after(pilot: HumanPilot, frame_input: PilotInput, roll_deg: float,
                          seconds: float = 3.0):
    world = upright_world(roll_deg)
    obs = world.observe()
    pilot.set_input(frame_input)
    for _ in range(round(seconds / world.dt_s)):
        obs = world.step(pilot.command(obs, world.dt_s)).observation
    east, north, _ = obs.axis_world
    return east, north, obs


@pytest.mark.parametrize("roll_deg", [0.0, 70.0, -135.0])
def test_map_mode_tilts_the_top_toward_the_map_direction_whatever_the_roll(roll_deg):
    """RCS only (engines off, still air): pitch + tilts the top east, yaw + north."""
    east, north, _ = _tilt_direction_after(HumanPilot(), PilotInput(pitch=1.0), roll_deg)
    assert east > 0.01 and abs(north) < 0.2 * east
    east, north, _ = _tilt_direction_after(HumanPilot(), PilotInput(yaw=1.0), roll_deg)
    assert north > 0.01 and abs(east) < 0.2 * north


def test_rate_hold_stops_the_turn_when_the_stick_is_released():
    pilot = HumanPilot(HumanConfig(assist=True, assist_max_rate_degps=2.0))
    world = upright_world()
    obs = world.observe()
    pilot.set_input(PilotInput(pitch=1.0))
    for _ in range(1200):
        obs = world.step(pilot.command(obs, DT)).observation
    turning = math.degrees(math.hypot(*obs.omega_body_radps))
    assert turning == pytest.approx(2.0, abs=0.3)  # the stick asks for a rate
    pilot.set_input(PilotInput())
    for _ in range(1500):  # RCS alone turns a stage slowly: 12.5 s to stop
        obs = world.step(pilot.command(obs, DT)).observation
    assert math.degrees(math.hypot(*obs.omega_body_radps)) < 0.25


def test_rcs_can_be_switched_off_and_has_a_dead_band():
    pilot = HumanPilot()
    obs = upright_world().observe()
    pilot.set_input(PilotInput(pitch=0.005))
    c = pilot.command(obs, DT)
    assert c.rcs_pitch_norm == 0.0  # under the dead band
    pilot.set_input(PilotInput(pitch=1.0, presses=("rcs_toggle",)))
    c = pilot.command(obs, DT)
    assert c.rcs_pitch_norm == 0.0 and c.rcs_yaw_norm == 0.0 and c.fin_pitch_norm != 0.0


def test_engage_drops_a_lever_position_seen_before_the_take_over():
    pilot = HumanPilot()
    obs = upright_world().observe()
    pilot.set_input(PilotInput(throttle_set=0.2))  # the lever moved while the autopilot flew
    pilot.engage(obs, Controls(throttle_norm=0.7, engine_on=True))
    assert pilot.command(obs, DT).throttle_norm == pytest.approx(0.7)
