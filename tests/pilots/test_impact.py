"""The impact predictor: against Kepler's closed form in vacuum and against the World in air."""

from __future__ import annotations

import math

import numpy as np
import pytest

from game.data.loader import load_level, load_vehicle
from game.pilots.autopilot.impact import (
    EntryBurn,
    ImpactPredictor,
    PredictorSettings,
    WindForecast,
)
from game.pilots.autopilot.navigation import map_point_m, world_position_m
from game.pilots.autopilot.targeting import min_norm_correction
from game.pilots.autopilot.vehicle import VehicleModel
from game.sim.earth import EARTH_MU_M3PS2, EARTH_RADIUS_M, early_start_state


@pytest.fixture(scope="module")
def vehicle() -> VehicleModel:
    return VehicleModel(load_vehicle("falcon9_ft"))


def kepler_impact(pos, vel, radius_m: float) -> tuple[float, float]:
    """(range angle travelled, time of flight) to the descending crossing of ``radius_m``.

    Conic from the state: h = r x v, e from the Laplace vector, p = h^2 / mu; true anomaly from
    r = p / (1 + e cos nu); time of flight from the eccentric anomalies (Kepler's equation).
    """
    r = np.array([pos[0], pos[1], pos[2] + EARTH_RADIUS_M])
    v = np.array(vel)
    mu = EARTH_MU_M3PS2
    h = np.cross(r, v)
    e_vec = np.cross(v, h) / mu - r / np.linalg.norm(r)
    e = np.linalg.norm(e_vec)
    p = h @ h / mu
    a = p / (1.0 - e * e)

    def true_anomaly(rr, ascending):
        nu = math.acos(max(-1.0, min(1.0, (p / rr - 1.0) / e)))
        return nu if ascending else 2.0 * math.pi - nu

    nu0 = true_anomaly(np.linalg.norm(r), r @ v > 0.0)
    nu1 = true_anomaly(radius_m, False)

    def mean_anomaly(nu):
        ecc = 2.0 * math.atan(math.sqrt((1 - e) / (1 + e)) * math.tan(nu / 2.0))
        return ecc - e * math.sin(ecc)

    n = math.sqrt(mu / a**3)
    dm = (mean_anomaly(nu1) - mean_anomaly(nu0)) % (2.0 * math.pi)
    return nu1 - nu0, dm / n


@pytest.mark.parametrize("altitude_m, speed_mps, gamma_deg", [
    (70_000.0, 1_800.0, 40.0), (120_000.0, 900.0, 10.0), (60_000.0, 2_300.0, 30.0)])
def test_vacuum_flight_matches_keplers_closed_form(vehicle, altitude_m, speed_mps, gamma_deg):
    pos, vel = early_start_state(altitude_m, speed_mps, gamma_deg, 60.0, 400_000.0)
    predictor = ImpactPredictor(vehicle, settings=PredictorSettings(drag=False))
    pred = predictor.predict(pos, vel, 30_000.0, target_altitude_m=0.0, landing_burn=False)
    angle, tof = kepler_impact(pos, vel, EARTH_RADIUS_M)
    start_east, start_north = map_point_m(pos)
    travelled = math.hypot(pred.east_m - start_east, pred.north_m - start_north)
    # RK4 at 2 s above 100 km, 0.5 s below, surface crossing interpolated linearly: a few
    # metres over hundreds of kilometres.
    assert travelled == pytest.approx(angle * EARTH_RADIUS_M, abs=20.0)
    assert pred.time_s == pytest.approx(tof, abs=0.05)
    assert pred.peak_dynamic_pressure_pa == 0.0 or pred.peak_dynamic_pressure_pa > 0.0
    heading = math.degrees(math.atan2(pred.east_m - start_east, pred.north_m - start_north))
    assert heading == pytest.approx(60.0, abs=0.5)


def test_navigation_inverts_the_map_projection():
    for east, north, alt in ((0.0, 0.0, 10.0), (3.0e5, -2.0e5, 7.0e4), (-5.0e5, 1.0e3, 0.0)):
        e, n = map_point_m(world_position_m(east, north, alt))
        assert (e, n) == pytest.approx((east, north), abs=1e-4)


def test_drag_shortens_the_flight_and_records_the_loads(vehicle):
    pos, vel = early_start_state(70_000.0, 2_000.0, 35.0, 90.0, 500_000.0)
    vacuum = ImpactPredictor(vehicle, settings=PredictorSettings(drag=False)).predict(
        pos, vel, 30_000.0, landing_burn=False)
    air = ImpactPredictor(vehicle).predict(pos, vel, 30_000.0, landing_burn=False)
    assert air.east_m < vacuum.east_m - 2_000.0 and air.time_s > vacuum.time_s + 10.0
    # The vehicle file's limits are chosen so that an entry with no burn breaks them.
    assert air.peak_dynamic_pressure_pa > vehicle.limits.max_dynamic_pressure_pa
    assert air.peak_heat_flux_w_m2 > vehicle.limits.max_heat_flux_w_m2


def test_an_entry_burn_lowers_the_loads_and_uses_propellant_at_the_engine_flow(vehicle):
    pos, vel = early_start_state(70_000.0, 2_000.0, 35.0, 90.0, 500_000.0)
    predictor = ImpactPredictor(vehicle)
    burn = EntryBurn(start_altitude_m=65_000.0, end_speed_mps=800.0, engines=3,
                     max_axial_g=100.0)
    pred = predictor.predict(pos, vel, 30_000.0, entry_burn=burn, landing_burn=False)
    assert pred.peak_dynamic_pressure_pa < 0.8 * vehicle.limits.max_dynamic_pressure_pa
    assert pred.peak_heat_flux_w_m2 < 0.8 * vehicle.limits.max_heat_flux_w_m2
    # Above 40 km the ambient pressure is under 0.3 % of sea level: vacuum thrust and Isp.
    flow = 3 * vehicle.thrust_vac_n / (vehicle.isp_vac_s * 9.80665)
    assert pred.entry_burn_kg == pytest.approx(flow * pred.entry_burn_time_s, rel=0.01)
    assert pred.final_mass_kg == pytest.approx(30_000.0 - pred.entry_burn_kg, rel=1e-9)


def test_the_wind_forecast_blows_from_where_the_level_says():
    weather = load_level("atlantic_600km").spec.weather
    wind = WindForecast.from_spec(weather)
    wx, wy = wind.at(10.0)
    assert math.hypot(wx, wy) == pytest.approx(weather.wind_speed_mps)
    toward = math.degrees(math.atan2(wx, wy)) % 360.0
    assert toward == pytest.approx((weather.wind_from_deg + 180.0) % 360.0)
    assert wind.at(70_000.0) == (0.0, 0.0)


def test_min_norm_correction_cancels_a_linear_miss():
    jac = ((300.0, 5.0, 120.0), (-4.0, 310.0, 90.0))
    miss = (2_500.0, -1_200.0)
    dv = min_norm_correction(jac, miss)
    moved = [sum(j * d for j, d in zip(row, dv, strict=True)) for row in jac]
    assert moved == pytest.approx([-miss[0], -miss[1]], abs=1e-6)
    # The minimum-norm solution lies in the row space of J.
    a, b = np.array(jac[0]), np.array(jac[1])
    normal = np.cross(a, b)
    assert abs(np.dot(normal, dv)) < 1e-9 * np.linalg.norm(normal) * np.linalg.norm(dv)
