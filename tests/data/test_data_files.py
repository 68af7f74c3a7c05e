"""The shipped vehicle and level files: they load, and their figures agree with the sources
(falcon9-data.md), with each other and with closed forms."""

from __future__ import annotations

import math
from bisect import bisect_right
from itertools import pairwise

import pytest

from game.data.loader import (
    BROKEN_PREFIX,
    levels_dir,
    list_levels,
    load_level,
    load_vehicle,
    tank_capacity_kg,
    vehicles_dir,
)

G0 = 9.80665
VEHICLES = sorted(p.stem for p in vehicles_dir().glob("*.toml"))
LEVELS = sorted(p.stem for p in levels_dir().glob("*.toml"))
LATE_LEVELS = [n for n in LEVELS if load_level(n).spec.start.phase in ("landing_burn",
                                                                       "touchdown")]


def _interp(axis: list[float], values: list[float], x: float) -> float:
    if x <= axis[0]:
        return values[0]
    if x >= axis[-1]:
        return values[-1]
    i = bisect_right(axis, x)
    w = (x - axis[i - 1]) / (axis[i] - axis[i - 1])
    return values[i - 1] + w * (values[i] - values[i - 1])


def _column(table: list[list[float]], j: int) -> list[float]:
    return [row[j] for row in table]


def test_the_required_files_are_there():
    assert {"falcon9_ft", "falcon9_v1_1"} <= set(VEHICLES)
    assert {"practice_landing_burn", "atlantic_600km", "lz1_land_pad",
            "practice_touchdown"} <= set(LEVELS)


@pytest.mark.parametrize("name", VEHICLES)
def test_every_vehicle_loads_and_its_mass_flow_agrees_at_sea_level_and_in_vacuum(name):
    engines = load_vehicle(name).engines
    mdot_sl = engines.thrust_sl_n / (engines.isp_sl_s * G0)
    mdot_vac = engines.thrust_vac_n / (engines.isp_vac_s * G0)
    assert mdot_sl == pytest.approx(mdot_vac, rel=0.02)  # one propellant flow, two nozzle states


@pytest.mark.parametrize("name", LEVELS)
def test_every_level_loads_with_a_title_a_description_and_its_sources(name):
    level = load_level(name)
    assert level.name == name
    assert level.spec.level.title and len(level.spec.level.description) > 80
    assert level.spec.level.sources


def test_list_levels_gives_every_title_and_no_broken_file():
    listed = list_levels()
    assert listed == [(n, load_level(n).spec.level.title) for n in LEVELS]
    assert not any(title.startswith(BROKEN_PREFIX) for _, title in listed)


# falcon9-data.md's mass breakdown: (kg, station m), the tanks spread evenly over 3-41 m.
BREAKDOWN = [(4200.0, 1.5), (2500.0, 3.0), (2000.0, 6.0), (2000.0, 44.5), (1000.0, 42.0)]
TANKS_KG, TANKS_FROM_M, TANKS_TO_M = 10000.0, 3.0, 41.0


def test_full_thrust_dry_centre_of_mass_and_inertia_follow_the_mass_breakdown():
    mass = load_vehicle("falcon9_ft").mass
    tank_mid = 0.5 * (TANKS_FROM_M + TANKS_TO_M)
    total = sum(m for m, _ in BREAKDOWN) + TANKS_KG
    com = (sum(m * x for m, x in BREAKDOWN) + TANKS_KG * tank_mid) / total
    assert com == pytest.approx(17.36, abs=0.01)
    assert mass.dry_com_station_m == pytest.approx(com, abs=0.3)
    length = TANKS_TO_M - TANKS_FROM_M
    inertia = (sum(m * (x - com) ** 2 for m, x in BREAKDOWN)
               + TANKS_KG * (length**2 / 12.0 + (tank_mid - com) ** 2))
    assert 4e6 < mass.dry_inertia_transverse_kgm2 < 6e6  # falcon9-data.md's range
    assert mass.dry_inertia_transverse_kgm2 == pytest.approx(inertia, rel=0.05)
    assert mass.dry_inertia_roll_kgm2 == pytest.approx(6e4, rel=0.15)


@pytest.mark.parametrize(("name", "low_t", "high_t"), [("falcon9_ft", 390, 410),
                                                       ("falcon9_v1_1", 340, 400)])
def test_tanks_fit_the_41_m_stage_with_lox_above_rp1_and_hold_the_right_load(name, low_t,
                                                                             high_t):
    v = load_vehicle(name)
    m = v.mass
    assert m.rp1_tank_top_station_m < m.lox_tank_bottom_station_m
    assert m.lox_tank_top_station_m <= 41.2  # the interstage above is not a tank
    assert m.tank_radius_m < 0.5 * v.vehicle.diameter_m
    assert v.vehicle.reference_area_m2 == pytest.approx(math.pi * v.vehicle.diameter_m**2 / 4,
                                                        rel=1e-3)
    assert low_t * 1e3 < tank_capacity_kg(m) < high_t * 1e3
    if name == "falcon9_ft":  # both tanks run dry together at the mixture ratio
        area = math.pi * m.tank_radius_m**2
        lox = area * (m.lox_tank_top_station_m - m.lox_tank_bottom_station_m) * m.lox_density_kgm3
        rp1 = area * (m.rp1_tank_top_station_m - m.rp1_tank_bottom_station_m) * m.rp1_density_kgm3
        assert lox / rp1 == pytest.approx(m.mixture_ratio_ox_to_fuel, rel=0.01)


@pytest.mark.parametrize("name", VEHICLES)
def test_axial_coefficient_is_drag_like_both_ways_and_in_the_published_ranges(name):
    aero = load_vehicle(name).aero
    rows = dict(zip(aero.alpha_deg, aero.axial_coefficient, strict=True))
    assert all(c >= 0.0 for row in aero.axial_coefficient for c in row)  # game/sim/aero.py
    assert max(rows[90.0]) == 0.0
    for j, mach in enumerate(aero.mach):
        engines_first, nose_first = rows[180.0][j], rows[0.0][j]
        if mach <= 0.8:
            assert 0.8 <= engines_first <= 1.0
        elif 1.2 <= mach <= 3.0:
            assert 1.2 <= engines_first <= 1.5
        assert nose_first < engines_first


@pytest.mark.parametrize("name", VEHICLES)
def test_normal_coefficient_is_the_cylinder_cross_flow_and_peaks_broadside(name):
    v = load_vehicle(name)
    aero = v.aero
    info = v.vehicle
    planform_over_reference = info.length_m * info.diameter_m / info.reference_area_m2
    # Broadside at low speed: eta C_dc = 0.7 x 0.7 on the planform area (Jorgensen, with the
    # transcritical cross-flow drag of a cylinder at the stage's Reynolds numbers, Roshko 1961).
    i90 = aero.alpha_deg.index(90.0)
    assert aero.normal_coefficient[i90][0] == pytest.approx(0.49 * planform_over_reference,
                                                            rel=0.02)
    for j in range(len(aero.mach)):
        column = _column(aero.normal_coefficient, j)
        assert max(column) == column[i90]
        assert column[0] == column[-1] == 0.0
        for a, c in zip(aero.alpha_deg, column, strict=True):  # symmetric about 90 deg
            assert c == pytest.approx(column[aero.alpha_deg.index(180.0 - a)], abs=1e-9)


@pytest.mark.parametrize("name", VEHICLES)
def test_centre_of_pressure_runs_from_the_nose_to_the_base_through_mid_length(name):
    v = load_vehicle(name)
    aero, middle = v.aero, 0.5 * v.vehicle.length_m
    i90 = aero.alpha_deg.index(90.0)
    for j in range(len(aero.mach)):
        column = _column(aero.center_of_pressure_station_m, j)
        assert column[i90] == pytest.approx(middle, abs=0.1)
        assert all(b <= a for a, b in pairwise(column))
        assert column[1] > middle + 10.0 and column[-2] < middle - 10.0


def test_terminal_speed_at_4_km_is_near_the_landing_burn_figures():
    v = load_vehicle("falcon9_ft")
    aero = v.aero
    rho, sound = 0.81935, 324.59  # US Standard Atmosphere 1976 at 4 km
    mass = 28000.0
    c_a = aero.axial_coefficient[aero.alpha_deg.index(180.0)]
    speed = 250.0
    for _ in range(20):  # C_A depends on the Mach number: fixed point
        coefficient = _interp(aero.mach, c_a, speed / sound)
        speed = math.sqrt(2.0 * mass * G0 / (rho * v.vehicle.reference_area_m2 * coefficient))
    assert 230.0 < speed < 300.0  # falcon9-data.md: ~250 m/s with C_A 1.0; 295 m/s seen


@pytest.mark.parametrize("alpha", [170.0, 175.0])
@pytest.mark.parametrize("mach", [0.0, 0.5, 0.8])
def test_engines_first_the_grid_fins_overcome_the_unstable_body(alpha, mach):
    v = load_vehicle("falcon9_ft")
    aero, fins = v.aero, v.grid_fins
    com = v.mass.dry_com_station_m  # empty stage: the highest CoM, the worst case
    i = aero.alpha_deg.index(alpha)
    c_n = _interp(aero.mach, aero.normal_coefficient[i], mach)
    x_cp = _interp(aero.mach, aero.center_of_pressure_station_m[i], mach)
    assert x_cp < com  # the body alone is unstable engines first
    body = v.vehicle.reference_area_m2 * c_n * (com - x_cp)  # destabilising, per unit q
    a = math.radians(180.0 - alpha)
    eta = _interp(fins.effectiveness_mach, fins.effectiveness, mach)
    # Four fins in an X: the cross-flow gives each fin sin(a) cos(45 deg); the normal forces
    # add up as two face-on fins. Their drag acts at the fins along the flow.
    normal = 2.0 * fins.area_m2 * fins.normal_force_slope_per_rad * eta * math.sin(a)
    drag = fins.count * fins.area_m2 * fins.drag_coefficient * math.sin(a)
    assert (normal + drag) * (fins.station_m - com) > body


# ------------------------------------------------ a point-mass entry for the limits and levels
_LAYERS = [(0.0, 288.15, -0.0065, 101325.0), (11000.0, 216.65, 0.0, 22632.06),
           (20000.0, 216.65, 0.001, 5474.889), (32000.0, 228.65, 0.0028, 868.0187),
           (47000.0, 270.65, 0.0, 110.9063), (51000.0, 270.65, -0.0028, 66.93887),
           (71000.0, 214.65, -0.002, 3.956420)]
_R_AIR, _M_AIR, _R_GAS = 287.053, 0.0289644, 8.31446


def _atmosphere(h: float) -> tuple[float, float, float]:
    """(density, pressure, speed of sound), US 1976 to 86 km, then a 6 km scale height."""
    h = max(h, 0.0)
    if h > 84852.0:
        p, t = 0.3734 * math.exp(-(h - 84852.0) / 6000.0), 186.9
    else:
        hb, tb, lapse, pb = next(layer for layer in reversed(_LAYERS) if h >= layer[0])
        k = G0 * _M_AIR / _R_GAS
        if lapse == 0.0:
            t, p = tb, pb * math.exp(-k * (h - hb) / tb)
        else:
            t = tb + lapse * (h - hb)
            p = pb * (t / tb) ** (-k / lapse)
    return p / (_R_AIR * t), p, math.sqrt(1.4 * _R_AIR * t)


def _entry(vehicle, altitude_m, speed_mps, fpa_deg, propellant_kg, burn: bool) -> dict:
    """Engines-first point mass over a spherical Earth: peak loads and the ground range."""
    r_e, mu, dt = 6371000.0, 3.986004418e14, 0.1
    aero, eng, fins = vehicle.aero, vehicle.engines, vehicle.grid_fins
    c_a = aero.axial_coefficient[aero.alpha_deg.index(180.0)]
    fin_area = fins.count * fins.area_m2 * fins.drag_coefficient
    x, h = 0.0, altitude_m
    vx = speed_mps * math.cos(math.radians(fpa_deg))
    vz = speed_mps * math.sin(math.radians(fpa_deg))
    mass, burning_done = vehicle.mass.dry_mass_kg + propellant_kg, False
    peak = {"q": 0.0, "heat": 0.0, "g": 0.0}
    while h > 2000.0:
        rho, p, sound = _atmosphere(h)
        v = math.hypot(vx, vz)
        q = 0.5 * rho * v * v
        force = q * (vehicle.vehicle.reference_area_m2 * _interp(aero.mach, c_a, v / sound)
                     + fin_area)
        if burn and not burning_done and vz < 0.0 and h < 65000.0:
            if v > 800.0:  # three engines, thrust between vacuum and sea level
                thrust = 3 * (eng.thrust_vac_n - (eng.thrust_vac_n - eng.thrust_sl_n) * p / 101325)
                force += thrust
                mass -= thrust / (eng.isp_vac_s * G0) * dt
            else:
                burning_done = True
        r = r_e + h
        ax = -force / mass * vx / v - vx * vz / r
        az = -force / mass * vz / v - mu / r**2 + vx * vx / r
        vx, vz = vx + ax * dt, vz + az * dt
        x, h = x + vx * dt * r_e / r, h + vz * dt
        heat = 1.7415e-4 * math.sqrt(rho / vehicle.limits.heating_nose_radius_m) * v**3
        peak = {"q": max(peak["q"], q), "heat": max(peak["heat"], heat),
                "g": max(peak["g"], force / mass / G0)}
    return {**peak, "range_m": x}


@pytest.mark.parametrize("name", VEHICLES)
def test_an_entry_without_entry_burn_breaks_up_and_a_normal_one_does_not(name):
    v = load_vehicle(name)
    lim = v.limits
    bare = _entry(v, 70000.0, 2000.0, 38.0, 25000.0, burn=False)
    assert bare["q"] > lim.max_dynamic_pressure_pa and bare["heat"] > lim.max_heat_flux_w_m2
    burn = _entry(v, 70000.0, 2000.0, 38.0, 25000.0, burn=True)
    assert burn["q"] < lim.max_dynamic_pressure_pa
    assert burn["heat"] < lim.max_heat_flux_w_m2
    assert burn["g"] < lim.max_axial_load_g
    assert burn["q"] > 0.3 * lim.max_dynamic_pressure_pa  # the limit is not slack either


def test_atlantic_ship_lies_where_an_entry_burn_trajectory_comes_down():
    level = load_level("atlantic_600km")
    s = level.spec.start
    flown = _entry(level.vehicle, s.altitude_m, s.speed_mps, s.flight_path_angle_deg,
                   s.propellant_kg, burn=True)
    assert flown["range_m"] == pytest.approx(s.range_to_ship_m, abs=30000.0)
    assert 550e3 < s.range_to_ship_m + 95e3 < 650e3  # ~ 600 km from the Cape


def test_lz1_start_is_orbcomm2_separation_with_the_pad_behind_and_to_the_right():
    s = load_level("lz1_land_pad").spec
    assert (s.start.speed_mps, s.start.altitude_m) == (1660.0, 75900.0)
    assert s.ship.kind == "land_pad"
    # LZ-1 and SLC-40 from the sources; the stage 55 km downrange along the heading.
    km_per_deg = 6371.0 * math.pi / 180.0
    north = (28.4859 - 28.5620) * km_per_deg
    east = (80.5772 - 80.5444) * km_per_deg * math.cos(math.radians(28.52))
    h = math.radians(s.start.heading_deg)
    along = east * math.sin(h) + north * math.cos(h) - 55.0
    right = east * math.cos(h) - north * math.sin(h)
    assert s.start.range_to_ship_m / 1e3 == pytest.approx(along, abs=0.5)
    assert s.start.crossrange_m / 1e3 == pytest.approx(right, abs=0.5)


@pytest.mark.parametrize("name", LATE_LEVELS)
def test_practice_levels_can_be_flown_but_not_hovered(name):
    level = load_level(name)
    s, eng = level.spec.start, level.vehicle.engines
    mass = level.vehicle.mass.dry_mass_kg + s.propellant_kg
    weight = mass * G0
    assert eng.min_throttle_norm * eng.thrust_sl_n > weight  # one engine cannot hover
    decel = eng.thrust_sl_n / mass - G0
    speed = -s.vertical_speed_mps
    delay = eng.startup_delay_s + 0.5 * eng.spool_up_time_s
    stopping = speed * delay + speed**2 / (2.0 * decel)
    assert (s.altitude_m - stopping) / speed > 1.0  # over a second to react, full throttle
    burn_s = speed / decel
    needed = mass * (1.0 - math.exp(-(speed + G0 * burn_s) / (eng.isp_sl_s * G0)))
    assert needed < s.propellant_kg


@pytest.mark.parametrize("name", VEHICLES)
def test_aero_tables_are_what_the_documented_formulas_give(name):
    doc = (levels_dir().parent / "docs" / "levels.md").read_text()
    start = doc.index("### How the aerodynamic tables were made")
    code = doc[doc.index("```python\n", start) + len("```python\n"):doc.index("```\n", start + 50)]
    namespace: dict = {}
    exec(code, namespace)  # the snippet in the documentation, as written
    aero = load_vehicle(name).aero
    assert aero.mach == namespace["MACH"]
    assert aero.alpha_deg == [float(a) for a in namespace["ALPHA"]]
    for i, alpha in enumerate(aero.alpha_deg):
        for j in range(len(aero.mach)):
            c_a, c_n, cp = namespace["cell"](alpha, j)
            assert aero.axial_coefficient[i][j] == pytest.approx(c_a, abs=1e-3)
            assert aero.normal_coefficient[i][j] == pytest.approx(c_n, abs=1e-3)
            assert aero.center_of_pressure_station_m[i][j] == pytest.approx(cp, abs=0.01)
