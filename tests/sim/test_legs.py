"""Landing legs: geometry, the deploy and collet state machine, and the strut's force law."""

from __future__ import annotations

import math

import pytest

from game.data.loader import load_vehicle
from game.sim.legs import FOLD_MARGIN_M, LegSet, LegState

SPEC = load_vehicle("falcon9_ft").legs
DT = 1.0 / 120.0


def _deployed() -> LegSet:
    legs = LegSet(SPEC, deployed=True)
    legs.update(False, DT)  # the collets latch on the first update
    return legs


def test_feet_follow_the_hinge_circle_to_half_the_span():
    legs = _deployed()
    for i, (station, y, z) in enumerate(legs.foot_points_body()):
        radius = math.hypot(y, z)
        assert radius == pytest.approx(0.5 * SPEC.span_m)
        assert math.atan2(z, y) == pytest.approx(math.remainder(math.pi / 2 * i, 2 * math.pi))
        reach = math.hypot(station - SPEC.hinge_station_m, radius - SPEC.hinge_radius_m)
        assert reach == pytest.approx(SPEC.length_m)
        assert station < 0.0  # below the nozzle exit: the feet touch first


def test_travel_places_a_foot_on_the_hinge_circle_at_every_deploy_fraction():
    legs = LegSet(SPEC, deployed=False)
    geo = legs.geometry
    for fraction in (0.0, 0.3, 0.82, 0.95, 1.0):
        angle = fraction * geo.swing_rad
        station, radius = geo.station_radius(geo.travel_for_deploy(fraction))
        assert station == pytest.approx(SPEC.hinge_station_m + SPEC.length_m * math.cos(angle))
        assert radius == pytest.approx(SPEC.hinge_radius_m + SPEC.length_m * math.sin(angle))


def test_the_strut_ratio_is_the_strut_shortening_per_metre_of_foot_travel():
    geo = LegSet(SPEC, deployed=True).geometry
    travel = 0.05
    shortening = geo.strut_length_m(0.0) - geo.strut_length_m(travel)
    assert shortening / travel == pytest.approx(geo.strut_ratio, rel=0.02)
    assert 0.3 < geo.strut_ratio < 0.6


def test_deployment_takes_its_time_then_the_collets_latch():
    legs = LegSet(SPEC, deployed=False)
    assert legs.labels == ("stowed",) * 4
    legs.update(True, DT)
    assert legs.labels == ("deploying",) * 4
    t = DT
    while not legs.deployed:
        legs.update(False, DT)  # the command cannot be withdrawn
        t += DT
    assert t == pytest.approx(SPEC.deploy_time_s, abs=DT)
    assert legs.labels == ("unlocked",) * 4
    latch = 0.0
    while legs.state[0] is not LegState.LOCKED:
        legs.update(False, DT)
        latch += DT
    assert latch == pytest.approx(SPEC.collet_latch_time_s, abs=1.5 * DT)
    assert legs.labels == ("locked",) * 4


def test_a_failed_collet_never_latches_and_a_latched_one_lets_go():
    legs = LegSet(SPEC, deployed=True)
    legs.set_collet_failed(2)
    legs.update(False, DT)
    assert legs.labels == ("locked", "locked", "unlocked", "locked")
    legs.set_collet_failed(0)
    assert legs.state[0] is LegState.UNLOCKED
    for _ in range(600):
        legs.update(False, DT)
    assert legs.state[0] is LegState.UNLOCKED and legs.state[2] is LegState.UNLOCKED


def test_the_crush_core_absorbs_its_force_times_its_stroke_once():
    legs = _deployed()
    k = legs.stiffness_npm
    work, travel, step, h = 0.0, 0.0, 1e-5, 0.01  # slowly: 1 mm/s
    force = legs.foot_force(0, travel, step / h, h, 100.0, 0.0)
    while not legs.bottomed[0]:
        travel += step
        new = legs.foot_force(0, travel, step / h, h, 100.0, 0.0)
        work += 0.5 * (force + new) * step
        force = new
    assert force == pytest.approx(legs.crush_force_n, rel=1e-3)
    elastic = 0.5 * legs.crush_force_n**2 / k
    assert work == pytest.approx(legs.crush_force_n * legs.crush_travel_m + elastic, rel=2e-3)
    assert legs.crush_stroke_used_m(0) == pytest.approx(SPEC.crush_stroke_m)
    # unloading and loading again: the core stays crushed, the spring is elastic
    assert legs.foot_force(0, legs.crush_travel_m, 0.0, DT, 100.0, 0.0) == 0.0
    assert legs.foot_force(0, travel, 0.0, DT, 100.0, 0.0) == pytest.approx(force, rel=1e-3)
    assert legs.first_failure == (1, "crush core bottomed")
    assert not legs.intact(0)


def test_a_bottomed_strut_breaks_at_its_break_force():
    legs = _deployed()
    for _ in range(100):  # held far down, the core flows until it bottoms
        legs.foot_force(0, legs.crush_travel_m + 1.5 * legs.crush_force_n / legs.stiffness_npm,
                        0.0, DT, 100.0, 0.0)
    assert legs.bottomed[0] and legs.state[0] is LegState.LOCKED
    stretch = legs.break_force_n / legs.stiffness_npm
    below = legs.foot_force(0, legs.crush_travel_m + 0.99 * stretch, 0.0, DT, 100.0, 0.0)
    assert below == pytest.approx(0.99 * legs.break_force_n)
    assert legs.foot_force(0, legs.crush_travel_m + 1.01 * stretch, 0.0, DT, 100.0, 0.0) == 0.0
    assert legs.state[0] is LegState.BROKEN
    assert legs.labels[0] == "broken"


def test_damping_resists_folding_and_is_implicit():
    legs = _deployed()
    static = legs.foot_force(1, 0.01, 0.0, DT, 100.0, 0.0)
    moving = legs.foot_force(1, 0.01, 0.05, DT, 100.0, 0.0)
    c = legs.damping_nspm / (1.0 + legs.damping_nspm * DT / 100.0)
    assert moving - static == pytest.approx(c * 0.05)
    assert c * DT / 100.0 < 1.0  # one sub-step never reverses the foot's motion


def test_an_unlatched_leg_holds_only_the_pusher_force_and_folds_past_the_stroke():
    legs = LegSet(SPEC, deployed=True)
    legs.set_collet_failed(3)
    legs.update(False, DT)
    assert legs.foot_force(3, 0.3, 0.0, DT, 100.0, 0.0) == pytest.approx(legs.pusher_force_n)
    quarter_weight = 22_000.0 * 9.81 / 4.0
    assert legs.pusher_force_n < 0.2 * quarter_weight  # it cannot hold the stage up
    legs.foot_force(3, legs.crush_travel_m + FOLD_MARGIN_M + 0.01, 0.0, DT, 100.0, 5.0)
    assert legs.state[3] is LegState.FOLDED
    assert legs.first_failure == (4, "folded (its collet had not latched)")


def test_the_foot_loads_keep_their_peaks():
    legs = _deployed()
    legs.record_loads([1.0, 5.0, 2.0, 0.0])
    legs.record_loads([3.0, 1.0, 2.5, 0.0])
    assert legs.peak_load_n == [3.0, 5.0, 2.5, 0.0]
    assert legs.load_n == [3.0, 1.0, 2.5, 0.0]
