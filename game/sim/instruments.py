"""Initial state from the level, and the World's readings: observation, snapshot, telemetry.

Instruments measure relative to the ship: altitude above the deck, velocity relative to the
deck centre, attitude in the ship-local frame (see ``frames``). The predicted impact point is
the vacuum-ballistic one over a flat deck plane (no drag, local gravity): a pilot's cue, not
a guidance law.
"""

from __future__ import annotations

import hashlib
import math
import struct
from typing import TYPE_CHECKING

from game.sim import earth, frames
from game.sim.observation import Observation, Snapshot
from game.sim.rigid_body import quat_multiply, quat_rotate

if TYPE_CHECKING:
    from game.data.level_schema import LevelSpec
    from game.sim.ship import Ship
    from game.sim.world import World

EARLY = ("separation", "boostback", "coast", "entry", "descent")


def initial_state(spec: LevelSpec, ship: Ship) -> tuple[float, ...]:
    """The 13-element rigid-body state that the level's [start] table describes."""
    start = spec.start
    if start.phase in EARLY:
        pos, vel = earth.early_start_state(
            start.altitude_m, start.speed_mps, start.flight_path_angle_deg, start.heading_deg,
            start.range_to_ship_m, start.crossrange_m or 0.0)
    else:
        deck_z = ship.pose_at(0.0)[0][2]
        pos, vel = earth.late_start_state(
            start.altitude_m, deck_z, start.vertical_speed_mps, start.horizontal_speed_mps,
            start.horizontal_offset_m, start.approach_heading_deg)
    pos, vel = tuple(float(c) for c in pos), tuple(float(c) for c in vel)
    up = earth.local_up(*pos)
    if start.attitude == "vertical":
        direction = up
    elif start.attitude == "retrograde":
        direction = tuple(-c for c in vel)
    else:
        direction = vel
    if math.hypot(*direction) == 0.0:
        direction = up
    q = frames.attitude_from_direction(*direction)
    q = frames.apply_body_offsets(q, start.pitch_deg, start.yaw_deg, start.roll_deg)
    return (*pos, *vel, *q, 0.0, 0.0, 0.0)


def _relative(world: World):
    """Position and velocity relative to the deck centre, in the local frame at the stage."""
    s = world.state
    ship_pos, _ = world.ship.pose_at(world.time_s)
    ship_vel = world.ship.velocity_at(world.time_s)
    to_local = world.local_quat()
    east, north = frames.map_position_m(s[0], s[1], s[2])
    ship_east, ship_north = ship_pos[0], ship_pos[1]
    altitude_deck_m = world._last.altitude_m - ship_pos[2]
    v = quat_rotate(to_local, s[3] - ship_vel[0], s[4] - ship_vel[1], s[5] - ship_vel[2])
    pos = (east - ship_east, north - ship_north, altitude_deck_m)
    return pos, v, to_local


def _impact(pos, v, altitude_m: float) -> tuple[tuple[float, float], float]:
    g = earth.EARTH_MU_M3PS2 / (earth.EARTH_RADIUS_M + max(altitude_m, 0.0)) ** 2
    h, vz = pos[2], v[2]
    disc = vz * vz + 2.0 * g * h
    if h <= 0.0 or disc < 0.0:
        return (pos[0], pos[1]), 0.0
    t = (vz + math.sqrt(disc)) / g
    return (pos[0] + v[0] * t, pos[1] + v[1] * t), t


def observe(world: World) -> Observation:
    s, env = world.state, world._last
    pos, v, to_local = _relative(world)
    attitude = quat_multiply(to_local, s[6:10])
    axis = quat_rotate(attitude, 1.0, 0.0, 0.0)
    impact, impact_t = _impact(pos, v, env.altitude_m)
    _, ship_q = world.ship.pose_at(world.time_s)
    deck_normal = quat_rotate(ship_q, 0.0, 0.0, 1.0)
    e = world.engines
    return Observation(
        time_s=world.time_s,
        phase=flight_phase(world, v),
        altitude_above_deck_m=pos[2],
        altitude_above_sea_m=env.altitude_m,
        position_rel_deck_m=pos,
        velocity_rel_deck_mps=v,
        vertical_speed_mps=v[2],
        horizontal_speed_mps=math.hypot(v[0], v[1]),
        attitude_wxyz=attitude,
        axis_world=axis,
        tilt_deg=math.degrees(math.acos(max(-1.0, min(1.0, axis[2])))),
        omega_body_radps=s[10:13],
        mass_kg=world.mass.mass_kg,
        propellant_kg=world.mass.propellant_kg,
        nitrogen_kg=world.rcs.nitrogen_kg,
        hydraulic_fluid_kg=world.fins.fluid_kg,
        engine_state=e.state,
        engines_lit=e.engines_lit,
        engine_starts_left=e.starts_left,
        throttle_norm=e.throttle_actual_norm,
        thrust_n=e.thrust_n,
        gimbal_pitch_deg=math.degrees(e.gimbal_pitch_rad),
        gimbal_yaw_deg=math.degrees(e.gimbal_yaw_rad),
        grid_fins_deploy_fraction=world.fins.deploy_fraction,
        legs_deploy_fraction=world.legs.deploy_fraction,
        mach=world.aero.mach,
        dynamic_pressure_pa=env.dynamic_pressure_pa,
        wind_mps=env.wind,
        predicted_impact_m=impact,
        predicted_impact_time_s=impact_t if impact_t > 0.0 else math.inf,
        deck_roll_deg=math.degrees(math.asin(max(-1.0, min(1.0, deck_normal[0])))),
        deck_pitch_deg=math.degrees(math.asin(max(-1.0, min(1.0, deck_normal[1])))),
        outcome=str(world.outcome),
        leg_states=world.legs.labels,
        leg_loads_n=tuple(world.legs.load_n),
        in_contact=world.contact.active,
    )


def flight_phase(world: World, v_local) -> str:
    """The flight phase in words, from what the stage is doing now (for the HUD and logs)."""
    if world.outcome != "flying":
        return "touchdown" if world.touchdown is not None else "ended"
    e = world.engines
    if e.engines_lit == 1 or (e.engines_lit and world._last.altitude_m < 10_000.0):
        return "landing_burn"
    if e.engines_lit:
        return "entry" if v_local[2] < 0.0 and world._last.altitude_m < 90_000.0 else "boostback"
    if world._last.dynamic_pressure_pa > 1000.0:
        return "descent"
    if world.steps == 0:
        return world.level.spec.start.phase
    return "coast"


def snapshot(world: World) -> Snapshot:
    s, e, fins = world.state, world.engines, world.fins
    ship_pos, ship_q = world.ship.pose_at(world.time_s)
    d = fins.deflection_rad
    return Snapshot(
        time_s=world.time_s,
        stage_position_m=s[0:3],
        stage_attitude_wxyz=s[6:10],
        com_station_m=world.mass.com_station_m,
        throttle_norm=e.throttle_actual_norm,
        engines_lit=e.engines_lit,
        engine_mode=world.controls.engine_mode,
        ambient_pressure_pa=world._last.pressure_pa,
        gimbal_pitch_rad=e.gimbal_pitch_rad,
        gimbal_yaw_rad=e.gimbal_yaw_rad,
        fin_deploy_fraction=fins.deploy_fraction,
        fin_deflections_rad=(d[0], d[1], d[2], d[3]),
        legs_deploy_fraction=world.legs.deploy_fraction,
        rcs_firing=tuple(world.rcs.firing),
        ship_position_m=tuple(ship_pos),
        ship_attitude_wxyz=tuple(ship_q),
        outcome=str(world.outcome),
        mach=world.aero.mach,
        fog_visibility_m=world.weather.visibility_m(max(world._last.altitude_m, 0.0)),
        time_of_day=world.weather.time_of_day,
        leg_states=world.legs.labels,
        leg_loads_n=tuple(world.legs.load_n),
        leg_crush_m=tuple(world.legs.crush_stroke_used_m(i) for i in range(world.legs.count)),
        foot_points_body_m=tuple(world.legs.foot_points_body()),
        fire_state=world.contact.fire_state,
        fire_start_s=world.contact.fire_start_s,
    )


def telemetry(world: World) -> dict[str, float | str]:
    """A flat dict with stable unit-suffixed keys, read by the HUD, logs, plots and tests."""
    o, env = observe(world), world._last
    return {
        "time/s": o.time_s,
        "phase": o.phase,
        "outcome": o.outcome,
        "position/h-deck-m": o.altitude_above_deck_m,
        "position/h-sea-m": o.altitude_above_sea_m,
        "position/east-deck-m": o.position_rel_deck_m[0],
        "position/north-deck-m": o.position_rel_deck_m[1],
        "velocity/vertical-mps": o.vertical_speed_mps,
        "velocity/horizontal-mps": o.horizontal_speed_mps,
        "velocity/air-mps": env.airspeed_mps,
        "attitude/tilt-deg": o.tilt_deg,
        "attitude/rate-degps": math.degrees(math.sqrt(sum(w * w for w in o.omega_body_radps))),
        "mass/total-kg": o.mass_kg,
        "mass/propellant-kg": o.propellant_kg,
        "mass/com-station-m": world.mass.com_station_m,
        "rcs/nitrogen-kg": o.nitrogen_kg,
        "fins/hydraulic-fluid-kg": o.hydraulic_fluid_kg,
        "fins/deploy-frac": o.grid_fins_deploy_fraction,
        "legs/deploy-frac": o.legs_deploy_fraction,
        "propulsion/state": o.engine_state,
        "propulsion/engines-lit": o.engines_lit,
        "propulsion/starts-left": o.engine_starts_left,
        "propulsion/throttle-cmd-norm": world.controls.throttle_norm,
        "propulsion/throttle-norm": o.throttle_norm,
        "propulsion/thrust-n": o.thrust_n,
        "propulsion/gimbal-pitch-deg": o.gimbal_pitch_deg,
        "propulsion/gimbal-yaw-deg": o.gimbal_yaw_deg,
        "aero/mach": o.mach,
        "aero/q-pa": o.dynamic_pressure_pa,
        "aero/heat-flux-w-m2": env.heat_flux_w_m2,
        "atmosphere/pressure-pa": env.pressure_pa,
        "atmosphere/density-kgm3": env.density,
        "wind/east-mps": o.wind_mps[0],
        "wind/north-mps": o.wind_mps[1],
        "guidance/impact-east-m": o.predicted_impact_m[0],
        "guidance/impact-north-m": o.predicted_impact_m[1],
        "ship/roll-deg": o.deck_roll_deg,
        "ship/pitch-deg": o.deck_pitch_deg,
        **_leg_telemetry(world),
    }


def _leg_telemetry(world: World) -> dict[str, float | str]:
    """``contact/leg-N/...`` keys, legs numbered from 1."""
    legs, out = world.legs, {}
    for i in range(legs.count):
        key = f"contact/leg-{i + 1}"
        out[f"{key}/state"] = legs.state[i].label
        out[f"{key}/load-n"] = legs.load_n[i]
        out[f"{key}/crush-m"] = legs.crush_stroke_used_m(i)
        out[f"{key}/travel-m"] = legs.travel_m[i]
    return out


def _numbers(obj, out: list[float]) -> None:
    """Collect every number in a model's attributes, in a fixed (sorted) order."""
    names = sorted(getattr(obj, "__dict__", {}) or {})
    slots = getattr(type(obj), "__slots__", ())
    names += sorted(n for n in slots if hasattr(obj, n) and n not in names)
    for name in names:
        value = getattr(obj, name)
        if isinstance(value, bool | int | float):
            out.append(float(value))
        elif isinstance(value, list | tuple) and all(isinstance(v, int | float) for v in value):
            out.extend(float(v) for v in value)


def state_hash(world: World) -> str:
    """SHA-256 of every number that the future of the flight depends on."""
    values = [float(world.steps), world.time_s, *world.state]
    for model in (world.mass, world.engines, world.fins, world.rcs, world.legs, world.contact):
        _numbers(model, values)
    return hashlib.sha256(struct.pack(f"<{len(values)}d", *values)).hexdigest()
