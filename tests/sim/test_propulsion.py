"""Propulsion: thrust/Isp/mass flow, ignition and starts, spool, valve lag, gimbal, signs."""

from __future__ import annotations

import math

import numpy as np
import pytest

from game.data.vehicle_schema import EngineSpec
from game.sim.propulsion import G0_MPS2, Propulsion

DT = 1.0 / 120.0
P_SL = 101325.0
COM_M = 17.0


def ft_spec(**overrides) -> EngineSpec:
    """Falcon 9 Full Thrust (Dec 2015) figures: 756/825 kN, 282/311 s, 57 % floor."""
    values = dict(
        count=9,
        thrust_sl_n=756e3,
        thrust_vac_n=825e3,
        isp_sl_s=282.0,
        isp_vac_s=311.0,
        min_throttle_norm=0.57,
        max_throttle_norm=1.0,
        startup_delay_s=0.5,
        spool_up_time_s=1.0,
        shutdown_time_s=0.5,
        throttle_valve_time_constant_s=0.2,
        gimbal_limit_deg=5.0,
        gimbal_rate_limit_degps=15.0,
        gimbal_station_m=2.0,
        outer_ring_radius_m=1.3,
        tea_teb_starts=3,
    )
    values.update(overrides)
    return EngineSpec(**values)


def step(p: Propulsion, on=True, mode=1, throttle=1.0, pitch=0.0, yaw=0.0,
         pressure=P_SL, prop=5000.0, com=COM_M, dt=DT):
    return p.update(on, mode, throttle, pitch, yaw, dt, pressure, prop, com)


def run(p: Propulsion, seconds: float, **kw):
    out = None
    for _ in range(round(seconds / DT)):
        out = step(p, **kw)
    return out


def lit(mode=1, throttle=1.0, pressure=P_SL, **spec_kw) -> Propulsion:
    p = Propulsion(ft_spec(**spec_kw), starts_left=3)
    run(p, 2.0, mode=mode, throttle=throttle, pressure=pressure)
    assert p.state == "running"
    return p


@pytest.mark.parametrize("pressure", [P_SL, 0.0, 0.3 * P_SL, 0.75 * P_SL])
def test_mass_flow_is_thrust_over_isp_g0(pressure):
    p = lit(mode=9, pressure=pressure)
    fx, fy, fz, _, _, _, mdot = step(p, mode=9, pressure=pressure)
    thrust = math.sqrt(fx * fx + fy * fy + fz * fz)
    assert thrust == pytest.approx(p.thrust_n, rel=1e-12)
    assert mdot == pytest.approx(thrust / (p.isp_s * G0_MPS2), rel=1e-12)
    f = pressure / P_SL
    assert p.isp_s == pytest.approx(311.0 + (282.0 - 311.0) * f, rel=1e-12)
    assert thrust == pytest.approx(9 * (825e3 + (756e3 - 825e3) * f), rel=1e-9)


def test_sea_level_and_vacuum_match_the_spec():
    p = lit(mode=1)
    step(p)
    assert p.thrust_n == pytest.approx(756e3, rel=1e-9)
    assert p.isp_s == 282.0
    assert p.mass_flow_kgps == pytest.approx(756e3 / (282.0 * 9.80665), rel=1e-9)
    assert p.mass_flow_kgps == pytest.approx(273.4, abs=0.1)  # falcon9-data.md
    p = lit(mode=1, pressure=0.0)
    step(p, pressure=0.0)
    assert p.thrust_n == pytest.approx(825e3, rel=1e-9)
    assert p.isp_s == 311.0


def test_throttle_floor_makes_hover_impossible_near_empty():
    """One engine at the 57 % floor lifts a 25 t stage: T_min / W = 1.76 > 1."""
    p = lit(mode=1, throttle=0.0)
    rng = np.random.default_rng(3)
    mass_kg, v_mps = 25000.0, 0.0
    for cmd in rng.uniform(-0.5, 1.0, size=1200):  # 10 s of arbitrary commands, even < 0
        fx, *_, mdot = step(p, throttle=float(cmd), prop=mass_kg - 22200.0)
        assert fx / (mass_kg * G0_MPS2) > 1.0
        v_mps += (fx / mass_kg - G0_MPS2) * DT
        mass_kg -= mdot * DT
    assert p.throttle_actual_norm >= 0.57 - 1e-12
    assert v_mps > 10.0 * (0.57 * 756e3 / 25000.0 - G0_MPS2) * 0.9


def test_throttle_clamped_to_max():
    p = lit(mode=1, throttle=1.0, max_throttle_norm=0.9)
    run(p, 2.0, throttle=5.0)
    assert p.throttle_actual_norm == pytest.approx(0.9, rel=1e-9)


def test_starts_are_consumed_and_exhausted():
    p = Propulsion(ft_spec(), starts_left=2)
    for expected_left in (1, 0):
        step(p, on=True)
        assert p.starts_left == expected_left
        assert p.state == "starting"
        run(p, 2.0, on=True)
        assert p.thrust_n > 0.0
        run(p, 1.0, on=False)
        assert p.state == "off" and p.thrust_n == 0.0
    out = run(p, 2.0, on=True)
    assert p.state == "off"
    assert out == (0.0,) * 7
    assert p.starts_left == 0


def test_holding_engine_on_does_not_burn_starts():
    p = Propulsion(ft_spec(), starts_left=3)
    run(p, 3.0, on=True)
    assert p.starts_left == 2
    run(p, 1.0, on=True, prop=0.0)  # flameout with the switch held on
    assert p.state == "off"
    run(p, 1.0, on=True, prop=100.0)  # no relight until the switch is cycled
    assert p.state == "off" and p.starts_left == 2
    step(p, on=False)
    step(p, on=True)
    assert p.state == "starting" and p.starts_left == 1


def test_startup_delay_gives_zero_thrust_then_spool_up():
    p = Propulsion(ft_spec(startup_delay_s=0.5, spool_up_time_s=1.0), starts_left=1)
    t = 0.0
    for _ in range(round(0.5 / DT) - 1):
        out = step(p)
        t += DT
        assert out == (0.0,) * 7
        assert p.state == "starting"
    # Linear spool: half the thrust half-way through the spool-up.
    run(p, 0.5 + DT)
    assert p.thrust_n == pytest.approx(0.5 * 756e3, rel=0.02)
    run(p, 0.6)
    assert p.state == "running"
    assert p.thrust_n == pytest.approx(756e3, rel=1e-9)


def test_shutdown_ramps_down_over_shutdown_time():
    p = lit(mode=1)
    run(p, 0.25, on=False)
    assert p.state == "shutting_down"
    assert p.thrust_n == pytest.approx(0.5 * 756e3, rel=0.02)
    run(p, 0.26, on=False)
    assert p.state == "off" and p.engines_lit == 0


def test_gimbal_never_exceeds_limit_or_rate():
    p = lit(mode=9)
    rng = np.random.default_rng(11)
    limit = math.radians(5.0)
    max_step = math.radians(15.0) * DT
    prev = (p.gimbal_pitch_rad, p.gimbal_yaw_rad)
    hold = 0
    cmd = (0.0, 0.0)
    for _ in range(3000):
        if hold == 0:
            cmd = tuple(rng.uniform(-3.0, 3.0, size=2))
            hold = int(rng.integers(1, 120))
        hold -= 1
        step(p, mode=9, pitch=float(cmd[0]), yaw=float(cmd[1]))
        now = (p.gimbal_pitch_rad, p.gimbal_yaw_rad)
        for a, b in zip(prev, now, strict=True):
            assert abs(b) <= limit + 1e-12
            assert abs(b - a) <= max_step + 1e-12
        prev = now
    run(p, 1.0, mode=9, pitch=1.0, yaw=-1.0)  # holds the full command at the limit
    assert p.gimbal_pitch_rad == pytest.approx(limit)
    assert p.gimbal_yaw_rad == pytest.approx(-limit)


def test_valve_follows_first_order_closed_form():
    tau = 0.2
    p = lit(mode=1, throttle=0.6, throttle_valve_time_constant_s=tau)
    assert p.throttle_actual_norm == pytest.approx(0.6, abs=1e-9)
    t = 0.0
    for _ in range(120):
        step(p, throttle=1.0)
        t += DT
        expected = 0.6 + 0.4 * (1.0 - math.exp(-t / tau))
        assert p.throttle_actual_norm == pytest.approx(expected, rel=1e-9)
        assert p.thrust_n == pytest.approx(expected * 756e3, rel=1e-9)


def test_longer_fault_time_constant_slows_the_valve():
    fast = lit(mode=1, throttle=0.6)
    slow = lit(mode=1, throttle=0.6)
    slow.set_valve_time_constant(1.0)
    run(fast, 0.2, throttle=1.0)
    run(slow, 0.2, throttle=1.0)
    assert fast.throttle_actual_norm == pytest.approx(0.6 + 0.4 * (1 - math.exp(-1.0)))
    assert slow.throttle_actual_norm == pytest.approx(0.6 + 0.4 * (1 - math.exp(-0.2)))
    with pytest.raises(ValueError):
        slow.set_valve_time_constant(0.0)


def test_torque_signs_and_magnitudes():
    limit = math.radians(5.0)
    arm = COM_M - 2.0
    p = lit(mode=1)
    fx, fy, fz, tx, ty, tz, _ = run(p, 1.0, pitch=1.0)
    assert ty > 0.0 and fz > 0.0
    assert ty == pytest.approx(756e3 * math.sin(limit) * arm, rel=1e-9)
    assert tz == pytest.approx(0.0, abs=1e-6) and tx == 0.0
    assert fx == pytest.approx(756e3 * math.cos(limit), rel=1e-9)
    fx, fy, fz, tx, ty, tz, _ = run(p, 1.0, pitch=0.0, yaw=1.0)
    assert tz > 0.0 and fy < 0.0
    assert tz == pytest.approx(756e3 * math.sin(limit) * arm, rel=1e-9)
    assert ty == pytest.approx(0.0, abs=1e-6)
    _, _, _, _, ty, tz, _ = run(p, 1.0, pitch=-0.5, yaw=-0.5)
    assert ty < 0.0 and tz < 0.0


def test_mode_is_latched_at_ignition():
    p = lit(mode=1)
    run(p, 1.0, mode=9)
    assert p.engines_lit == 1
    assert p.thrust_n == pytest.approx(756e3, rel=1e-9)
    run(p, 1.0, on=False, mode=9)
    run(p, 3.0, on=True, mode=9)
    assert p.engines_lit == 9
    assert p.thrust_n == pytest.approx(9 * 756e3, rel=1e-9)
    run(p, 1.0, on=False)
    run(p, 3.0, on=True, mode=3)
    assert p.engines_lit == 3
    assert p.thrust_n == pytest.approx(3 * 756e3, rel=1e-9)


def test_flameout_at_zero_propellant():
    p = lit(mode=3)
    out = step(p, mode=3, prop=0.0)
    assert out == (0.0,) * 7
    assert p.state == "off" and p.engines_lit == 0 and p.thrust_n == 0.0
    # No ignition attempt with empty tanks, and no start used.
    left = p.starts_left
    step(p, on=False, prop=0.0)
    step(p, on=True, prop=0.0)
    assert p.state == "off" and p.starts_left == left


def test_failed_start_consumes_the_start():
    p = Propulsion(ft_spec(), starts_left=3)
    p.fail_engine_start()
    run(p, 2.0, on=True)
    assert p.state == "off" and p.starts_left == 2 and p.last_start_failed
    step(p, on=False)
    run(p, 2.0, on=True)
    assert p.state == "running" and p.starts_left == 1


def test_start_running_uses_no_start():
    p = Propulsion(ft_spec(), starts_left=1)
    p.start_running(engine_mode=3, throttle_norm=0.8)
    fx, *_ = step(p, mode=3, throttle=0.8)
    assert p.starts_left == 1 and p.engines_lit == 3
    assert fx == pytest.approx(3 * 0.8 * 756e3, rel=1e-9)
