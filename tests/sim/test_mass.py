"""MassModel: conservation, centre of mass, parallel-axis inertia, draining behaviour."""

from __future__ import annotations

import math

import numpy as np
import pytest

from game.data.vehicle_schema import MassSpec
from game.sim.mass import MassModel

PI = math.pi


def small_spec(**overrides) -> MassSpec:
    """Radius 1 m (area pi), LOX 1000 kg/m^3 in 20..30 m, RP-1 800 kg/m^3 in 5..15 m, MR 2."""
    values = dict(
        dry_mass_kg=1000.0,
        dry_com_station_m=10.0,
        dry_inertia_transverse_kgm2=5000.0,
        dry_inertia_roll_kgm2=200.0,
        tank_radius_m=1.0,
        lox_density_kgm3=1000.0,
        rp1_density_kgm3=800.0,
        lox_tank_bottom_station_m=20.0,
        lox_tank_top_station_m=30.0,
        rp1_tank_bottom_station_m=5.0,
        rp1_tank_top_station_m=15.0,
        mixture_ratio_ox_to_fuel=2.0,
    )
    values.update(overrides)
    return MassSpec(**values)


def test_split_and_total_mass():
    m = MassModel(small_spec(), 3000.0)
    assert m.lox_kg == pytest.approx(2000.0)
    assert m.rp1_kg == pytest.approx(1000.0)
    assert m.propellant_kg == pytest.approx(3000.0)
    assert m.mass_kg == pytest.approx(4000.0)


def test_mass_conservation_over_drains():
    m = MassModel(small_spec(), 9000.0)
    rng = np.random.default_rng(1)
    removed_total = 0.0
    for kg in rng.uniform(0.0, 400.0, size=60):
        before = m.mass_kg
        removed = m.drain(float(kg))
        removed_total += removed
        assert m.mass_kg == pytest.approx(before - removed, rel=0, abs=1e-9)
        assert m.mass_kg == pytest.approx(1000.0 + m.lox_kg + m.rp1_kg, abs=1e-9)
    assert removed_total + m.propellant_kg == pytest.approx(9000.0, abs=1e-6)
    assert m.propellant_kg == 0.0
    assert m.mass_kg == 1000.0


def test_drain_never_below_zero_and_returns_actual():
    m = MassModel(small_spec(), 300.0)
    assert m.drain(0.0) == 0.0
    assert m.drain(-5.0) == 0.0
    assert m.propellant_kg == pytest.approx(300.0)
    assert m.drain(1000.0) == pytest.approx(300.0)
    assert m.lox_kg == 0.0 and m.rp1_kg == 0.0
    assert m.drain(10.0) == 0.0
    assert m.com_station_m == pytest.approx(10.0)


def test_com_is_mass_weighted_mean_of_parts():
    spec = small_spec()
    for prop in (0.0, 1234.0, 6000.0 * PI, 40000.0):
        m = MassModel(spec, prop)
        lox, rp1 = prop * 2.0 / 3.0, prop / 3.0
        h_lox = min(lox / (1000.0 * PI), 10.0)
        h_rp1 = min(rp1 / (800.0 * PI), 10.0)
        x_lox = 20.0 + h_lox / 2.0
        x_rp1 = 5.0 + h_rp1 / 2.0
        expected = (1000.0 * 10.0 + lox * x_lox + rp1 * x_rp1) / (1000.0 + lox + rp1)
        assert m.com_station_m == pytest.approx(expected, rel=1e-12)


def test_parallel_axis_inertia_hand_case():
    # LOX 4000 pi kg: 4 m deep (centre 22 m); RP-1 2000 pi kg: 2.5 m deep (centre 6.25 m).
    m = MassModel(small_spec(), 6000.0 * PI)
    m_lox, m_rp1 = 4000.0 * PI, 2000.0 * PI
    total = 1000.0 + m_lox + m_rp1
    com = (1000.0 * 10.0 + m_lox * 22.0 + m_rp1 * 6.25) / total
    i_trans = (
        5000.0
        + 1000.0 * (10.0 - com) ** 2
        + m_lox * (3.0 * 1.0 + 4.0**2) / 12.0
        + m_lox * (22.0 - com) ** 2
        + m_rp1 * (3.0 * 1.0 + 2.5**2) / 12.0
        + m_rp1 * (6.25 - com) ** 2
    )
    i_roll = 200.0 + 0.5 * (m_lox + m_rp1) * 1.0
    assert m.com_station_m == pytest.approx(com, rel=1e-12)
    assert m.inertia_transverse_kgm2 == pytest.approx(i_trans, rel=1e-12)
    assert m.inertia_roll_kgm2 == pytest.approx(i_roll, rel=1e-12)


def test_empty_stage_is_the_dry_structure():
    m = MassModel(small_spec(), 0.0)
    assert m.mass_kg == 1000.0
    assert m.com_station_m == 10.0
    assert m.inertia_transverse_kgm2 == 5000.0
    assert m.inertia_roll_kgm2 == 200.0


def test_capacity_is_enforced():
    spec = small_spec()
    # LOX limits: 1000 pi 10 kg of LOX is 2/3 of the load -> 15000 pi kg in all.
    cap = 15000.0 * PI
    m = MassModel(spec, cap)
    assert m.lox_kg == pytest.approx(10000.0 * PI)
    assert m.capacity_kg == pytest.approx(cap)
    with pytest.raises(ValueError, match="capacity"):
        MassModel(spec, cap * 1.001)
    with pytest.raises(ValueError):
        MassModel(spec, -1.0)


def test_com_moves_toward_dry_com_as_it_drains():
    # Both tanks above a low dry CoM (heavy engine section): every drain moves the CoM down.
    spec = small_spec(dry_mass_kg=20000.0, dry_com_station_m=3.0)
    m = MassModel(spec, 40000.0)
    distance = m.com_station_m - 3.0
    assert distance > 5.0
    while m.propellant_kg > 0.0:
        m.drain(500.0)
        new_distance = m.com_station_m - 3.0
        assert 0.0 <= new_distance < distance
        distance = new_distance
    assert distance == pytest.approx(0.0, abs=1e-12)


def test_inertia_falls_as_it_drains():
    m = MassModel(small_spec(), 40000.0)
    i_t, i_r = m.inertia_transverse_kgm2, m.inertia_roll_kgm2
    while m.propellant_kg > 0.0:
        m.drain(250.0)
        assert m.inertia_transverse_kgm2 < i_t
        assert m.inertia_roll_kgm2 < i_r
        i_t, i_r = m.inertia_transverse_kgm2, m.inertia_roll_kgm2
    assert i_t == pytest.approx(5000.0)


def test_mixture_ratio_kept_after_drains():
    m = MassModel(small_spec(mixture_ratio_ox_to_fuel=2.56), 30000.0)
    rng = np.random.default_rng(7)
    for kg in rng.uniform(0.0, 700.0, size=40):
        m.drain(float(kg))
        if m.rp1_kg > 1.0:
            assert m.lox_kg / m.rp1_kg == pytest.approx(2.56, rel=1e-9)
