"""Rcs: torque signs, gas budget, empty tank, and the 180 deg flip estimate."""

from __future__ import annotations

import math

import pytest

from game.data.vehicle_schema import RcsSpec
from game.sim.rcs import G0_MPS2, Rcs

DT = 1.0 / 120.0
COM_M = 17.0


def spec(**overrides) -> RcsSpec:
    values = dict(station_m=42.0, thrust_n=1000.0, roll_arm_m=1.8, isp_s=70.0,
                  nitrogen_capacity_kg=500.0)
    values.update(overrides)
    return RcsSpec(**values)


def test_torque_signs_follow_controls_convention():
    rcs = Rcs(spec(), 100.0)
    arm = 42.0 - COM_M
    fx, fy, fz, tx, ty, tz, _ = rcs.update(1.0, 0.0, 0.0, DT, COM_M)
    assert ty == pytest.approx(1000.0 * arm) and tx == 0.0 and tz == 0.0
    assert fz == pytest.approx(-1000.0) and fx == 0.0 and fy == 0.0  # net lateral push
    fx, fy, fz, tx, ty, tz, _ = rcs.update(0.0, -0.5, 0.0, DT, COM_M)
    assert tz == pytest.approx(-500.0 * arm) and ty == 0.0
    assert fy == pytest.approx(-500.0)
    fx, fy, fz, tx, ty, tz, _ = rcs.update(0.0, 0.0, 0.25, DT, COM_M)
    assert tx == pytest.approx(0.25 * 2.0 * 1000.0 * 1.8)
    assert (fx, fy, fz, ty, tz) == (0.0, 0.0, 0.0, 0.0, 0.0)  # pure couple
    assert rcs.firing == (0.0, 0.0, 0.25)
    # Thrusters below the CoM: the right thruster is picked, the sign still follows.
    _, _, _, _, ty, tz, _ = rcs.update(0.3, 0.3, 0.0, DT, 50.0)
    assert ty > 0.0 and tz > 0.0


def test_gas_use_equals_impulse_over_isp_g0():
    rcs = Rcs(spec(), 100.0)
    impulse_ns = 0.0
    flow_total = 0.0
    commands = [(0.4, -0.7, 0.0), (1.0, 1.0, 1.0), (0.0, 0.0, -0.5), (-0.2, 0.0, 0.9)]
    for i in range(1200):
        p, y, r = commands[i % 4]
        _, fy, fz, tx, _, _, flow = rcs.update(p, y, r, DT, COM_M)
        # Thrust of every fired thruster: lateral force for pitch/yaw, 2 |tx| / arm for roll.
        thrust_n = abs(fy) + abs(fz) + abs(tx) / 1.8
        impulse_ns += thrust_n * DT
        flow_total += flow * DT
    used = 100.0 - rcs.nitrogen_kg
    assert used == pytest.approx(impulse_ns / (70.0 * G0_MPS2), rel=1e-9)
    assert flow_total == pytest.approx(used, rel=1e-9)
    assert used > 5.0  # the burn was long enough to matter


def test_empty_gas_gives_zero():
    rcs = Rcs(spec(), 0.0)
    assert rcs.update(1.0, 1.0, 1.0, DT, COM_M) == (0.0,) * 7
    assert rcs.firing == (0.0, 0.0, 0.0)


def test_last_step_uses_what_is_left_and_scales_down():
    full_flow = 4.0 * 1000.0 / (70.0 * G0_MPS2)  # pitch + yaw + roll pair
    left = 0.25 * full_flow * DT
    rcs = Rcs(spec(), left)
    _, fy, fz, tx, _, _, flow = rcs.update(1.0, 1.0, 1.0, DT, COM_M)
    assert rcs.nitrogen_kg == 0.0
    assert flow * DT == pytest.approx(left)
    assert fy == pytest.approx(250.0) and fz == pytest.approx(-250.0)
    assert tx == pytest.approx(0.25 * 2.0 * 1000.0 * 1.8)
    assert rcs.firing == pytest.approx((0.25, 0.25, 0.25))
    assert rcs.update(1.0, 0.0, 0.0, DT, COM_M) == (0.0,) * 7


def test_commands_clamped_to_unit():
    rcs = Rcs(spec(), 10.0)
    _, _, fz, _, _, _, flow = rcs.update(3.0, 0.0, 0.0, DT, COM_M)
    assert fz == pytest.approx(-1000.0)
    assert flow == pytest.approx(1000.0 / (70.0 * G0_MPS2))


def test_180_degree_flip_time():
    """falcon9-data.md: a 180 deg flip in about 30 s needs about 77 kN m on ~5.5e6 kg m^2."""
    inertia = 5.5e6
    rcs = Rcs(spec(thrust_n=3000.0), 500.0)
    com_m = 42.0 - 25.7  # 25.7 m arm: 3 kN x 25.7 m = 77.1 kN m
    torque = rcs.update(1.0, 0.0, 0.0, DT, com_m)[4]
    assert torque == pytest.approx(77.1e3)
    t_closed = 2.0 * math.sqrt(math.pi * inertia / torque)
    assert t_closed == pytest.approx(30.0, abs=1.0)

    # Bang-bang with the module's torque: accelerate to 90 deg, brake to rest.
    rcs = Rcs(spec(thrust_n=3000.0), 500.0)
    angle, rate, t = 0.0, 0.0, 0.0
    while True:
        cmd = 1.0 if angle < math.pi / 2.0 else -1.0
        ty = rcs.update(cmd, 0.0, 0.0, DT, com_m)[4]
        if cmd < 0.0 and rate + ty / inertia * DT <= 0.0:
            break
        rate += ty / inertia * DT
        angle += rate * DT
        t += DT
    assert math.degrees(angle) == pytest.approx(180.0, abs=1.0)
    assert t == pytest.approx(t_closed, abs=0.1)
    gas_kg = 500.0 - rcs.nitrogen_kg
    assert gas_kg == pytest.approx(3000.0 * t_closed / (70.0 * G0_MPS2), rel=0.01)
