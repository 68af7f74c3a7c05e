"""The autopilot's parts on their own: lean planner, engine switch, stopping distance, vehicle."""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np
import pytest
from scipy.integrate import solve_ivp

from game.data.loader import load_vehicle
from game.pilots.autopilot.drag_estimate import DragEstimate
from game.pilots.autopilot.engine_switch import EngineSwitch
from game.pilots.autopilot.ignition import (
    coast_to_ignition_s,
    stopping_distance_m,
    time_to_ignition_s,
)
from game.pilots.autopilot.landing_settings import (
    LandingSettings,
    ignition_throttle,
    planner_floor_norm,
    planner_reserve_norm,
)
from game.pilots.autopilot.lateral_mpc import LateralMpc
from game.pilots.autopilot.vehicle import VehicleModel
from game.sim.atmosphere import us1976
from game.sim.mass import MassModel
from game.sim.propulsion import Propulsion


@pytest.fixture(scope="module")
def vehicle() -> VehicleModel:
    return VehicleModel(load_vehicle("falcon9_ft"))


# -- the lean planner ---------------------------------------------------------------------

def fly_lean_model(p0: float, v0: float, t_go: float, g: float = 18.0, wn: float = 1.3,
                   zeta: float = 1.0, push: float = 0.0, dt: float = 0.005):
    """Integrate the planner's own model, re-planning every 0.1 s; return the final state."""
    mpc = LateralMpc()
    p, v, th, om = p0, v0, 0.0, 0.0
    steps = round(t_go / dt)
    for i in range(steps):
        t = i * dt
        lean = mpc.command(t, (p, v, th, om), (0.0, 0.0, 0.0, 0.0), max(t_go - t, dt),
                           lambda _t: g, wn, zeta,
                           (lambda _t: (push, 0.0)) if push else None)[0]
        acc = wn * wn * (lean - th) - 2.0 * zeta * wn * om
        om += acc * dt
        th += om * dt
        v += (g * th + push) * dt
        p += v * dt
    return p, v, th


@pytest.mark.parametrize("p0, v0, t_go", [(12.0, -1.5, 6.0), (3.0, 1.0, 4.0), (0.0, 2.0, 5.0),
                                          (20.0, 0.0, 8.0)])
def test_the_lean_planner_brings_the_stage_to_rest_upright(p0, v0, t_go):
    p, v, th = fly_lean_model(p0, v0, t_go)
    # What matters at touchdown, in order: no sideways speed, upright, then position.
    assert abs(v) < 0.3
    assert abs(math.degrees(th)) < 1.0
    assert abs(p) < 0.35 * abs(p0) + 1.5


def test_the_lean_planner_leans_into_a_crosswind():
    """A known push (the airflow across the stage) is held off by leaning into it."""
    p, v, _ = fly_lean_model(0.0, 0.0, 8.0, push=0.8)
    # Unopposed, the push would carry the stage 0.8 x 8^2 / 2 = 25.6 m and 6.4 m/s.
    assert abs(v) < 0.3 and abs(p) < 3.0
    mpc = LateralMpc()
    lean = mpc.solve((0.0, 0.0, 0.0, 0.0), (0.0, 0.0, 0.0, 0.0), 8.0, lambda t: 18.0, 1.3, 1.0,
                     lambda t: (0.8, 0.0))
    assert lean[0] < 0.0 and lean[1] == 0.0  # into the push


def test_a_negative_gain_leans_the_other_way():
    """At high dynamic pressure a lean steers like lift: the plan flips its sign."""
    mpc = LateralMpc()
    plus = mpc.solve((10.0, 0.0, 0.0, 0.0), (0.0, 0.0, 0.0, 0.0), 6.0, lambda t: 10.0, 1.3, 1.0)
    minus = mpc.solve((10.0, 0.0, 0.0, 0.0), (0.0, 0.0, 0.0, 0.0), 6.0, lambda t: -10.0, 1.3,
                      1.0)
    assert plus[0] < 0.0 < minus[0]
    assert plus[1] == minus[1] == 0.0


# -- the engine switch --------------------------------------------------------------------

def obs(time_s: float, state: str, starts: int = 3) -> SimpleNamespace:
    return SimpleNamespace(time_s=time_s, engine_state=state, engine_starts_left=starts)


def test_the_switch_is_thrown_once_and_held():
    switch = EngineSwitch()
    assert switch.want(obs(0.0, "off"), True, 3) == (True, 3)
    assert switch.want(obs(0.01, "starting"), True, 1) == (True, 3)  # the mode is latched
    assert switch.want(obs(5.0, "running"), True, 1) == (True, 3)
    assert switch.want(obs(6.0, "running"), False) == (False, 3)
    assert switch.attempts == 1


def test_a_failed_start_is_retried_by_cycling_the_switch():
    switch = EngineSwitch(retry_after_s=1.0)
    sent = [switch.want(obs(t, "off"), True, 1)[0] for t in np.arange(0.0, 2.0, 0.1)]
    # on, held on while it might still light, off once (re-arm), then on again
    assert sent[0] and sent[10]
    first_off = sent.index(False)
    assert 10 < first_off <= 12 and sent[first_off + 1]
    assert switch.attempts == 2
    # With no starts left the switch stays on (nothing to re-arm for).
    dead = EngineSwitch(retry_after_s=1.0)
    sent = [dead.want(obs(t, "off", starts=0), True, 1)[0] for t in np.arange(0.0, 3.0, 0.1)]
    assert all(sent)


def test_the_switch_respects_the_propulsion_models_ignition_rule(vehicle):
    """Driven against the real engine model, a held switch makes exactly one ignition."""
    engines = Propulsion(vehicle.spec.engines, starts_left=3)
    switch = EngineSwitch()
    for i in range(600):
        on, mode = switch.want(obs(i / 120.0, engines.state, engines.starts_left), True, 1)
        engines.update(on, mode, 0.7, 0.0, 0.0, 1.0 / 120.0, 101325.0, 5000.0, 17.0)
    assert engines.state == "running" and engines.starts_left == 2


# -- the stopping distance ----------------------------------------------------------------

def reference_fall(vehicle, alt0: float, sink0: float, m0: float, throttle: float,
                   light_at_s: float, target_sink: float) -> float:
    """Height lost until the sink rate is ``target_sink``: a coast, the switch thrown at
    ``light_at_s``, then the engine's start and burn, integrated by a high-order solver
    (scipy's RK45, tight tolerances)."""
    delay, spool = vehicle.startup_delay_s, vehicle.spool_up_time_s

    def rhs(t, y):
        fallen, v, m = y
        atm = us1976(alt0 - fallen)
        since = t - light_at_s - delay
        ramp = 0.0 if since < 0.0 else min(1.0, since / spool)
        thrust = ramp * throttle * vehicle.engine_thrust_n(atm.pressure_pa)
        drag = 0.5 * atm.density_kgm3 * v * v * vehicle.drag_area_m2(
            v / atm.speed_of_sound_mps, True)
        return [v, -((thrust + drag) / m - 9.81),
                -thrust / (vehicle.isp_s(atm.pressure_pa) * 9.80665)]

    stop = lambda t, y: y[1] - target_sink if t > light_at_s else 1.0  # noqa: E731
    stop.terminal, stop.direction = True, -1
    ref = solve_ivp(rhs, (0.0, 60.0), [0.0, sink0, m0], events=stop, rtol=1e-9, atol=1e-6,
                    max_step=0.01)
    return ref.y_events[0][0][0]


def test_stopping_distance_agrees_with_a_reference_integration(vehicle):
    alt0, sink0, m0, throttle = 3_000.0, 240.0, 28_000.0, 0.8
    ours = stopping_distance_m(vehicle, alt0, sink0, m0, 30.0, throttle)
    assert ours == pytest.approx(reference_fall(vehicle, alt0, sink0, m0, throttle, 0.0, 30.0),
                                 abs=2.0)
    # More thrust stops sooner; no thrust at all never stops a falling stage.
    assert stopping_distance_m(vehicle, alt0, sink0, m0, 30.0, 1.0) < ours
    assert math.isinf(stopping_distance_m(vehicle, 100_000.0, 50.0, m0, 1.0, 0.0))


@pytest.mark.parametrize("height_m, sink_mps", [(260.0, 35.0), (1_500.0, 120.0),
                                                (3_000.0, 240.0)])
def test_the_coast_to_ignition_counts_the_speed_gained_falling(vehicle, height_m, sink_mps):
    """Switched on after the coast it computes, the stage stops at the target height (to
    the sink rate times the bisection's 0.05 s). The constant-speed guess is wrong by
    seconds: it lights late a stage that gravity speeds up (still falling fast at the
    target) and early one that drag slows (stopped far above it)."""
    alt0, m0, throttle, target_sink = 320.0 + height_m, 27_000.0, 0.75, 31.0
    stop_now = stopping_distance_m(vehicle, alt0, sink_mps, m0, target_sink, throttle)
    t_coast = coast_to_ignition_s(vehicle, alt0, height_m, sink_mps, m0, target_sink, throttle)
    fallen = reference_fall(vehicle, alt0, sink_mps, m0, throttle, t_coast, target_sink)
    assert fallen == pytest.approx(height_m, abs=0.06 * 2.0 * sink_mps)
    naive = time_to_ignition_s(height_m, sink_mps, stop_now)
    naive_fallen = reference_fall(vehicle, alt0, sink_mps, m0, throttle, naive, target_sink)
    assert abs(naive_fallen - height_m) > 100.0


# -- the vehicle as the flight computer sees it ------------------------------------------

@pytest.mark.parametrize("propellant_kg", [0.0, 1_500.0, 6_000.0, 30_000.0])
def test_mass_properties_follow_the_simulations_model(vehicle, propellant_kg):
    model = MassModel(vehicle.spec.mass, propellant_kg)
    assert vehicle.com_station_m(propellant_kg) == pytest.approx(model.com_station_m)
    assert vehicle.inertia_transverse_kgm2(propellant_kg) == pytest.approx(
        model.inertia_transverse_kgm2)
    assert vehicle.inertia_roll_kgm2(propellant_kg) == pytest.approx(model.inertia_roll_kgm2)


def test_engine_figures_follow_the_propulsion_model(vehicle):
    engines = Propulsion(vehicle.spec.engines, starts_left=1)
    engines.start_running(1, 1.0)
    for pressure in (0.0, 50_000.0, 101_325.0):
        engines.update(True, 1, 1.0, 0.0, 0.0, 0.01, pressure, 5000.0, 17.0)
        assert engines.thrust_n == pytest.approx(vehicle.engine_thrust_n(pressure))
        assert engines.mass_flow_kgps == pytest.approx(
            vehicle.mass_flow_kgps(engines.thrust_n, pressure))


def test_lateral_gain_falls_through_zero_as_the_air_thickens(vehicle):
    thrust, mass = 500_000.0, 25_000.0
    low = vehicle.lateral_gain(500.0, 0.2, thrust, mass)
    high = vehicle.lateral_gain(40_000.0, 0.8, thrust, mass)
    assert 0.0 < low < 0.9 * thrust / mass
    assert high < 0.0


@pytest.mark.parametrize(("vehicle_name", "ceiling"), [("falcon9_ft", 0.70),
                                                      ("falcon9_v1_1", 0.90)])
def test_the_light_up_leaves_the_plan_room_to_ease_off_and_to_push(vehicle_name, ceiling):
    """Lit where the light-up throttle stops the stage at the handover point, the planner
    (between the floor plus its reserve and its ceiling) must be able both to stop it lower
    (ease off) and higher (push). A fixed 0.75 sat below the v1.1's lowest planned throttle
    (floor 0.70 + 0.06): every plan then stopped the stage high. The ceiling leaves the FT
    0.3 of throttle to lean with; the v1.1's floor leaves no band below 0.70, and it plans
    to 0.90."""
    v = VehicleModel(load_vehicle(vehicle_name))
    s = LandingSettings()
    light = ignition_throttle(v, s)
    low, high = planner_floor_norm(v, s), v.max_throttle - planner_reserve_norm(v, s)
    assert high == pytest.approx(ceiling)
    alt0, sink0, m0 = 3_000.0, 240.0, v.dry_mass_kg + 4_000.0
    stop = {t: stopping_distance_m(v, alt0, sink0, m0, 30.0, t) for t in (low, light, high)}
    assert stop[high] < 0.97 * stop[light] < stop[light] < 0.97 * stop[low]


def fly_vertical_with_drag(true_scale: float, heave_amplitude_m: float = 0.0,
                           dt: float = 1.0 / 120.0, duration_s: float = 15.0):
    """A stage burning straight down through air that brakes it ``true_scale`` times the
    model's drag (the model: k v^2 per kg), the throttle stepping every 1.3 s; feed the
    estimator what the instruments would show. Returns the estimator."""
    est = DragEstimate()
    k_model, mass, g = 1e-4, 25_000.0, 9.81
    h, v, t = 3_000.0, -150.0, 0.0
    while t < duration_s:
        thrust = mass * (10.0 if int(t / 1.3) % 2 else 13.0)
        model = k_model * v * v
        obs = SimpleNamespace(time_s=t, altitude_above_sea_m=h, thrust_n=thrust,
                              axis_world=(0.0, 0.0, 1.0), mass_kg=mass,
                              # the deck heaves: a deck-relative speed would show it
                              vertical_speed_mps=v - heave_amplitude_m * math.cos(t))
        est.update(obs, model)
        accel = thrust / mass - g + true_scale * model
        h, v, t = h + v * dt + 0.5 * accel * dt * dt, v + accel * dt, t + dt
    return est


@pytest.mark.parametrize("true_scale", [1.0, 1.7, 2.2])
def test_the_drag_estimate_finds_how_much_harder_the_air_brakes(true_scale):
    """With the throttle stepping under it and the deck heaving, the estimate settles on the
    true ratio of the drag to the model's (the altitude's second difference, weighted as
    the thrust and the model are)."""
    est = fly_vertical_with_drag(true_scale, heave_amplitude_m=1.0)
    assert est.scale == pytest.approx(true_scale, rel=0.03)
