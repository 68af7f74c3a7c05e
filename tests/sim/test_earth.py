"""The spherical Earth: gravity, altitude, horizon drop and the start-state geometry."""

from __future__ import annotations

import math

import numpy as np
import pytest

from game.sim import earth
from game.sim.earth import (
    EARTH_MU_M3PS2,
    EARTH_RADIUS_M,
    altitude_m,
    early_start_state,
    enu_basis,
    flat_horizon_drop_m,
    gravity_world_mps2,
    ground_distance_m,
    late_start_state,
    local_up,
)

R = EARTH_RADIUS_M


def _norm(v) -> float:
    return math.sqrt(sum(c * c for c in v))


def _dot(a, b) -> float:
    return sum(x * y for x, y in zip(a, b, strict=True))


def _cross(a, b):
    return (a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0])


def _sub(a, b):
    return tuple(x - y for x, y in zip(a, b, strict=True))


def _horizontal(v, up):
    k = _dot(v, up)
    return tuple(c - k * u for c, u in zip(v, up, strict=True))


def test_constants():
    assert earth.G0_MPS2 == 9.80665
    assert EARTH_MU_M3PS2 == 3.986004418e14
    assert R == 6_371_008.8


def test_sea_level_gravity_is_mu_over_r_squared():
    g = gravity_world_mps2(0.0, 0.0, 0.0)
    assert g[0] == 0.0 and g[1] == 0.0
    assert -g[2] == pytest.approx(EARTH_MU_M3PS2 / R**2, rel=1e-12)
    assert -g[2] == pytest.approx(9.82, abs=0.005)


def test_gravity_falls_as_inverse_square_and_points_at_the_centre():
    g0 = _norm(gravity_world_mps2(0.0, 0.0, 0.0))
    g100 = _norm(gravity_world_mps2(0.0, 0.0, 100_000.0))
    assert g100 / g0 == pytest.approx((R / (R + 100_000.0)) ** 2, rel=1e-12)
    assert g100 == pytest.approx(9.52, abs=0.01)
    # Far off the axis: the same magnitude at the same radius, pointing at (0, 0, -R).
    p = (300_000.0, -400_000.0, 50_000.0)
    g = gravity_world_mps2(*p)
    to_centre = _sub((0.0, 0.0, -R), p)
    r = _norm(to_centre)
    assert _norm(g) == pytest.approx(EARTH_MU_M3PS2 / r**2, rel=1e-12)
    assert _dot(g, to_centre) / (_norm(g) * r) == pytest.approx(1.0, abs=1e-12)


def test_altitude_up_and_ground_distance_on_a_known_point():
    theta = 0.05  # rad around the centre, toward the north-east
    h = 12_345.0
    p = ((R + h) * math.sin(theta) * 0.6, (R + h) * math.sin(theta) * 0.8,
         (R + h) * math.cos(theta) - R)
    assert altitude_m(*p) == pytest.approx(h, abs=1e-6)
    assert ground_distance_m(*p) == pytest.approx(R * theta, rel=1e-12)
    up = local_up(*p)
    assert up == pytest.approx((math.sin(theta) * 0.6, math.sin(theta) * 0.8,
                                math.cos(theta)), abs=1e-12)
    assert altitude_m(0.0, 0.0, -5.0) == pytest.approx(-5.0)


def test_horizon_drop_at_500_km():
    d = 500_000.0
    drop = flat_horizon_drop_m(d)
    assert drop == pytest.approx(19_600.0, abs=50.0)
    assert drop == pytest.approx(d * d / (2.0 * R), rel=1e-3)  # small-angle approximation
    assert drop == pytest.approx(R * (1.0 - math.cos(d / R)), rel=1e-9)
    assert drop < d * d / (2.0 * R)  # the exact drop is a little less
    # The sea point at ground distance d really sits `drop` below the tangent plane.
    th = d / R
    assert R * math.cos(th) - R == pytest.approx(-drop, rel=1e-9)
    assert altitude_m(R * math.sin(th), 0.0, -drop) == pytest.approx(0.0, abs=1e-6)


CASES = [
    # altitude, speed, fpa, heading, range
    (70_400.0, 1840.0, 38.0, 90.0, 210_000.0),
    (62_500.0, 1408.0, -30.0, 0.0, 60_000.0),
    (4_000.0, 295.0, -80.0, 225.0, 1_500.0),
    (120_000.0, 800.0, 0.0, 317.0, 450_000.0),
    (30_000.0, 500.0, 10.0, 170.0, -20_000.0),
]


@pytest.mark.parametrize(("alt", "speed", "fpa", "heading", "rng"), CASES)
def test_early_start_round_trips(alt, speed, fpa, heading, rng):
    pos, vel = early_start_state(alt, speed, fpa, heading, rng, 0.0)
    assert altitude_m(*pos) == pytest.approx(alt, abs=1e-5)
    assert ground_distance_m(*pos) == pytest.approx(abs(rng), abs=1e-5)
    assert _norm(vel) == pytest.approx(speed, rel=1e-12)
    up = local_up(*pos)
    measured_fpa = math.degrees(math.asin(_dot(vel, up) / _norm(vel)))
    assert measured_fpa == pytest.approx(fpa, abs=1e-9)
    # The horizontal velocity lies in the vertical plane through the ship, toward it
    # (away from it for a negative range).
    to_ship = _horizontal(_sub((0.0, 0.0, 0.0), pos), up)
    vh = _horizontal(vel, up)
    if fpa != 90.0:
        cos_angle = _dot(to_ship, vh) / (_norm(to_ship) * _norm(vh))
        assert cos_angle == pytest.approx(math.copysign(1.0, rng), abs=1e-9)


def test_level_fpa_flies_straight_at_the_ship_along_the_heading():
    pos, vel = early_start_state(70_000.0, 1800.0, 0.0, 90.0, 200_000.0, 0.0)
    to_ship = _horizontal(_sub((0.0, 0.0, 0.0), pos), local_up(*pos))
    assert _dot(to_ship, vel) / (_norm(to_ship) * _norm(vel)) == pytest.approx(1.0, abs=1e-12)
    assert pos[0] < -190_000.0 and abs(pos[1]) < 1e-6  # west of the ship, flying east
    assert vel[0] > 0.0 and abs(vel[1]) < 1e-9
    assert _dot(vel, local_up(*pos)) == pytest.approx(0.0, abs=1e-9)


@pytest.mark.parametrize("cross", [5_000.0, -5_000.0, 40_000.0])
@pytest.mark.parametrize("heading", [0.0, 90.0, 200.0])
def test_crossrange_puts_the_ship_on_the_right(cross, heading):
    rng = 150_000.0
    pos, vel = early_start_state(60_000.0, 1500.0, -20.0, heading, rng, cross)
    up = local_up(*pos)
    right = _cross(_horizontal(vel, up), up)  # flight direction x up = right-hand side
    to_ship = _sub((0.0, 0.0, 0.0), pos)
    assert math.copysign(1.0, _dot(to_ship, right)) == math.copysign(1.0, cross)
    # The ship lies exactly |cross| (along the sea) off the track's great circle.
    normal = _cross(up, _horizontal(vel, up))  # normal of the track plane, to the left
    normal = tuple(c / _norm(normal) for c in normal)
    ship_dir = (0.0, 0.0, 1.0)  # from the centre
    assert -R * math.asin(_dot(normal, ship_dir)) == pytest.approx(cross, abs=1e-4)
    # Right spherical triangle: cos(distance) = cos(range) cos(crossrange).
    expected = R * math.acos(math.cos(rng / R) * math.cos(cross / R))
    assert ground_distance_m(*pos) == pytest.approx(expected, abs=1e-3)
    assert altitude_m(*pos) == pytest.approx(60_000.0, abs=1e-5)


@pytest.mark.parametrize("heading", [0.0, 45.0, 270.0])
def test_late_start_above_the_deck(heading):
    pos, vel = late_start_state(1500.0, 3.0, -60.0, 8.0, 250.0, heading)
    assert altitude_m(*pos) == pytest.approx(1503.0, abs=1e-6)
    assert ground_distance_m(*pos) == pytest.approx(250.0, abs=1e-6)
    h = math.radians(heading)
    back = (-math.sin(h), -math.cos(h))
    horizontal = (R + 1503.0) * math.sin(250.0 / R)  # a radial line through the ground point
    assert horizontal == pytest.approx(250.06, abs=0.01)
    assert pos[0] == pytest.approx(horizontal * back[0], abs=1e-6)
    assert pos[1] == pytest.approx(horizontal * back[1], abs=1e-6)
    up = local_up(*pos)
    assert _dot(vel, up) == pytest.approx(-60.0, abs=1e-9)
    vh = _horizontal(vel, up)
    assert _norm(vh) == pytest.approx(8.0, rel=1e-12)
    assert vh[0] == pytest.approx(8.0 * math.sin(h), abs=1e-3)
    assert vh[1] == pytest.approx(8.0 * math.cos(h), abs=1e-3)


def test_late_start_straight_above_with_no_offset():
    pos, vel = late_start_state(100.0, 0.0, -5.0, 0.0, 0.0, 123.0)
    assert pos == pytest.approx((0.0, 0.0, 100.0), abs=1e-9)
    assert vel == pytest.approx((0.0, 0.0, -5.0), abs=1e-12)


def test_enu_basis_at_the_ship_is_the_world_axes():
    e, n, u = enu_basis(0.0, 0.0, 0.0)
    assert e == pytest.approx((1.0, 0.0, 0.0), abs=1e-15)
    assert n == pytest.approx((0.0, 1.0, 0.0), abs=1e-15)
    assert u == pytest.approx((0.0, 0.0, 1.0), abs=1e-15)


@pytest.mark.parametrize("lat", [28.5, -34.0, 0.0])
def test_enu_basis_far_away_is_orthonormal_and_geographic(lat):
    pole = (0.0, math.cos(math.radians(lat)), math.sin(math.radians(lat)))
    p = (400_000.0, 250_000.0, -20_000.0)
    e, n, u = enu_basis(*p, ship_latitude_deg=lat)
    for a in (e, n, u):
        assert _norm(a) == pytest.approx(1.0, abs=1e-12)
    assert _cross(e, n) == pytest.approx(u, abs=1e-12)  # right-handed
    assert _dot(e, pole) == pytest.approx(0.0, abs=1e-12)  # east is along a parallel
    assert _dot(n, pole) > 0.0
    # Stepping north raises the latitude by step / R.
    step = 1000.0
    q = tuple(pc + step * nc for pc, nc in zip(p, n, strict=True))
    lat_p = math.asin(_dot(local_up(*p), pole))
    lat_q = math.asin(_dot(local_up(*q), pole))
    assert (lat_q - lat_p) * R == pytest.approx(step, rel=1e-3)
    # The east axis is not the world x axis this far away at this latitude.
    assert lat == 0.0 or abs(e[1]) > 1e-3


def test_enu_basis_is_latitude_dependent_only_away_from_the_ship():
    p = (0.0, 0.0, 5000.0)
    assert enu_basis(*p, ship_latitude_deg=10.0)[0] == pytest.approx((1.0, 0.0, 0.0))
    e1 = enu_basis(500_000.0, 0.0, 0.0, ship_latitude_deg=10.0)[0]
    e2 = enu_basis(500_000.0, 0.0, 0.0, ship_latitude_deg=60.0)[0]
    assert not np.allclose(e1, e2, atol=1e-3)
