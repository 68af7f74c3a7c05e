"""The historical levels (CRS-5, CRS-6, Jason-3, CRS-8, ORBCOMM-2) and the touchdown practice
levels: the missions' dates, vehicles and faults, where the ship lay, the heading from the
launch azimuth, and a point-mass return from each separation state (boostback, entry burn,
descent) that must come down on the ship with the propellant the level loads."""

from __future__ import annotations

import dataclasses
import math
from functools import cache
from typing import NamedTuple

import pytest
from scipy.optimize import brentq

from game.data.loader import load_level, load_vehicle
from game.sim.aero import interp1
from game.sim.atmosphere import us1976
from game.sim.controls import Controls
from game.sim.world import World

G0 = 9.80665
EARTH_RADIUS_M = 6371000.0
MU_M3PS2 = 3.986004418e14
EARTH_SURFACE_SPEED_MPS = 7.2921159e-5 * 6378137.0  # 465.1 m/s at the equator
SEA_LEVEL_PA = 101325.0
SLC40 = (28.5620, -80.5772)  # [S] LC-40 infobox
SLC4E = (34.632, -120.611)  # [S] SLC-4 infobox
FLORIDA_GEORGIA_BORDER_LAT = 30.71  # [S] St Marys River mouth
GEORGIA_COAST_NORTH_LAT = 32.05  # [S] Savannah River mouth
SAN_DIEGO = (32.72, -117.16)  # [S]


class Mission(NamedTuple):
    """What the record says of one flight (tags in docs/levels.md, "Historical levels")."""

    date: str
    vehicle: str
    fault_kinds: tuple[str, ...]
    time_of_day: str
    ship_kind: str
    site: tuple[float, float]
    inclination_deg: float
    northward: bool
    separation_downrange_km: float  # [E] ascent estimate (docs/levels.md)
    ship_from_site_km: float | None  # the press figure; None for the land pad


MISSIONS = {
    "crs5_first_attempt": Mission("2015-01-10", "falcon9_v1_1", (), "night", "drone_ship",
                                  SLC40, 51.64, True, 42.0, 322.0),
    "crs6_throttle_valve": Mission("2015-04-14", "falcon9_v1_1", ("throttle_valve_lag",),
                                   "day", "drone_ship", SLC40, 51.64, True, 42.0, 400.0),
    "jason3_collet": Mission("2016-01-17", "falcon9_v1_1", ("collet_latch",), "day",
                             "drone_ship", SLC4E, 66.04, False, 42.0, 322.0),
    "crs8_ocisly": Mission("2016-04-08", "falcon9_ft", (), "day", "drone_ship", SLC40, 51.64,
                           True, 47.0, 300.0),
    "lz1_land_pad": Mission("2015-12-22", "falcon9_ft", (), "night", "land_pad", SLC40, 47.0,
                            True, 55.0, None),
}
PRACTICE = ["practice_touchdown_calm", "practice_touchdown_night_fog",
            "practice_touchdown_rough_sea", "practice_touchdown_collet"]


# ----------------------------------------------------------------------------- geography
def ground_heading_deg(inclination_deg: float, latitude_deg: float, ground_speed_mps: float,
                       northward: bool) -> float:
    """Direction of flight over the ground of a stage in the orbit's plane.

    The inertial launch azimuth is asin(cos i / cos lat) (north-east) or 180 deg less it
    (south-east); the stage's inertial velocity along it, less the Earth's eastward surface
    velocity, has the ground speed given.
    """
    lat = math.radians(latitude_deg)
    beta = math.asin(math.cos(math.radians(inclination_deg)) / math.cos(lat))
    if not northward:
        beta = math.pi - beta
    rotation = EARTH_SURFACE_SPEED_MPS * math.cos(lat)
    b = -2.0 * rotation * math.sin(beta)
    c = rotation**2 - ground_speed_mps**2
    inertial = 0.5 * (-b + math.sqrt(b * b - 4.0 * c))
    east = inertial * math.sin(beta) - rotation
    return math.degrees(math.atan2(east, inertial * math.cos(beta))) % 360.0


def destination(origin: tuple[float, float], heading_deg: float, distance_km: float):
    """(lat, lon) in degrees at a great-circle distance and initial heading from origin."""
    lat1, lon1 = map(math.radians, origin)
    d, h = distance_km * 1e3 / EARTH_RADIUS_M, math.radians(heading_deg)
    lat2 = math.asin(math.sin(lat1) * math.cos(d) + math.cos(lat1) * math.sin(d) * math.cos(h))
    lon2 = lon1 + math.atan2(math.sin(h) * math.sin(d) * math.cos(lat1),
                             math.cos(d) - math.sin(lat1) * math.sin(lat2))
    return math.degrees(lat2), math.degrees(lon2)


def ship_position(name: str) -> tuple[float, float]:
    mission, start = MISSIONS[name], load_level(name).spec.start
    along_km = mission.separation_downrange_km + start.range_to_ship_m / 1e3
    return destination(mission.site, start.heading_deg, along_km)


# ------------------------------------------------------------ a point-mass return flight
FLIP_S = 22.0  # [S] separation T+2:23 to boostback T+2:45 (a return flight's telemetry)
ENTRY_START_M, ENTRY_END_MPS = 62500.0, 753.0  # [S] the same telemetry: entry burn 62.5 km,
LANDING_BURN_START_M = 3000.0  # down to 753 m/s; landing burn from about 3 km


def return_flight(vehicle, start, vx_after_mps: float, dt: float = 0.2) -> dict:
    """Engines-first point mass over a spherical, non-rotating Earth, along the ground track.

    After FLIP_S of coasting, three engines thrust horizontally backwards until the along-track
    speed is ``vx_after_mps`` (the boostback: partial if > 0, reversing the course if < 0);
    descending through ENTRY_START_M, three engines against the velocity down to
    ENTRY_END_MPS (the entry burn); then drag (the body's engines-first axial coefficient plus
    the grid fins) to the sea. The landing burn's propellant is one engine stopping the speed
    reached at LANDING_BURN_START_M (rocket equation with gravity loss). Returns the ground
    range, the propellant per burn, peak dynamic pressure, heat flux and the flight time.
    """
    eng, aero, fins = vehicle.engines, vehicle.aero, vehicle.grid_fins
    c_a = aero.axial_coefficient[aero.alpha_deg.index(180.0)]
    fin_drag_area = fins.count * fins.area_m2 * fins.drag_coefficient
    gamma = math.radians(start.flight_path_angle_deg)
    x, h, t = 0.0, start.altitude_m, 0.0
    vx, vz = start.speed_mps * math.cos(gamma), start.speed_mps * math.sin(gamma)
    mass = vehicle.mass.dry_mass_kg + start.propellant_kg
    used = {"boostback": 0.0, "entry": 0.0}
    phase, peak_q, peak_heat, landing = "flip", 0.0, 0.0, None
    while h > 0.0:
        atm = us1976(h)
        v = math.hypot(vx, vz)
        q = 0.5 * atm.density_kgm3 * v * v
        drag = q * (vehicle.vehicle.reference_area_m2
                    * interp1(aero.mach, c_a, v / atm.speed_of_sound_mps) + fin_drag_area)
        ax, az = -drag / mass * vx / v, -drag / mass * vz / v
        f = min(atm.pressure_pa, SEA_LEVEL_PA) / SEA_LEVEL_PA
        thrust = 3.0 * (eng.thrust_vac_n + (eng.thrust_sl_n - eng.thrust_vac_n) * f)
        flow = thrust / ((eng.isp_vac_s + (eng.isp_sl_s - eng.isp_vac_s) * f) * G0) * dt
        if phase == "flip" and t >= FLIP_S:
            phase = "boostback" if vx > vx_after_mps else "coast"
        if phase == "boostback" and vx <= vx_after_mps:
            phase = "coast"
        if phase == "coast" and vz < 0.0 and h < ENTRY_START_M and v > ENTRY_END_MPS:
            phase = "entry"
        if phase == "entry" and v <= ENTRY_END_MPS:
            phase = "descent"
        if phase in ("boostback", "entry"):
            # The last step of a burn burns only what takes it to its end speed.
            over = vx - vx_after_mps if phase == "boostback" else v - ENTRY_END_MPS
            share = min(1.0, over / (thrust / mass * dt))
            a = share * thrust / mass
            ax, az = (ax - a, az) if phase == "boostback" else (ax - a * vx / v, az - a * vz / v)
            mass -= share * flow
            used[phase] += share * flow
            if share < 1.0:
                phase = "coast" if phase == "boostback" else "descent"
        r = EARTH_RADIUS_M + h
        vx += (ax - vx * vz / r) * dt
        vz += (az - MU_M3PS2 / r**2 + vx * vx / r) * dt
        x, h, t = x + vx * dt * EARTH_RADIUS_M / r, h + vz * dt, t + dt
        peak_q = max(peak_q, q)
        peak_heat = max(peak_heat, 1.7415e-4 * math.sqrt(
            atm.density_kgm3 / vehicle.limits.heating_nose_radius_m) * v**3)
        if landing is None and h < LANDING_BURN_START_M:
            landing = (v, mass)
    speed, mass = landing
    burn_s = speed / (eng.thrust_sl_n / mass - G0)
    used["landing"] = mass * (1.0 - math.exp(-(speed + G0 * burn_s) / (eng.isp_sl_s * G0)))
    return {"range_m": x, "used_kg": used, "q_pa": peak_q, "heat_w_m2": peak_heat,
            "time_s": t}


@cache
def flown(name: str, propellant_kg: float | None = None) -> dict:
    """The return that lands on the ship (the boostback solved for) and the unpowered one,
    with the level's propellant or ``propellant_kg``."""
    level = load_level(name)
    start, vehicle = level.spec.start, level.vehicle
    if propellant_kg is not None:
        start = start.model_copy(update={"propellant_kg": propellant_kg})
    vx0 = start.speed_mps * math.cos(math.radians(start.flight_path_angle_deg))

    def miss(vx_after: float) -> float:
        return return_flight(vehicle, start, vx_after)["range_m"] - start.range_to_ship_m

    vx_after = brentq(miss, -vx0, vx0 + 1.0, xtol=0.5)
    landed = return_flight(vehicle, start, vx_after)
    return {"vx0": vx0, "vx_after": vx_after, "free": return_flight(vehicle, start, vx0 + 1.0),
            "landed": landed, "needed_kg": sum(landed["used_kg"].values())}


def least_propellant_kg(name: str) -> float:
    """The smallest load that lasts to touchdown: the fixed point of load -> propellant used
    (a heavier stage needs more), by iteration from the level's load."""
    load = flown(name)["needed_kg"]
    for _ in range(20):
        needed = flown(name, round(load, -1))["needed_kg"]
        if abs(needed - load) < 100.0:
            return needed
        load = needed
    raise AssertionError(f"{name}: the propellant need does not converge")


# ---------------------------------------------------------------------------------- tests
@pytest.mark.parametrize("name", sorted(MISSIONS))
def test_each_mission_level_has_its_date_vehicle_weather_and_fault_kinds(name):
    mission, level = MISSIONS[name], load_level(name)
    spec = level.spec
    assert spec.level.date == mission.date
    assert spec.level.vehicle == mission.vehicle
    assert tuple(f.kind for f in spec.faults) == mission.fault_kinds
    assert all(f.probability == 1.0 for f in spec.faults)  # it happened that day
    assert spec.weather.time_of_day == mission.time_of_day
    assert spec.ship.kind == mission.ship_kind
    assert spec.start.phase == "separation" and spec.start.engine_starts_left >= 3
    assert spec.success.settle_time_s == 10.0
    assert all(s.startswith(("[P]", "[S]", "[E]")) for s in spec.level.sources)
    assert mission.date[:4] in spec.level.title and len(spec.level.description) > 300


def test_crs5_is_night_and_fog_and_jason3_is_a_rough_sea_after_icing_fog():
    crs5, jason3 = load_level("crs5_first_attempt").spec, load_level("jason3_collet").spec
    assert crs5.weather.fog_visibility_m < 1000.0  # fog by definition
    assert jason3.weather.icing_exposure >= 0.8
    assert jason3.sea.significant_wave_height_m >= 2.0
    assert jason3.faults[0].leg == 3  # Seradata
    assert all(f.at_time_s is None and f.below_altitude_m is None
               for name in MISSIONS for f in load_level(name).spec.faults)  # from the start


def test_crs5_carries_two_thirds_of_what_the_next_flights_carried():
    """The CRS-5 load is the v1.1 capacity less the "50% more" of the next flight [P]; where
    that load runs dry in flight is tested with the autopilot (tests/pilots/test_fin_fluid.py)."""
    load = load_level("crs5_first_attempt").spec.start.hydraulic_fluid_kg
    capacity = load_vehicle("falcon9_v1_1").grid_fins.hydraulic_fluid_capacity_kg
    assert load * 1.5 == pytest.approx(capacity)  # "next flight already has 50% more" [P]
    for name in ("crs6_throttle_valve", "jason3_collet"):
        assert load_level(name).spec.start.hydraulic_fluid_kg == pytest.approx(capacity)


def _valve_time_constant_s(level) -> float:
    """Light one engine, step the throttle from full to the floor once running, and time
    the valve to 63 % of the step."""
    world = World()
    obs = world.reset(level)
    floor = level.vehicle.engines.min_throttle_norm
    while obs.engine_state != "running":
        obs = world.step(Controls(engine_on=True, throttle_norm=1.0)).observation
    t0 = world.time_s
    target = 1.0 - (1.0 - floor) * (1.0 - math.exp(-1.0))
    while obs.throttle_norm > target:
        obs = world.step(Controls(engine_on=True, throttle_norm=0.0)).observation
    return world.time_s - t0


def test_crs6_valve_answers_with_the_fault_time_constant_from_separation():
    level = load_level("crs6_throttle_valve")
    lag = level.spec.faults[0].throttle_lag_s
    healthy = level.vehicle.engines.throttle_valve_time_constant_s
    assert lag > 4.0 * healthy
    dt = level.spec.physics.dt_s
    assert _valve_time_constant_s(level) == pytest.approx(lag, abs=1.5 * dt)
    no_fault = dataclasses.replace(level, spec=level.spec.model_copy(update={"faults": []}))
    assert _valve_time_constant_s(no_fault) == pytest.approx(healthy, abs=1.5 * dt)


@pytest.mark.parametrize("name", sorted(MISSIONS))
def test_heading_is_the_launch_azimuth_over_the_ground(name):
    mission, start = MISSIONS[name], load_level(name).spec.start
    expected = ground_heading_deg(mission.inclination_deg, mission.site[0], start.speed_mps,
                                  mission.northward)
    assert start.heading_deg == pytest.approx(expected, abs=1.0)


@pytest.mark.parametrize("name", [n for n, m in MISSIONS.items() if m.ship_from_site_km])
def test_ship_lies_as_far_from_the_launch_site_as_the_press_said(name):
    mission, start = MISSIONS[name], load_level(name).spec.start
    along_km = mission.separation_downrange_km + start.range_to_ship_m / 1e3
    assert along_km == pytest.approx(mission.ship_from_site_km, abs=10.0)
    assert start.crossrange_m == 0.0


def test_ships_lie_off_the_coasts_the_press_named():
    lat, lon = ship_position("crs6_throttle_valve")  # "offshore of the Florida/Georgia border"
    assert FLORIDA_GEORGIA_BORDER_LAT <= lat <= GEORGIA_COAST_NORTH_LAT and lon > -79.0
    lat, lon = ship_position("crs5_first_attempt")  # "200 miles off Florida's coast"
    assert 29.5 < lat < 31.5 and lon > -79.5
    lat, lon = ship_position("jason3_collet")  # south of Vandenberg, west of San Diego
    assert lat < SLC4E[0] - 2.0 and abs(lat - SAN_DIEGO[0]) < 1.0 and lon < SAN_DIEGO[1] - 1.0


@pytest.mark.parametrize("name", sorted(MISSIONS))
def test_return_from_separation_comes_down_on_the_ship_with_the_propellant_loaded(name):
    level, result = load_level(name), flown(name)
    start, limits = level.spec.start, level.vehicle.limits
    landed = result["landed"]
    assert landed["range_m"] == pytest.approx(start.range_to_ship_m, abs=1000.0)
    # Unpowered after separation (entry burn only) the stage overshoots: every one of these
    # flights flew a boostback [S].
    assert result["free"]["range_m"] > start.range_to_ship_m + 10000.0
    if start.range_to_ship_m > 0.0:  # a drone ship: the boostback only trims the range
        assert 0.0 < result["vx_after"] < result["vx0"]
    else:  # back to the launch site: the boostback reverses the course
        assert result["vx_after"] < -100.0
    # Enough, with a margin for a flight that is less than ideal, and not a tanker: at most
    # about twice the smallest load that lasts (a lighter stage needs less).
    assert result["needed_kg"] < 0.92 * start.propellant_kg
    assert start.propellant_kg < 2.25 * least_propellant_kg(name)
    assert landed["q_pa"] < limits.max_dynamic_pressure_pa
    assert landed["heat_w_m2"] < limits.max_heat_flux_w_m2


def test_crs8_return_takes_as_long_as_the_real_one():
    # [S] liftoff 20:43:00 UTC, separation about T+2:40, touchdown 20:52:10 UTC: 390 s.
    assert flown("crs8_ocisly")["landed"]["time_s"] == pytest.approx(550.0 - 160.0, abs=30.0)


@pytest.mark.parametrize("name", PRACTICE)
def test_practice_levels_start_a_few_hundred_metres_above_the_deck(name):
    spec = load_level(name).spec
    start = spec.start
    assert start.phase == "touchdown" and 100.0 <= start.altitude_m <= 600.0
    assert start.vertical_speed_mps < 0.0 and start.legs == "deployed"
    assert spec.ship.kind == "drone_ship" and spec.success.settle_time_s == 10.0
    assert spec.level.date == "" and spec.level.sources


def test_practice_levels_cover_calm_night_fog_rough_sea_and_an_unlatched_collet():
    calm, fog, rough, collet = (load_level(n).spec for n in PRACTICE)
    assert calm.sea.significant_wave_height_m <= 0.5 and not calm.faults
    assert fog.weather.time_of_day == "night" and fog.weather.fog_visibility_m < 500.0
    assert rough.sea.significant_wave_height_m == 2.0
    assert [(f.kind, f.probability) for f in collet.faults] == [("collet_latch", 1.0)]
    assert not fog.faults and not rough.faults
