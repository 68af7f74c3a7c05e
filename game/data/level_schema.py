"""The level file schema (``levels/*.toml``); the format is documented in docs/levels.md."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from game.data.common import Angle180, Azimuth, Finite, Fraction, NonNegative, Positive, Strict

Phase = Literal[
    "separation", "boostback", "coast", "entry", "descent", "landing_burn", "touchdown"
]
EARLY_PHASES = ("separation", "boostback", "coast", "entry", "descent")


class LevelInfo(Strict):
    title: Annotated[str, Field(min_length=1, max_length=120)]
    date: str = ""
    description: Annotated[str, Field(max_length=4000)] = ""
    vehicle: Annotated[str, Field(pattern=r"^[A-Za-z0-9_\-]+$")]
    seed: Annotated[int, Field(ge=0, le=2**63 - 1)] = 0
    sources: list[str] = Field(default_factory=list, max_length=50)


class StartSpec(Strict):
    """Initial state. Early phases use the inertial fields, late phases the deck-relative ones.

    Early phases (separation .. descent): ``altitude_m`` above sea level, ``speed_mps``,
    ``flight_path_angle_deg``, ``heading_deg``, ``range_to_ship_m``, ``crossrange_m``.
    Late phases (landing_burn, touchdown): ``altitude_m`` above the deck,
    ``vertical_speed_mps`` (down is negative), ``horizontal_speed_mps``,
    ``horizontal_offset_m`` and ``approach_heading_deg``.
    """

    phase: Phase
    altitude_m: NonNegative
    speed_mps: NonNegative | None = None
    flight_path_angle_deg: Annotated[float, Field(ge=-90.0, le=90.0)] | None = None
    heading_deg: Azimuth | None = None
    range_to_ship_m: Finite | None = None
    crossrange_m: Finite | None = None
    vertical_speed_mps: Finite | None = None
    horizontal_speed_mps: NonNegative | None = None
    horizontal_offset_m: NonNegative | None = None
    approach_heading_deg: Azimuth = 0.0
    attitude: Literal["prograde", "retrograde", "vertical"] = "prograde"
    pitch_deg: Angle180 = 0.0
    yaw_deg: Angle180 = 0.0
    roll_deg: Angle180 = 0.0
    propellant_kg: NonNegative
    nitrogen_kg: NonNegative
    hydraulic_fluid_kg: NonNegative
    engine_starts_left: Annotated[int, Field(ge=0, le=20)]
    legs: Literal["stowed", "deployed"] = "stowed"
    grid_fins: Literal["stowed", "deployed"] = "stowed"

    @model_validator(mode="after")
    def _fields_for_phase(self) -> StartSpec:
        if self.phase in EARLY_PHASES:
            need = ("speed_mps", "flight_path_angle_deg", "heading_deg", "range_to_ship_m")
        else:
            need = ("vertical_speed_mps", "horizontal_speed_mps", "horizontal_offset_m")
        missing = [name for name in need if getattr(self, name) is None]
        if missing:
            raise ValueError(f"phase '{self.phase}' needs {', '.join(missing)}")
        return self


class DispersionSpec(Strict):
    """One-sigma spreads that a Monte Carlo campaign draws the start state from."""

    altitude_m: NonNegative = 0.0
    speed_mps: NonNegative = 0.0
    flight_path_angle_deg: NonNegative = 0.0
    heading_deg: NonNegative = 0.0
    range_to_ship_m: NonNegative = 0.0
    crossrange_m: NonNegative = 0.0
    vertical_speed_mps: NonNegative = 0.0
    horizontal_speed_mps: NonNegative = 0.0
    horizontal_offset_m: NonNegative = 0.0


class ShipSpec(Strict):
    kind: Literal["drone_ship", "land_pad"] = "drone_ship"
    name: str = "drone ship"
    heading_deg: Azimuth = 0.0
    station_keeping_m: NonNegative = 3.0
    deck_length_m: Positive = 91.4
    deck_width_m: Positive = 51.8
    deck_height_m: NonNegative = 3.0  # deck above the still-water line


class SeaSpec(Strict):
    significant_wave_height_m: Annotated[float, Field(ge=0.0, le=15.0)] = 0.0
    peak_period_s: Annotated[float, Field(ge=2.0, le=25.0)] = 8.0
    from_deg: Azimuth = 270.0


class WeatherSpec(Strict):
    wind_speed_mps: Annotated[float, Field(ge=0.0, le=60.0)] = 0.0
    wind_from_deg: Azimuth = 270.0
    wind_shear_exponent: Annotated[float, Field(ge=0.05, le=0.4)] = 0.11  # sea; 1/7 land
    gust_intensity: Fraction = 0.0
    fog_visibility_m: Positive = 50000.0
    time_of_day: Literal["day", "dusk", "night"] = "day"
    icing_exposure: Fraction = 0.0


FaultKind = Literal["collet_latch", "grid_fin_hydraulics", "throttle_valve_lag", "engine_start"]


class FaultSpec(Strict):
    """A fault happens at ``at_time_s``, below ``below_altitude_m``, or at start if neither."""

    kind: FaultKind
    probability: Fraction = 1.0
    at_time_s: NonNegative | None = None
    below_altitude_m: NonNegative | None = None
    leg: Annotated[int, Field(ge=1, le=4)] | None = None
    engine: Annotated[int, Field(ge=1, le=9)] | None = None
    hydraulic_fluid_fraction: Fraction | None = None  # grid_fin_hydraulics: fluid left
    throttle_lag_s: Positive | None = None  # throttle_valve_lag: new valve time constant


class SuccessSpec(Strict):
    settle_time_s: NonNegative = 10.0
    max_vertical_speed_mps: Positive = 5.0
    max_lateral_speed_mps: Positive = 2.0
    max_tilt_deg: Positive = 10.0
    max_distance_m: Positive = 40.0


class PhysicsSpec(Strict):
    dt_s: Annotated[float, Field(gt=0.0, le=0.05)] = 1.0 / 120.0
    timeout_s: Annotated[float, Field(gt=0.0, le=7200.0)] = 1200.0


class LevelSpec(Strict):
    level: LevelInfo
    start: StartSpec
    dispersion: DispersionSpec = Field(default_factory=DispersionSpec)
    ship: ShipSpec = Field(default_factory=ShipSpec)
    sea: SeaSpec = Field(default_factory=SeaSpec)
    weather: WeatherSpec = Field(default_factory=WeatherSpec)
    faults: list[FaultSpec] = Field(default_factory=list, max_length=16)
    success: SuccessSpec = Field(default_factory=SuccessSpec)
    physics: PhysicsSpec = Field(default_factory=PhysicsSpec)
