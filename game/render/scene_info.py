"""``SceneInfo``: the plain numbers a renderer needs once per level.

The app builds one per level with ``SceneInfo.from_world(world)``; nothing here keeps a
reference to the World (the renderer only ever sees this and ``Snapshot``s). ``from_world``
reads ``world.level`` (its vehicle spec), ``world.ship`` and ``world.weather`` by duck typing
and never imports ``game.sim.world``.

Units: SI (metres, degrees where a name says ``_deg``); colours are linear RGB in 0..1.
``wave_components`` are exactly ``game.sim.ship.Ship.wave_components``: one tuple
``(amplitude_m, omega_radps, wavenumber_radpm, direction_to_deg, phase_rad)`` per wave, the
elevation at world (x, y) being ``sum a cos(omega t - k (x sin th + y cos th) + phase)``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

# Fog colour per time of day (linear RGB), used when the level names none.
FOG_COLOR_RGB = {
    "day": (0.62, 0.67, 0.72),
    "dusk": (0.55, 0.45, 0.42),
    "night": (0.012, 0.014, 0.02),
}
TIMES_OF_DAY = ("day", "dusk", "night")


@dataclass(frozen=True)
class SceneInfo:
    """Geometry of the stage and the landing site, the sea state and the weather's look."""

    stage_length_m: float
    stage_diameter_m: float
    leg_count: int
    leg_length_m: float
    leg_span_m: float
    fin_count: int
    fin_station_m: float
    ship_kind: str  # "drone_ship" | "land_pad"
    ship_name: str
    deck_length_m: float
    deck_width_m: float
    deck_height_m: float
    ship_heading_deg: float
    wave_components: tuple[tuple[float, ...], ...]
    fog_visibility_m: float
    fog_color_rgb: tuple[float, float, float]
    time_of_day: str  # "day" | "dusk" | "night"
    # Optional detail (defaults: Falcon 9 Full Thrust figures from assets/vehicles).
    engine_count: int = 9
    engine_ring_radius_m: float = 1.3
    gimbal_station_m: float = 2.5
    leg_hinge_station_m: float = 1.2
    leg_hinge_radius_m: float = 1.83
    rcs_station_m: float = 46.0

    def __post_init__(self) -> None:
        if self.ship_kind not in ("drone_ship", "land_pad"):
            raise ValueError(f"SceneInfo.ship_kind: expected drone_ship or land_pad, "
                             f"got {self.ship_kind!r}")
        if self.time_of_day not in TIMES_OF_DAY:
            raise ValueError(f"SceneInfo.time_of_day: expected day, dusk or night, "
                             f"got {self.time_of_day!r}")
        for name in ("stage_length_m", "stage_diameter_m", "deck_length_m", "deck_width_m",
                     "fog_visibility_m"):
            value = getattr(self, name)
            if not (math.isfinite(value) and value > 0.0):
                raise ValueError(f"SceneInfo.{name}: expected a positive number, got {value}")

    @property
    def is_land_pad(self) -> bool:
        return self.ship_kind == "land_pad"

    @classmethod
    def from_world(cls, world) -> SceneInfo:
        """Read the level's vehicle, ship and weather from a reset ``World`` (duck-typed)."""
        return scene_info_from_world(cls, world)


def scene_info_from_world(cls, world) -> SceneInfo:
    """Build a SceneInfo from ``world.level.vehicle``, ``world.ship`` and ``world.weather``."""
    vehicle = world.level.vehicle
    ship, weather = world.ship, world.weather
    tod = str(getattr(weather, "time_of_day", "day"))
    spec_weather = getattr(getattr(world.level, "spec", None), "weather", None)
    fog_rgb = getattr(spec_weather, "fog_color_rgb", None) or FOG_COLOR_RGB.get(tod, (0.6,) * 3)
    engines, legs, fins = vehicle.engines, vehicle.legs, vehicle.grid_fins
    return cls(
        stage_length_m=float(vehicle.vehicle.length_m),
        stage_diameter_m=float(vehicle.vehicle.diameter_m),
        leg_count=int(legs.count),
        leg_length_m=float(legs.length_m),
        leg_span_m=float(legs.span_m),
        fin_count=int(fins.count),
        fin_station_m=float(fins.station_m),
        ship_kind=str(ship.kind),
        ship_name=str(ship.name),
        deck_length_m=float(ship.deck_length_m),
        deck_width_m=float(ship.deck_width_m),
        deck_height_m=float(ship.deck_height_m),
        ship_heading_deg=float(ship.heading_deg),
        wave_components=tuple(tuple(float(v) for v in w) for w in ship.wave_components),
        fog_visibility_m=float(weather.fog_visibility_m),
        fog_color_rgb=tuple(float(c) for c in fog_rgb),
        time_of_day=tod,
        engine_count=int(engines.count),
        engine_ring_radius_m=float(engines.outer_ring_radius_m),
        gimbal_station_m=float(engines.gimbal_station_m),
        leg_hinge_station_m=float(legs.hinge_station_m),
        leg_hinge_radius_m=float(getattr(legs, "hinge_radius_m", 0.5 * vehicle.vehicle.diameter_m)),
        rcs_station_m=float(vehicle.rcs.station_m),
    )
