"""Turning the landing guidance's wishes into a thrust direction and a throttle.

``from_lean`` takes the upward thrust acceleration the vertical guidance asks for and the lean
the lean planner chose (the stage axis's horizontal components), bounds the lean
(``max_tilt_deg``), and sets the throttle so that the vertical part of the leaning thrust is
what was asked, with a lead over the throttle valve's first-order lag (``valve_lead`` times
the command-minus-valve error, which the valve then follows faster). The throttle is a
fraction of the lit engines' rated thrust at the ambient pressure (US 1976 atmosphere).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from game.sim.atmosphere import us1976

if TYPE_CHECKING:
    from game.pilots.autopilot.vehicle import VehicleModel
    from game.sim.observation import Observation

Vec3 = tuple[float, float, float]


@dataclass(slots=True)
class SteerSettings:
    valve_lead: float = 1.5  # throttle command lead over the valve's lag (x the error)


class Steering:
    """Direction and throttle for the landing burn (see the module docstring)."""

    def __init__(self, vehicle: VehicleModel, settings: SteerSettings | None = None) -> None:
        self.vehicle = vehicle
        self.settings = settings or SteerSettings()

    def full_thrust_n(self, obs: Observation) -> float:
        pressure = us1976(max(obs.altitude_above_sea_m, 0.0)).pressure_pa
        return max(obs.engines_lit, 1) * self.vehicle.engine_thrust_n(pressure)

    def from_lean(self, obs: Observation, accel_up: float, lean: tuple[float, float],
                  max_tilt_deg: float) -> tuple[Vec3, float]:
        """(direction, throttle) for an upward thrust acceleration and a planned lean."""
        direction, cos_tilt = self._bounded(lean, max_tilt_deg)
        return direction, self._throttle(obs, max(accel_up, 0.2) / max(cos_tilt, 0.5))

    def _bounded(self, lean: tuple[float, float], max_tilt_deg: float) -> tuple[Vec3, float]:
        """Unit axis with horizontal components ``lean`` (tan of the tilt, bounded)."""
        lx, ly = lean
        n = math.hypot(lx, ly)
        lim = math.tan(math.radians(max_tilt_deg))
        if n > lim:
            lx, ly = lx * lim / n, ly * lim / n
        norm = math.sqrt(lx * lx + ly * ly + 1.0)
        return (lx / norm, ly / norm, 1.0 / norm), 1.0 / norm

    def _throttle(self, obs: Observation, accel_along_axis: float) -> float:
        throttle = obs.mass_kg * accel_along_axis / self.full_thrust_n(obs)
        if obs.engine_state == "running":
            throttle += self.settings.valve_lead * (throttle - obs.throttle_norm)
        return min(max(throttle, 0.0), 1.0)
