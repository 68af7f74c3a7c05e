"""The pymunk touchdown model against closed forms: statics, rest, a rocking deck, the deck's
motion, energy, the tipping speed, an open collet, and determinism."""

from __future__ import annotations

import math

import pytest

from game.sim import earth
from game.sim.contact import MIN_SUBSTEPS, PlaneContact
from game.sim.contact_plane import PlaneFrame
from game.sim.controls import Controls
from game.sim.outcome import Outcome
from game.sim.rigid_body import quat_rotate
from game.sim.touchdown_plane import deck_line
from game.sim.world import World
from tests.sim.test_touchdown import (
    LEG_AZIMUTH_DEG,
    _angle_deg,
    feet_heights,
    fly_for,
    lean_azimuth_deg,
    rock,
    stand,
    touchdown_level,
)


def _gravity(world: World) -> float:
    return math.sqrt(sum(c * c for c in earth.gravity_world_mps2(*world.state[0:3])))


def _standing_world(make_level, **overrides) -> World:
    world = World()
    world.reset(touchdown_level(make_level, success={"settle_time_s": 1000.0}, **overrides))
    stand(world, sink_mps=0.3)
    fly_for(world, 4.0)
    return world


def test_leg_loads_on_a_level_deck_sum_to_the_weight(make_level):
    world = _standing_world(make_level)
    weight = world.mass.mass_kg * _gravity(world)
    loads = world.legs.load_n
    assert sum(loads) == pytest.approx(weight, rel=0.01)
    assert sum(loads) == pytest.approx(weight, rel=1e-4)  # in fact far closer
    for load in loads:  # and a square of equal legs shares it equally
        assert load == pytest.approx(weight / 4.0, rel=0.01)


def test_resting_jitter_is_below_a_millimetre_per_second(make_level):
    world = _standing_world(make_level)
    worst = 0.0
    for _ in range(240):
        world.step(Controls())
        speed = math.sqrt(sum(c * c for c in world.state[3:6]))
        worst = max(worst, speed)
    assert worst < 1e-3
    assert all(-1e-3 < h < 1e-3 for h in feet_heights(world))  # on the deck, not in it


def _base_on_deck(world: World) -> tuple[float, float]:
    s = world.state
    d = quat_rotate(s[6:10], -world.mass.com_station_m, 0.0, 0.0)
    along, across, _ = world.ship.deck_local(world.time_s, (s[0] + d[0], s[1] + d[1],
                                                            s[2] + d[2]))
    return along, across


@pytest.mark.parametrize("roll_deg, pitch_deg, pitch_lag_rad", [
    (3.0, 0.0, 0.0),  # rolling: the plane is chosen along the beam, in the roll
    (0.0, 3.0, 0.5 * math.pi),  # pitching, level at touchdown: rocking across the plane
    (2.12, 2.12, 0.0),  # about a diagonal
])
def test_on_a_deck_rocking_3_degrees_the_stage_slides_less_than_5_cm_in_60_s(
        make_level, roll_deg, pitch_deg, pitch_lag_rad):
    world = World()
    world.reset(touchdown_level(make_level, success={"settle_time_s": 1000.0}))
    rock(world.ship, roll_deg=roll_deg, pitch_deg=pitch_deg, heave_m=1.0, period_s=7.5,
         pitch_lag_rad=pitch_lag_rad)
    stand(world, sink_mps=0.3, offset_m=(12.0, 20.0), on_deck_normal=True)
    fly_for(world, 7.5)
    start = _base_on_deck(world)
    tilt, lowest, highest = 0.0, 0.0, 0.0
    for _ in range(round(60.0 / world.dt_s)):  # 60 s: 8 whole periods
        world.step(Controls())
        feet = feet_heights(world)
        lowest, highest = min(lowest, *feet), max(highest, *feet)
        tilt = max(tilt, math.acos(world.ship.surface_at(world.time_s, (0, 0, 0)).normal[2]))
    end = _base_on_deck(world)
    assert world.outcome == Outcome.FLYING and world.contact.active
    assert math.degrees(tilt) == pytest.approx(3.0, abs=0.05)
    assert math.dist(start, end) < 0.05
    assert lowest > -0.004 and highest < 0.004  # all four feet stay on the moving deck


@pytest.mark.parametrize("roll_deg, period_s", [(1.0, 8.0), (2.0, 6.0), (1.5, 10.0)])
def test_on_a_rolling_deck_the_leg_loads_swing_as_the_rigid_body_on_its_legs(
        make_level, roll_deg, period_s):
    """A deck rolling theta sin(w t) about its centre line: in the deck's frame the centre of
    mass, h above the feet, is thrown sideways by g theta plus h w^2 theta, and the body turns
    with the deck (I w^2 theta); the two feet across the roll axis, d out, take the moment as
    +/- M / 2d, raised by the rocking mode on the leg springs (k per foot):
    M = (m (g + h w^2) h + I w^2) theta, w_n^2 = (2 k d^2 - m g h) / (I + m h^2),
    swing = M / 2d / (1 - w^2 / w_n^2). The feet on the roll axis carry no swing."""
    world = World()
    world.reset(touchdown_level(make_level, success={"settle_time_s": 1000.0}))
    rock(world.ship, roll_deg=roll_deg, heave_m=0.0, period_s=period_s)
    stand(world, sink_mps=0.3, on_deck_normal=True)
    fly_for(world, 2.0 * period_s + 10.0)  # past the landing's own transient
    low, high = [math.inf] * 4, [0.0] * 4
    while world.time_s < 4.0 * period_s + 10.0:
        world.step(Controls())
        low = [min(a, f) for a, f in zip(low, world.legs.load_n, strict=True)]
        high = [max(a, f) for a, f in zip(high, world.legs.load_n, strict=True)]
    m, inertia = world.mass.mass_kg, world.mass.inertia_transverse_kgm2
    h = world.mass.com_station_m - world.legs.geometry.deployed_station_m
    d, k, g = world.legs.geometry.foot_radius_m, world.legs.stiffness_npm, _gravity(world)
    w, theta = 2.0 * math.pi / period_s, math.radians(roll_deg)
    moment = (m * (g + h * w * w) * h + inertia * w * w) * theta
    wn2 = (2.0 * k * d * d - m * g * h) / (inertia + m * h * h)
    swing = moment / (2.0 * d) / (1.0 - w * w / wn2)
    halves = [0.5 * (b - a) for a, b in zip(low, high, strict=True)]
    assert halves[0] == pytest.approx(swing, rel=0.1)
    assert halves[2] == pytest.approx(swing, rel=0.1)
    assert max(halves[1], halves[3]) < 0.02 * swing


def test_the_deck_follows_the_sea_state_within_1e_6_after_10_minutes(make_level):
    world = World()
    world.reset(touchdown_level(make_level, sea={"significant_wave_height_m": 3.0,
                                                 "peak_period_s": 9.0, "from_deg": 250.0}))
    ship, dt = world.ship, world.dt_s
    frame = PlaneFrame((3.0, -2.0, 3.0), math.radians(35.0))
    offset = 1.5  # the plane's parallel where the deck is cut
    pc = PlaneContact(legs=world.legs, slots=[], stage_radius_m=1.83, stage_length_m=47.9,
                      deck_span_m=(-40.0, 40.0), deck_thickness_m=6.0,
                      deck_pose=deck_line(ship, frame, 0.0, offset), gravity_mps2=(0.0, 0.0),
                      dt_s=dt)
    pc.set_mass(world.mass.mass_kg, world.mass.inertia_transverse_kgm2,
                world.mass.com_station_m)
    pc.place(0.0, 500.0, 0.0, 0.0, 0.0, 0.0)  # the stage floats far above
    steps = round(600.0 / dt)
    for n in range(steps):
        pc.drive_deck(*deck_line(ship, frame, (n + 1) * dt, offset), dt)
        pc.step(dt, (0.0, 0.0), 0.0, n * dt)
    t = steps * dt
    u, z, angle = pc.deck_pose()
    # the pose in the plane, and the world deck it stands for
    assert (u, z, angle) == pytest.approx(deck_line(ship, frame, t, offset), abs=1e-6)
    point = frame.point_from_plane(u, z, offset)
    assert point[2] == pytest.approx(ship.surface_at(t, point).height_m, abs=1e-6)
    normal = ship.surface_at(t, point).normal
    nu, nz, _ = frame.vector_to_plane(normal)
    assert math.tan(angle) == pytest.approx(-nu / nz, abs=1e-6)
    assert abs(ship.pose_at(t)[0][2] - ship.deck_height_m) > 0.05  # the sea is moving it


def _shadow_energy_j(world: World) -> float:
    """Mechanical energy in the form pymunk's integrator keeps exactly in free fall
    (x += v h, then v += a h: E - m h g.v / 2 is constant), plus the out-of-plane motion."""
    ep = world.contact.episode
    pc = ep.contact
    h = world.dt_s / MIN_SUBSTEPS
    energy = pc.mechanical_energy_j()
    gx, gy = pc.space.gravity
    for body in [pc.core, *(f for f in pc.feet if f is not None)]:
        vx, vy = body.velocity
        energy -= 0.5 * body.mass * h * (gx * vx + gy * vy)
    s, m = world.state, world.mass
    _, _, vp = ep.frame.vector_to_plane(s[3:6])
    wu, wz, _ = ep.frame.vector_to_plane(quat_rotate(s[6:10], *s[10:13]))
    return energy + 0.5 * (m.mass_kg * vp * vp + m.inertia_transverse_kgm2 * wu * wu
                           + m.inertia_roll_kgm2 * wz * wz)


@pytest.mark.parametrize("sink_mps, drift_mps, azimuth_deg", [
    (0.5, 0.0, 0.0), (2.0, 0.0, 0.0), (4.0, 1.0, 30.0), (6.0, 0.0, 0.0), (9.0, 2.0, 45.0),
    (3.0, 3.0, 20.0), (1.0, 4.0, 45.0)])
def test_no_energy_is_created_at_touchdown(make_level, sink_mps, drift_mps, azimuth_deg):
    world = World()
    world.reset(touchdown_level(make_level, success={"settle_time_s": 3.0}))
    a = math.radians(azimuth_deg)
    stand(world, gap_m=0.05, sink_mps=sink_mps,
          drift_mps=(drift_mps * math.cos(a), drift_mps * math.sin(a)))
    start = None
    while world.time_s < 4.0:
        done = world.step(Controls()).done
        if not world.contact.active:
            continue
        assert world.contact.episode.contact.substeps(world.dt_s) == MIN_SUBSTEPS
        energy = _shadow_energy_j(world)
        start = energy if start is None else start
        assert energy <= start + 1e-9 * abs(start)
        if done:
            break
    assert world.touchdown is not None
    assert _shadow_energy_j(world) < start - 0.05 * 0.5 * world.mass.mass_kg * sink_mps**2


def _tips(make_level, speed_mps: float, azimuth_deg: float) -> bool:
    world = World()
    world.reset(touchdown_level(make_level, success={"settle_time_s": 4.0},
                                physics={"timeout_s": 20.0}))
    a = math.radians(azimuth_deg)
    stand(world, sink_mps=1.0, drift_mps=(speed_mps * math.cos(a), speed_mps * math.sin(a)))
    fly_for(world, 20.0)
    assert world.outcome in (Outcome.LANDED, Outcome.TIPPED_OVER, Outcome.TIMEOUT)
    return world.outcome == Outcome.TIPPED_OVER


def test_the_tipping_speed_matches_the_rigid_body_estimate(make_level):
    """Drifting between two legs (over an edge of the square of feet), the foot line catches
    the stage: its angular momentum about that line, m v h, turns into rotation about it
    (inertia I + m (h^2 + d^2)); it tips if that energy lifts the centre of mass over the line,
    m g (sqrt(h^2 + d^2) - h)."""
    world = World()
    world.reset(touchdown_level(make_level))
    m, inertia = world.mass.mass_kg, world.mass.inertia_transverse_kgm2
    h = world.mass.com_station_m - world.legs.geometry.deployed_station_m
    d = world.legs.geometry.foot_radius_m * math.cos(math.radians(45.0))
    g = _gravity(world)
    pivot_inertia = inertia + m * (h * h + d * d)
    estimate = math.sqrt(2.0 * m * g * (math.hypot(h, d) - h) * pivot_inertia) / (m * h)
    azimuth = 45.0  # between legs 1 (north) and 4 (east)
    assert not _tips(make_level, 0.75 * estimate, azimuth)
    assert _tips(make_level, 1.25 * estimate, azimuth)
    low, high = 0.75 * estimate, 1.25 * estimate
    for _ in range(4):
        mid = 0.5 * (low + high)
        low, high = (low, mid) if _tips(make_level, mid, azimuth) else (mid, high)
    assert 0.85 < 0.5 * (low + high) / estimate < 1.15


@pytest.mark.parametrize("leg", [1, 2, 3, 4])
def test_an_unlatched_collet_makes_the_stage_fall_toward_that_leg(make_level, leg):
    world = World()
    world.reset(touchdown_level(make_level, faults=[{"kind": "collet_latch", "leg": leg}],
                                sea={"significant_wave_height_m": 2.0, "from_deg": 30.0},
                                success={"settle_time_s": 30.0}))
    stand(world, sink_mps=0.5)
    fly_for(world, 30.0)
    assert world.outcome == Outcome.TIPPED_OVER
    assert world.touchdown.first_failed_leg == leg
    assert world.touchdown.first_failure.startswith("folded")
    assert _angle_deg(lean_azimuth_deg(world), LEG_AZIMUTH_DEG[leg - 1]) < 30.0


def test_contact_runs_are_deterministic(make_level):
    level = touchdown_level(make_level, sea={"significant_wave_height_m": 2.0},
                            start={"altitude_m": 40.0, "horizontal_speed_mps": 1.5,
                                   "vertical_speed_mps": -4.0, "propellant_kg": 1500.0})

    def pilot(t: float) -> Controls:
        return Controls(engine_on=0.2 < t < 2.5, throttle_norm=0.6 + 0.3 * math.sin(3 * t),
                        gimbal_pitch_norm=0.3 * math.sin(t))

    worlds = [World(), World(), World()]
    for world, seed in zip(worlds, (4, 4, 5), strict=True):
        world.reset(level, seed=seed)
    touched = False
    for _ in range(120 * 12):
        for world in worlds:
            world.step(pilot(world.time_s))
        assert worlds[0].state_hash() == worlds[1].state_hash()
        touched = touched or worlds[0].touchdown is not None
        if worlds[0].outcome != Outcome.FLYING:
            break
    assert touched and worlds[0].legs.load_n == worlds[1].legs.load_n
    assert worlds[2].state_hash() != worlds[0].state_hash()
