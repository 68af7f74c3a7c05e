"""Grid fins: control-torque signs, hydraulic budget, rate limit, deployment and forces."""

from __future__ import annotations

import math

import numpy as np
import pytest

from game.data.vehicle_schema import GridFinSpec
from game.sim.gridfins import GridFins

DT = 1.0 / 120.0
COM = 17.0
RADIUS = 2.5
ENGINES_FIRST = (-150.0, 0.0, 0.0)
NOSE_FIRST = (150.0, 0.0, 0.0)


def make_spec(**overrides) -> GridFinSpec:
    values = dict(
        count=4,
        station_m=42.0,
        area_m2=1.8,
        normal_force_slope_per_rad=2.0,
        drag_coefficient=1.0,
        effectiveness_mach=[0.0, 1.0, 2.0],
        effectiveness=[1.0, 0.5, 1.0],
        deflection_limit_deg=20.0,
        rate_limit_degps=40.0,
        deploy_time_s=2.0,
        hydraulic_fluid_capacity_kg=30.0,
        fluid_per_deploy_kg=1.0,
        fluid_per_rad_kg=0.5,
        fluid_leak_kgps=0.0,
    )
    values.update(overrides)
    return GridFinSpec(**values)


def settled(pitch=0.0, yaw=0.0, roll=0.0, fluid=30.0, **overrides) -> GridFins:
    fins = GridFins(make_spec(**overrides), fluid, True, RADIUS)
    for _ in range(240):
        fins.update(pitch, yaw, roll, True, DT)
    return fins


def wrench(fins, v, rho=0.5, a=340.0):
    return fins.forces(*v, rho, a, COM)


@pytest.mark.parametrize(("command", "axis"), [((1, 0, 0), 4), ((0, 1, 0), 5), ((0, 0, 1), 3)])
def test_command_signs_engines_first(command, axis):
    fins = settled(*command)
    w = wrench(fins, ENGINES_FIRST)
    assert w[axis] > 0.0
    others = [abs(w[i]) for i in (3, 4, 5) if i != axis]
    assert max(others) < 1e-9 * abs(w[axis])
    # The opposite command gives the opposite torque.
    w_neg = wrench(settled(*(-c for c in command)), ENGINES_FIRST)
    assert w_neg[axis] == pytest.approx(-w[axis])


def test_nose_first_flow_reverses_the_pitch_torque():
    fins = settled(pitch=1.0)
    assert wrench(fins, ENGINES_FIRST)[4] > 0.0
    assert wrench(fins, NOSE_FIRST)[4] == pytest.approx(-wrench(fins, ENGINES_FIRST)[4])


def test_pitch_torque_magnitude_matches_hand_calculation():
    fins = settled(pitch=1.0)
    limit = math.radians(20.0)
    assert fins.deflection_rad == pytest.approx([-limit, limit, limit, -limit])
    rho, v = 0.5, 150.0
    mach = v / 340.0
    eta = 1.0 - 0.5 * mach  # effectiveness table, linear between Mach 0 and 1
    fn = 0.5 * rho * v * v * 1.8 * 2.0 * math.sin(limit) * eta
    # Each fin's tangential force fn acts at arm dx; its pitch share is dx |cos 45|.
    expected = 4.0 * fn * (42.0 - COM) * math.cos(math.radians(45.0))
    assert wrench(fins, ENGINES_FIRST, rho=rho)[4] == pytest.approx(expected)


def test_drag_along_the_flow_and_stowed_fins_give_nothing():
    fins = settled()
    fx, fy, fz, tx, ty, tz = wrench(fins, ENGINES_FIRST)
    assert fx == pytest.approx(4.0 * 1.0 * 0.5 * 0.5 * 150.0**2 * 1.8)
    assert max(abs(fy), abs(fz), abs(tx), abs(ty), abs(tz)) < 1e-6
    stowed = GridFins(make_spec(), 30.0, False, RADIUS)
    for _ in range(50):
        stowed.update(1.0, -1.0, 0.5, False, DT)
    assert stowed.deploy_fraction == 0.0
    assert stowed.deflection_rad == [0.0] * 4
    assert wrench(stowed, (-150.0, 20.0, -5.0)) == (0.0,) * 6


def test_forces_scale_with_dynamic_pressure():
    fins = settled(pitch=0.4, yaw=-0.3, roll=0.2)
    v = (-120.0, 15.0, -8.0)
    base = wrench(fins, v, rho=0.4)
    doubled = wrench(fins, v, rho=0.8)
    assert doubled == pytest.approx(tuple(2.0 * c for c in base))
    faster = wrench(fins, tuple(2.0 * c for c in v), rho=0.4, a=680.0)  # same Mach
    assert faster == pytest.approx(tuple(4.0 * c for c in base))


def test_deploys_over_deploy_time_one_way_and_spends_deploy_fluid():
    fins = GridFins(make_spec(fluid_per_rad_kg=0.0), 10.0, False, RADIUS)
    fins.update(0.0, 0.0, 0.0, True, DT)
    for _ in range(round(1.0 / DT) - 1):
        fins.update(0.0, 0.0, 0.0, False, DT)  # one request is enough
    assert fins.deploy_fraction == pytest.approx(0.5)
    assert fins.fluid_kg == pytest.approx(10.0 - 0.5)
    for _ in range(200):
        fins.update(0.0, 0.0, 0.0, False, DT)
    assert fins.deploy_fraction == 1.0
    assert fins.fluid_kg == pytest.approx(9.0)


def test_null_leakage_drains_a_still_set_from_the_deploy_command_on():
    """Servo-valve leakage: the supply opens with the deploy command; fins that never move
    still spend ``fluid_leak_kgps`` and run dry at (fluid - deploy cost) / leak; a stowed set
    that was never asked to deploy keeps all its fluid."""
    stowed = GridFins(make_spec(fluid_leak_kgps=0.05), 10.0, False, RADIUS)
    for _ in range(round(10.0 / DT)):
        stowed.update(0.0, 0.0, 0.0, False, DT)
    assert stowed.fluid_kg == 10.0
    fins = GridFins(make_spec(fluid_leak_kgps=0.05), 10.0, False, RADIUS)
    for _ in range(round(60.0 / DT)):
        fins.update(0.0, 0.0, 0.0, True, DT)
    assert fins.deflection_rad == [0.0] * 4
    assert fins.fluid_used_kg == pytest.approx(1.0 + 0.05 * 60.0, rel=1e-9)
    dry_s = (10.0 - 1.0) / 0.05
    for _ in range(round((dry_s - 60.0) / DT) - 2):
        fins.update(0.0, 0.0, 0.0, True, DT)
    assert not fins.frozen
    for _ in range(4):
        fins.update(0.0, 0.0, 0.0, True, DT)
    assert fins.frozen and fins.fluid_used_kg == pytest.approx(10.0)


def test_rate_limit_and_deflection_limit_every_step_and_fluid_matches_travel():
    fins = GridFins(make_spec(fluid_per_deploy_kg=0.0), 1000.0, True, RADIUS)
    rng = np.random.default_rng(7)
    max_step = math.radians(40.0) * DT
    travel = 0.0
    for _ in range(600):
        before = list(fins.deflection_rad)
        pitch, yaw, roll = rng.uniform(-1.0, 1.0, 3)
        fins.update(float(pitch), float(yaw), float(roll), True, DT)
        for old, new in zip(before, fins.deflection_rad, strict=True):
            assert abs(new - old) <= max_step * (1.0 + 1e-12)
            assert abs(new) <= math.radians(20.0) * (1.0 + 1e-12)
            travel += abs(new - old)
    assert travel > 1.0
    assert 1000.0 - fins.fluid_kg == pytest.approx(travel * 0.5, rel=1e-9)


def test_fins_freeze_where_they_are_when_fluid_runs_out():
    fluid = 0.5 * math.radians(10.0)  # enough for 10 deg of total travel (all fins)
    fins = GridFins(make_spec(fluid_per_deploy_kg=0.0), fluid, True, RADIUS)
    for _ in range(120):
        fins.update(1.0, 0.0, 0.0, True, DT)
    assert fins.frozen and fins.fluid_kg == 0.0
    stuck = list(fins.deflection_rad)
    # Mid-travel: each fin moved 2.5 deg of its 20 deg toward the target, then stopped.
    assert [abs(d) for d in stuck] == pytest.approx([math.radians(2.5)] * 4)
    for _ in range(120):
        fins.update(-1.0, 1.0, -1.0, True, DT)
    assert fins.deflection_rad == stuck
    fins.set_fluid_kg(1.0)
    assert not fins.frozen
    fins.update(-1.0, 0.0, 0.0, True, DT)
    assert fins.deflection_rad != stuck


def test_empty_fluid_stops_deployment_too():
    fins = GridFins(make_spec(fluid_per_deploy_kg=2.0), 0.5, False, RADIUS)
    for _ in range(600):
        fins.update(0.0, 0.0, 0.0, True, DT)
    assert fins.frozen
    assert fins.deploy_fraction == pytest.approx(0.25)


def test_deployed_fins_weathervane_the_stage_engines_first():
    fins = settled()
    # Drifting sideways (+y) while falling engines first: the fins above the CoM are pushed
    # toward -y, a torque about -z that turns the engines back into the wind.
    *_, tz = wrench(fins, (-150.0, 10.0, 0.0))
    assert tz < 0.0
