"""Body aerodynamics: scaling with q, drag direction, static stability, terminal speed."""

from __future__ import annotations

import math

import pytest

from game.data.vehicle_schema import AeroSpec
from game.sim.aero import BodyAero, interp1

AREA_M2 = 10.0
COM_STATION_M = 17.0


def make_spec(ca=1.0, cn=0.0, cp=20.0) -> AeroSpec:
    """Constant coefficients over alpha 0..180 deg and Mach 0..3."""
    rows = 3
    return AeroSpec(
        mach=[0.0, 1.0, 3.0],
        alpha_deg=[0.0, 90.0, 180.0],
        axial_coefficient=[[ca] * 3 for _ in range(rows)],
        normal_coefficient=[[cn] * 3 for _ in range(rows)],
        center_of_pressure_station_m=[[cp] * 3 for _ in range(rows)],
    )


def varied_spec() -> AeroSpec:
    return AeroSpec(
        mach=[0.5, 1.5],
        alpha_deg=[0.0, 180.0],
        axial_coefficient=[[0.4, 0.8], [1.0, 1.6]],
        normal_coefficient=[[0.0, 0.0], [2.0, 4.0]],
        center_of_pressure_station_m=[[10.0, 12.0], [30.0, 34.0]],
    )


def angle_of_attack_deg(vx, vy, vz) -> float:
    return math.degrees(math.atan2(math.hypot(vy, vz), vx))


def test_pure_axial_force_is_q_s_ca_and_telemetry_is_stored():
    aero = BodyAero(make_spec(ca=1.3, cn=0.5), AREA_M2)
    fx, fy, fz, tx, ty, tz = aero.forces(-200.0, 0.0, 0.0, 0.5, 300.0, COM_STATION_M)
    q = 0.5 * 0.5 * 200.0**2
    assert fx == pytest.approx(q * AREA_M2 * 1.3)
    assert (fy, fz, tx, ty, tz) == (0.0, 0.0, 0.0, 0.0, 0.0)
    assert aero.dynamic_pressure_pa == pytest.approx(q)
    assert aero.mach == pytest.approx(200.0 / 300.0)
    assert aero.alpha_deg == pytest.approx(180.0)


def test_forces_scale_with_dynamic_pressure():
    aero = BodyAero(varied_spec(), AREA_M2)
    v = (-150.0, 40.0, -25.0)
    base = aero.forces(*v, 0.4, 300.0, COM_STATION_M)
    double_rho = aero.forces(*v, 0.8, 300.0, COM_STATION_M)
    for a, b in zip(base, double_rho, strict=True):
        assert b == pytest.approx(2.0 * a)
    # Twice the speed at the same Mach (speed of sound doubled too): four times the force.
    fast = aero.forces(*(2.0 * c for c in v), 0.4, 600.0, COM_STATION_M)
    for a, b in zip(base, fast, strict=True):
        assert b == pytest.approx(4.0 * a)
    assert any(abs(c) > 0.0 for c in base)


@pytest.mark.parametrize("direction", [1.0, -1.0])
def test_axial_drag_opposes_motion_in_both_flight_directions(direction):
    aero = BodyAero(make_spec(ca=0.9), AREA_M2)
    fx, *_ = aero.forces(direction * 100.0, 0.0, 0.0, 1.0, 340.0, COM_STATION_M)
    assert fx * direction < 0.0
    assert abs(fx) == pytest.approx(0.5 * 100.0**2 * AREA_M2 * 0.9)


@pytest.mark.parametrize(
    "v", [(80.0, 30.0, -10.0), (-80.0, 30.0, 10.0), (-10.0, -50.0, 60.0), (5.0, 0.0, -90.0)]
)
def test_total_force_does_negative_work(v):
    aero = BodyAero(make_spec(ca=1.0, cn=1.5), AREA_M2)
    fx, fy, fz, *_ = aero.forces(*v, 1.0, 340.0, COM_STATION_M)
    assert fx * v[0] + fy * v[1] + fz * v[2] < 0.0
    # The normal force lies in the cross-flow plane, opposite the transverse velocity.
    assert fy * v[1] <= 0.0 and fz * v[2] <= 0.0
    assert math.hypot(fy, fz) == pytest.approx(0.5 * (v[0] ** 2 + v[1] ** 2 + v[2] ** 2)
                                               * AREA_M2 * 1.5)


def _rotate_small(v, axis, angle):
    """The body-frame velocity after the body turns by a small angle about a body axis."""
    ax, ay, az = axis
    vx, vy, vz = v
    # v_new = v - angle * (axis x v)
    cx, cy, cz = ay * vz - az * vy, az * vx - ax * vz, ax * vy - ay * vx
    return (vx - angle * cx, vy - angle * cy, vz - angle * cz)


@pytest.mark.parametrize(
    "v", [(-200.0, 20.0, 0.0), (-200.0, 0.0, -20.0), (-200.0, -15.0, 12.0)]
)
def test_engines_first_with_cp_above_com_is_statically_stable(v):
    aero = BodyAero(make_spec(ca=1.0, cn=2.0, cp=COM_STATION_M + 5.0), AREA_M2)
    *_, tx, ty, tz = aero.forces(*v, 1.0, 340.0, COM_STATION_M)
    torque = math.sqrt(tx * tx + ty * ty + tz * tz)
    assert torque > 0.0
    turned = _rotate_small(v, (tx / torque, ty / torque, tz / torque), 1e-3)
    before = 180.0 - angle_of_attack_deg(*v)
    after = 180.0 - angle_of_attack_deg(*turned)
    assert after < before  # the torque turns the engines back into the wind


def test_nose_first_with_cp_above_com_is_unstable():
    aero = BodyAero(make_spec(ca=1.0, cn=2.0, cp=COM_STATION_M + 5.0), AREA_M2)
    v = (200.0, 20.0, 0.0)
    *_, tz = aero.forces(*v, 1.0, 340.0, COM_STATION_M)
    turned = _rotate_small(v, (0.0, 0.0, math.copysign(1.0, tz)), 1e-3)
    assert angle_of_attack_deg(*turned) > angle_of_attack_deg(*v)


def test_zero_velocity_or_density_gives_zero_force():
    aero = BodyAero(make_spec(ca=1.0, cn=2.0), AREA_M2)
    assert aero.forces(0.0, 0.0, 0.0, 1.2, 340.0, COM_STATION_M) == (0.0,) * 6
    assert aero.dynamic_pressure_pa == 0.0 and aero.mach == 0.0
    assert aero.forces(-100.0, 3.0, 0.0, 0.0, 340.0, COM_STATION_M) == (0.0,) * 6
    assert aero.forces(-100.0, 3.0, 0.0, 1e-9, 0.0, COM_STATION_M)[0] > 0.0  # no 1/0


def test_terminal_speed_matches_closed_form():
    mass_kg, g, rho, c_a = 2000.0, 9.80665, 1.2, 0.8
    aero = BodyAero(make_spec(ca=c_a), AREA_M2)
    v, dt = 0.0, 0.01  # vertical velocity (up +); body x is up, falling engines first
    for _ in range(10_000):
        fx, *_ = aero.forces(v, 0.0, 0.0, rho, 340.0, COM_STATION_M)
        v += (fx / mass_kg - g) * dt
    expected = math.sqrt(2.0 * mass_kg * g / (rho * AREA_M2 * c_a))
    assert -v == pytest.approx(expected, rel=1e-3)


def test_bilinear_interpolation_and_clamping():
    aero = BodyAero(varied_spec(), AREA_M2)
    # alpha 90 (broadside), Mach 1.0: halfway on both axes.
    aero.forces(0.0, 300.0, 0.0, 1.0, 300.0, COM_STATION_M)
    assert aero.axial_coefficient == pytest.approx((0.4 + 0.8 + 1.0 + 1.6) / 4)
    assert aero.normal_coefficient == pytest.approx((2.0 + 4.0) / 4)
    assert aero.cp_station_m == pytest.approx((10.0 + 12.0 + 30.0 + 34.0) / 4)
    # Mach 5 (beyond the table) clamps to Mach 1.5; alpha 180.
    aero.forces(-1500.0, 0.0, 0.0, 1.0, 300.0, COM_STATION_M)
    assert aero.axial_coefficient == pytest.approx(1.6)
    assert interp1([0.0, 1.0], [2.0, 4.0], -1.0) == 2.0
    assert interp1([0.0, 1.0], [2.0, 4.0], 0.25) == pytest.approx(2.5)
    assert interp1([3.0], [7.0], 10.0) == 7.0
