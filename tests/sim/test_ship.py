"""The drone ship and the land pad: kinematics, sea-state motion, deck geometry."""

from __future__ import annotations

import math

import numpy as np
import pytest

from game.data.level_schema import SeaSpec, ShipSpec
from game.sim.ship import Ship, Surface


def make_ship(hs=2.0, tp=9.0, from_deg=90.0, heading=0.0, seed=0, kind="drone_ship",
              station_keeping=3.0, deck_height=3.0) -> Ship:
    ship = ShipSpec(kind=kind, heading_deg=heading, station_keeping_m=station_keeping,
                    deck_height_m=deck_height)
    sea = SeaSpec(significant_wave_height_m=hs, peak_period_s=tp, from_deg=from_deg)
    return Ship(ship, sea, np.random.default_rng(seed))


def quat_rotate(q, v) -> np.ndarray:
    w, x, y, z = q
    m = np.array([
        [1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y)],
        [2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x)],
        [2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y)],
    ])
    return m @ np.asarray(v, dtype=float)


def quat_mul(a, b) -> np.ndarray:
    aw, ax, ay, az = a
    bw, bx, by, bz = b
    return np.array([
        aw * bw - ax * bx - ay * by - az * bz,
        aw * bx + ax * bw + ay * bz - az * by,
        aw * by - ax * bz + ay * bw + az * bx,
        aw * bz + ax * by - ay * bx + az * bw,
    ])


def deck_point_world(ship: Ship, t: float, local) -> np.ndarray:
    c, q = ship.pose_at(t)
    return np.array(c) + quat_rotate(q, local)


def tilt_series(ship: Ship, duration_s=1200.0, dt_s=0.5):
    """Roll (port up) and pitch (bow down) in degrees, from points on the deck."""
    roll, pitch = [], []
    for t in np.arange(0.0, duration_s, dt_s):
        _, q = ship.pose_at(float(t))
        bow = quat_rotate(q, (1.0, 0.0, 0.0))
        port = quat_rotate(q, (0.0, 1.0, 0.0))
        roll.append(math.degrees(math.asin(port[2])))
        pitch.append(-math.degrees(math.asin(bow[2])))
    return np.array(roll), np.array(pitch)


TIMES = (0.0, 3.7, 17.25, 61.0, 250.5)


@pytest.mark.parametrize("t", TIMES)
def test_velocity_is_the_derivative_of_position(t):
    ship = make_ship(hs=3.0, tp=10.0, from_deg=60.0, heading=20.0)
    h = 1e-4
    p1, _ = ship.pose_at(t + h)
    p0, _ = ship.pose_at(t - h)
    fd = (np.array(p1) - np.array(p0)) / (2 * h)
    v = np.array(ship.velocity_at(t))
    assert np.linalg.norm(v) > 0.05
    assert np.linalg.norm(fd - v) <= 1e-6 * np.linalg.norm(v)


@pytest.mark.parametrize("t", TIMES)
def test_angular_velocity_is_the_derivative_of_attitude(t):
    ship = make_ship(hs=3.0, tp=10.0, from_deg=60.0, heading=20.0)
    h = 1e-4
    q1 = np.array(ship.pose_at(t + h)[1])
    q0 = np.array(ship.pose_at(t - h)[1])
    q = np.array(ship.pose_at(t)[1])
    qdot = (q1 - q0) / (2 * h)
    conj = q * np.array([1.0, -1.0, -1.0, -1.0])
    omega_fd = 2.0 * quat_mul(qdot, conj)[1:]  # world frame for a body-to-world quaternion
    omega = np.array(ship.angular_velocity_world_at(t))
    assert np.linalg.norm(omega) > 1e-3
    assert np.linalg.norm(omega_fd - omega) <= 1e-6 * np.linalg.norm(omega)


@pytest.mark.parametrize("t", TIMES)
def test_deck_point_velocity_includes_rotation(t):
    ship = make_ship(hs=3.0, tp=10.0, from_deg=120.0, heading=300.0)
    local = (30.0, -20.0, 0.0)
    h = 1e-4
    fd = (deck_point_world(ship, t + h, local) - deck_point_world(ship, t - h, local)) / (2 * h)
    p = deck_point_world(ship, t, local)
    s = ship.surface_at(t, tuple(p))
    assert s.height_m == pytest.approx(p[2], abs=1e-9)
    assert np.linalg.norm(fd - np.array(s.velocity_mps)) <= 1e-6 * np.linalg.norm(fd)
    # omega x r matters: 30 m out, the material point moves unlike the centre.
    assert np.linalg.norm(fd - np.array(ship.velocity_at(t))) > 1e-3


def test_quaternion_stays_unit_and_agrees_with_the_normal():
    ship = make_ship(hs=7.6, tp=12.0, from_deg=45.0, heading=10.0)
    for t in np.linspace(0.0, 600.0, 97):
        c, q = ship.pose_at(float(t))
        assert math.fsum(x * x for x in q) == pytest.approx(1.0, abs=1e-14)
        s = ship.surface_at(float(t), c)
        assert isinstance(s, Surface)
        assert s.height_m == pytest.approx(c[2], abs=1e-12)
        assert np.allclose(s.normal, quat_rotate(q, (0.0, 0.0, 1.0)), atol=1e-12)
        assert np.linalg.norm(s.normal) == pytest.approx(1.0, abs=1e-12)
        # Yaw stays on the heading: the bow's horizontal part points 10 deg east of north.
        bow = quat_rotate(q, (1.0, 0.0, 0.0))
        assert math.degrees(math.atan2(bow[0], bow[1])) == pytest.approx(10.0, abs=1e-9)


def test_heave_rms_is_a_quarter_of_hs_in_long_swell():
    hs = 2.0
    ship = make_ship(hs=hs, tp=12.0, from_deg=90.0, heading=0.0, station_keeping=0.0)
    z = np.array([ship.pose_at(float(t))[0][2] for t in np.arange(0.0, 3000.0, 0.5)])
    assert z.mean() == pytest.approx(3.0, abs=0.05)
    assert z.std() == pytest.approx(hs / 4.0, rel=0.2)
    # Significant amplitude 2 sigma ~ Hs/2; the highest crest in ~250 waves is ~3.3 sigma.
    assert hs / 2.0 < z.max() - 3.0 < hs


def test_sea_elevation_rms_is_exactly_a_quarter_of_hs():
    ship = make_ship(hs=3.0, tp=10.0)
    comps = ship.wave_components
    assert len(comps) == 16
    assert math.fsum(a * a / 2 for a, *_ in comps) == pytest.approx((3.0 / 4.0) ** 2)
    wp = 2 * math.pi / 10.0
    assert all(0.5 * wp <= w <= 3.0 * wp for _, w, *_ in comps)
    assert all(k == pytest.approx(w * w / 9.80665) for _, w, k, *_ in comps)
    # Waves from the east travel west (270 deg), give or take the spread.
    dirs = np.radians([d for *_, d, _ in comps])
    mean = math.degrees(math.atan2(np.sin(dirs).mean(), np.cos(dirs).mean())) % 360.0
    assert mean == pytest.approx(270.0, abs=15.0)


def test_short_waves_along_a_long_hull_cancel_heave():
    head = make_ship(hs=1.0, tp=7.0, from_deg=0.0, heading=0.0, station_keeping=0.0)
    z = np.array([head.pose_at(float(t))[0][2] for t in np.arange(0.0, 1500.0, 0.5)])
    assert z.std() < 0.5 * (1.0 / 4.0)


TABLE = [(1.0, 7.0, 2.4), (2.0, 9.0, 2.8), (3.0, 10.0, 3.5)]  # falcon9-data.md deck slope


def test_roll_and_pitch_amplitudes_match_the_table():
    beam_amplitudes = []
    for hs, tp, table_deg in TABLE:
        beam = make_ship(hs=hs, tp=tp, from_deg=90.0, heading=0.0)
        roll, pitch = tilt_series(beam)
        roll_amp = 2.0 * roll.std()  # significant amplitude, as Hs/2 is for heave
        assert 0.75 * table_deg <= roll_amp <= 1.6 * table_deg
        assert 2.0 * pitch.std() < 0.5 * roll_amp  # waves on the beam roll the ship
        head = make_ship(hs=hs, tp=tp, from_deg=0.0, heading=0.0)
        roll_h, pitch_h = tilt_series(head)
        pitch_amp = 2.0 * pitch_h.std()
        assert 0.15 * table_deg <= pitch_amp <= table_deg  # a long barge pitches less
        assert 2.0 * roll_h.std() < 0.5 * pitch_amp
        beam_amplitudes.append(roll_amp)
    assert beam_amplitudes == sorted(beam_amplitudes)  # bigger seas, bigger motion


def test_deck_follows_the_sea_surface_in_long_swell():
    ship = make_ship(hs=2.0, tp=25.0, from_deg=200.0, heading=123.0, station_keeping=0.0)
    e = 1.0
    rows = []
    for t in np.arange(0.0, 1000.0, 1.0):
        t = float(t)
        c, _ = ship.pose_at(t)
        n = ship.surface_at(t, c).normal
        gx = (ship.sea_elevation_m(t, e, 0.0) - ship.sea_elevation_m(t, -e, 0.0)) / (2 * e)
        gy = (ship.sea_elevation_m(t, 0.0, e) - ship.sea_elevation_m(t, 0.0, -e)) / (2 * e)
        rows.append((n[0], -gx, n[1], -gy, c[2] - 3.0, ship.sea_elevation_m(t, 0.0, 0.0)))
    a = np.array(rows)
    for i in (0, 2, 4):
        assert np.corrcoef(a[:, i], a[:, i + 1])[0, 1] > 0.9
        assert a[:, i].std() == pytest.approx(a[:, i + 1].std(), rel=0.15)


def test_normal_tilts_with_roll():
    ship = make_ship(hs=3.0, tp=10.0, from_deg=90.0, heading=0.0)  # bow north, port west
    roll, _ = tilt_series(ship, duration_s=200.0, dt_s=0.25)
    i = int(np.argmax(np.abs(roll)))
    t = i * 0.25
    assert abs(roll[i]) > 1.0
    c, _ = ship.pose_at(t)
    n = ship.surface_at(t, c).normal
    port_side = deck_point_world(ship, t, (0.0, 10.0, 0.0))
    rise = port_side[2] - c[2]  # port side up: the normal leans to starboard (east)
    assert math.copysign(1.0, n[0]) == math.copysign(1.0, rise)
    assert abs(n[0]) == pytest.approx(abs(rise) / 10.0, rel=0.05)
    # The deck plane under a point 10 m to the west has that port side's height.
    s = ship.surface_at(t, (port_side[0], port_side[1], 50.0))
    assert s.height_m == pytest.approx(port_side[2], abs=1e-9)


def test_calm_sea_leaves_only_the_station_keeping_drift():
    ship = make_ship(hs=0.0, heading=35.0, station_keeping=3.0)
    _, q0 = ship.pose_at(0.0)
    radii, xs = [], []
    for t in np.arange(0.0, 1200.0, 2.0):
        c, q = ship.pose_at(float(t))
        assert q == pytest.approx(q0, abs=1e-15)
        assert c[2] == pytest.approx(3.0, abs=1e-12)
        assert ship.angular_velocity_world_at(float(t)) == pytest.approx((0, 0, 0), abs=1e-15)
        assert ship.velocity_at(float(t))[2] == pytest.approx(0.0, abs=1e-15)
        radii.append(math.hypot(c[0], c[1]))
        xs.append(c[0])
    assert max(radii) <= 3.0
    assert max(radii) > 0.5 and np.std(xs) > 0.1  # it does drift
    half_alpha = math.radians(90.0 - 35.0) / 2
    assert q0 == pytest.approx((math.cos(half_alpha), 0, 0, math.sin(half_alpha)), abs=1e-15)


def test_land_pad_never_moves():
    pad = make_ship(kind="land_pad", hs=3.0, tp=10.0, heading=90.0, deck_height=3.0)
    assert pad.deck_height_m == 0.0
    for t in (0.0, 12.5, 600.0):
        c, q = pad.pose_at(t)
        assert c == (0.0, 0.0, 0.0)
        assert q == pytest.approx((1.0, 0.0, 0.0, 0.0), abs=1e-15)  # bow east = world +x
        assert pad.velocity_at(t) == (0.0, 0.0, 0.0)
        assert pad.angular_velocity_world_at(t) == (0.0, 0.0, 0.0)
        s = pad.surface_at(t, (500.0, -800.0, 30.0))
        assert s.height_m == 0.0
        assert s.normal == pytest.approx((0.0, 0.0, 1.0), abs=1e-15)
        assert s.velocity_mps == (0.0, 0.0, 0.0)
    # Heading 90: the pad's long side (91.4 m) runs east-west.
    assert pad.on_deck(0.0, (40.0, 0.0, 0.0))
    assert not pad.on_deck(0.0, (0.0, 40.0, 0.0))
    assert pad.deck_local(0.0, (40.0, 10.0, 2.0)) == pytest.approx((40.0, 10.0, 2.0))


def test_same_seed_same_motion_different_seed_different():
    a = make_ship(seed=5)
    b = make_ship(seed=5)
    c = make_ship(seed=6)
    times = (0.0, 9.0, 123.456)
    assert [a.pose_at(t) for t in times] == [b.pose_at(t) for t in times]
    assert a.wave_components == b.wave_components
    assert [a.pose_at(t) for t in times] != [c.pose_at(t) for t in times]


def test_results_do_not_depend_on_call_order():
    a = make_ship(seed=2)
    b = make_ship(seed=2)
    first = a.surface_at(7.0, (1.0, 2.0, 3.0))
    b.pose_at(3.0)
    b.surface_at(9.0, (4.0, 4.0, 4.0))
    assert b.surface_at(7.0, (1.0, 2.0, 3.0)) == first


def test_deck_local_round_trip_and_on_deck():
    ship = make_ship(hs=3.0, tp=10.0, heading=60.0)
    t = 42.0
    local = (12.0, -7.5, 4.0)
    p = deck_point_world(ship, t, local)
    assert ship.deck_local(t, tuple(p)) == pytest.approx(local, abs=1e-9)
    c, _ = ship.pose_at(t)
    assert ship.on_deck(t, c)
    assert not ship.on_deck(t, (c[0] + 100.0, c[1], c[2]))
    assert not ship.on_deck(t, (c[0], c[1] - 100.0, c[2]))
    assert ship.on_deck(t, tuple(deck_point_world(ship, t, (45.0, 25.0, 1.0))))
    assert not ship.on_deck(t, tuple(deck_point_world(ship, t, (46.0, 0.0, 1.0))))
    assert not ship.on_deck(t, tuple(deck_point_world(ship, t, (0.0, -26.0, 1.0))))
