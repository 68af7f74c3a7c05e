"""Turning the landing guidance's wishes into a thrust direction and a throttle.

Two ways in:

- ``from_accel``: a thrust acceleration vector (the convex plan's feed-forward plus feedback).
  Its horizontal part is divided by the lean's sideways effectiveness
  (``VehicleModel.lateral_effectiveness``: at high dynamic pressure the body's lift cancels
  most of a leaning thrust, or reverses it); where the effectiveness is too small to steer with
  (``min_lateral_effectiveness``), the stage holds upright. The direction then turns no faster
  than ``max_slew_degps`` (the stage cannot follow a plan that snaps its thrust around).
- ``from_lean``: an upward thrust acceleration and a lean planned by ``lateral_mpc`` (which
  has the lean's dynamics and effectiveness in its model already).

Both bound the lean (``max_tilt_deg``) and set the throttle for the vertical need, with a lead
over the throttle valve's first-order lag (``valve_lead`` times the command-minus-valve error,
which the valve then follows faster). The throttle is a fraction of the lit engines' rated
thrust at the ambient pressure (US 1976 atmosphere).
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
    min_lateral_effectiveness: float = 0.15  # below it a lean cannot steer: stay upright
    max_slew_degps: float = 6.0  # the commanded thrust direction turns no faster
    valve_lead: float = 1.5  # throttle command lead over the valve's lag (x the error)


class Steering:
    """Direction and throttle for the landing burn (see the module docstring)."""

    def __init__(self, vehicle: VehicleModel, settings: SteerSettings | None = None) -> None:
        self.vehicle = vehicle
        self.settings = settings or SteerSettings()
        self._direction: Vec3 | None = None
        self._direction_time_s = 0.0

    def full_thrust_n(self, obs: Observation) -> float:
        pressure = us1976(max(obs.altitude_above_sea_m, 0.0)).pressure_pa
        return max(obs.engines_lit, 1) * self.vehicle.engine_thrust_n(pressure)

    def effectiveness(self, obs: Observation, thrust_n: float | None = None) -> float:
        """Sideways effectiveness of a lean now (see ``VehicleModel.lateral_effectiveness``)."""
        if thrust_n is None:
            thrust_n = max(obs.thrust_n, 0.5 * self.full_thrust_n(obs))
        return self.vehicle.lateral_effectiveness(obs.dynamic_pressure_pa, obs.mach, thrust_n)

    def from_accel(self, obs: Observation, accel: Vec3, max_tilt_deg: float
                   ) -> tuple[Vec3, float]:
        """(direction, throttle) for a thrust acceleration vector (deck frame)."""
        ax, ay, az = accel
        az = max(az, 0.2)  # never ask to thrust downward: point up, the floor is the floor
        r = self.effectiveness(obs)
        r_min = self.settings.min_lateral_effectiveness
        fade = min(max((abs(r) - r_min) / r_min, 0.0), 1.0)
        k = fade / max(abs(r), r_min) * (1.0 if r >= 0.0 else -1.0)
        lean = (ax * k / az, ay * k / az)
        direction, cos_tilt = self._bounded(lean, max_tilt_deg)
        direction = self._slew(direction, obs.time_s)
        return direction, self._throttle(obs, az / max(cos_tilt, 0.5))

    def from_lean(self, obs: Observation, accel_up: float, lean: tuple[float, float],
                  max_tilt_deg: float) -> tuple[Vec3, float]:
        """(direction, throttle) for an upward thrust acceleration and a planned lean."""
        direction, cos_tilt = self._bounded(lean, max_tilt_deg)
        self._direction, self._direction_time_s = direction, obs.time_s
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

    def _slew(self, desired: Vec3, time_s: float) -> Vec3:
        """Turn the commanded direction toward ``desired`` no faster than ``max_slew_degps``."""
        last, t_last = self._direction, self._direction_time_s
        self._direction_time_s = time_s
        if last is None:
            self._direction = desired
            return desired
        cos = sum(a * b for a, b in zip(last, desired, strict=True))
        angle = math.acos(max(-1.0, min(1.0, cos)))
        step = math.radians(self.settings.max_slew_degps) * max(time_s - t_last, 0.0)
        if angle <= step or angle < 1e-9:
            self._direction = desired
            return desired
        f = step / angle
        mixed = tuple(a + f * (b - a) for a, b in zip(last, desired, strict=True))
        n = math.sqrt(sum(c * c for c in mixed))
        self._direction = (mixed[0] / n, mixed[1] / n, mixed[2] / n)
        return self._direction
