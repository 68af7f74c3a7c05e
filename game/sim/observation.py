"""What the instruments measure (``Observation``) and what the renderer draws (``Snapshot``).

Both are plain numbers, frozen, with no reference into the World: a pilot or a renderer can
keep them as long as it likes. Deck-relative quantities use the ship's local frame: x east,
y north, z up, with the origin at the deck centre (its motion included).
"""

from __future__ import annotations

from dataclasses import dataclass

Vec3 = tuple[float, float, float]
Quat = tuple[float, float, float, float]


@dataclass(frozen=True, slots=True)
class Observation:
    """Instrument readings: what a pilot, human or autopilot, may use."""

    time_s: float
    phase: str
    altitude_above_deck_m: float
    altitude_above_sea_m: float
    position_rel_deck_m: Vec3  # stage centre of mass relative to the deck centre
    velocity_rel_deck_mps: Vec3
    vertical_speed_mps: float  # up positive, relative to the deck
    horizontal_speed_mps: float
    attitude_wxyz: Quat  # body to ship-local frame
    axis_world: Vec3  # body +x (toward the interstage) in the ship-local frame
    tilt_deg: float  # angle between the stage axis and the vertical
    omega_body_radps: Vec3
    mass_kg: float
    propellant_kg: float
    nitrogen_kg: float
    hydraulic_fluid_kg: float
    engine_state: str
    engines_lit: int
    engine_starts_left: int
    throttle_norm: float
    thrust_n: float
    gimbal_pitch_deg: float
    gimbal_yaw_deg: float
    grid_fins_deploy_fraction: float
    legs_deploy_fraction: float
    mach: float
    dynamic_pressure_pa: float
    wind_mps: Vec3
    predicted_impact_m: tuple[float, float]  # vacuum-ballistic impact point, deck frame
    predicted_impact_time_s: float  # seconds until that impact (inf when not falling)
    deck_roll_deg: float
    deck_pitch_deg: float
    outcome: str
    # touchdown (game/sim/legs.py, touchdown.py): per leg, numbered from 1 in order
    leg_states: tuple[str, ...] = ()  # stowed, deploying, unlocked, locked, folded, broken
    leg_loads_n: tuple[float, ...] = ()  # normal load on each foot
    in_contact: bool = False  # the touchdown model is running (deck within reach)


@dataclass(frozen=True, slots=True)
class Snapshot:
    """Everything the renderer needs for one instant, in the world frame (SI units)."""

    time_s: float
    stage_position_m: Vec3
    stage_attitude_wxyz: Quat
    com_station_m: float
    throttle_norm: float
    engines_lit: int
    engine_mode: int
    ambient_pressure_pa: float
    gimbal_pitch_rad: float
    gimbal_yaw_rad: float
    fin_deploy_fraction: float
    fin_deflections_rad: tuple[float, float, float, float]
    legs_deploy_fraction: float
    rcs_firing: Vec3
    ship_position_m: Vec3
    ship_attitude_wxyz: Quat
    outcome: str
    mach: float
    fog_visibility_m: float
    time_of_day: str
    # touchdown (game/sim/legs.py, touchdown.py): per leg, numbered from 1 in order
    leg_states: tuple[str, ...] = ()  # stowed, deploying, unlocked, locked, folded, broken
    leg_loads_n: tuple[float, ...] = ()  # normal load on each foot
    leg_crush_m: tuple[float, ...] = ()  # crush core used, along the strut
    foot_points_body_m: tuple[Vec3, ...] = ()  # (station, y, z): the leg runs hinge to foot
    fire_state: str = "none"  # none | explosion (tipped over or broke up on impact)
    fire_start_s: float = -1.0  # sim time the explosion began (-1: none)
