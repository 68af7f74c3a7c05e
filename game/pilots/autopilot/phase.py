"""What every flight phase shares: the context (models, guidance objects) and a few helpers.

A phase is a guidance law with a hand-off: ``enter(ctx, obs)`` once when it takes over, then
``step(ctx, obs, controls, dt_s)`` every step, which fills the controls and returns the name of
the phase to hand over to (or None to carry on). Phases share one ``Context``: the flight
computer's models of the stage, the targeting, the attitude controller, the engine switch and
the landing-burn guidance, plus what the phases learn on the way (the latest touchdown
prediction, whether the boostback and the entry burn are done).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from game.pilots.autopilot.attitude import AttitudeController
from game.pilots.autopilot.engine_switch import EngineSwitch
from game.pilots.autopilot.impact import (
    EntryBurn,
    ImpactPredictor,
    PredictorSettings,
    WindForecast,
)
from game.pilots.autopilot.landing import LandingBurn
from game.pilots.autopilot.navigation import air_velocity_mps
from game.pilots.autopilot.targeting import Solution, Targeting
from game.pilots.autopilot.vehicle import VehicleModel

if TYPE_CHECKING:
    from game.data.loader import Level
    from game.pilots.autopilot.settings import AutopilotSettings
    from game.sim.controls import Controls
    from game.sim.observation import Observation

Vec3 = tuple[float, float, float]


@dataclass
class Context:
    """The flight computer's state shared by the phases."""

    level: Level
    settings: AutopilotSettings
    vehicle: VehicleModel = field(init=False)
    targeting: Targeting = field(init=False)
    attitude: AttitudeController = field(init=False)
    switch: EngineSwitch = field(init=False)
    landing: LandingBurn = field(init=False)
    target_altitude_m: float = field(init=False)
    solution: Solution | None = None
    boostback_done: bool = False
    entry_done: bool = False
    entry_end_speed_mps: float = math.nan  # planned by entry.plan_entry_speed
    entry_burning: bool = False
    status: str = ""

    def __post_init__(self) -> None:
        spec = self.level.spec
        self.vehicle = VehicleModel(self.level.vehicle)
        ship = spec.ship
        self.target_altitude_m = 0.0 if ship.kind == "land_pad" else float(ship.deck_height_m)
        landing = self.settings.landing
        self.landing = LandingBurn(self.vehicle, landing, self.settings.terminal)
        handover_sink = -self.landing.handover_state(0.0, short=False)[1][2]
        predictor = ImpactPredictor(self.vehicle, WindForecast.from_spec(spec.weather),
                                    PredictorSettings(
                                        landing_ignition_throttle=self.landing.ignition_throttle,
                                        landing_handover_height_m=landing.handover_height_m
                                        + self.vehicle.touchdown_com_height_m(0.0),
                                        landing_handover_sink_mps=handover_sink))
        self.targeting = Targeting(predictor, self.target_altitude_m)
        self.attitude = AttitudeController(self.vehicle, self.settings.aero_gains)
        self.switch = EngineSwitch()

    def nominal_entry_burn(self) -> EntryBurn | None:
        if self.entry_done:
            return None
        s = self.settings
        end = self.entry_end_speed_mps
        if not math.isfinite(end):
            end = s.entry_end_speed_mps
        start = math.inf if self.entry_burning else s.entry_start_altitude_m
        return EntryBurn(start, end, s.entry_engines, max_axial_g=s.entry_max_axial_g)


class Phase:
    """Base class: a named guidance law (see the module docstring)."""

    name = "phase"

    def enter(self, ctx: Context, obs: Observation) -> None:
        """Called once when the phase takes over."""

    def step(self, ctx: Context, obs: Observation, controls: Controls,
             dt_s: float) -> str | None:
        raise NotImplementedError


def unit(v: Vec3) -> Vec3:
    n = math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2])
    if n == 0.0:
        return (0.0, 0.0, 1.0)
    return (v[0] / n, v[1] / n, v[2] / n)


def retrograde(obs: Observation) -> Vec3:
    """Engines first into the airflow: the stage axis against the air-relative velocity."""
    ax, ay, az = air_velocity_mps(obs)
    return unit((-ax, -ay, -az))


def engine_controls(ctx: Context, obs: Observation, controls: Controls, on: bool,
                    mode: int = 1, throttle: float = 1.0) -> None:
    """Set the engine switch, mode and throttle through the switch logic."""
    controls.engine_on, controls.engine_mode = ctx.switch.want(obs, on, mode)
    controls.throttle_norm = throttle
