"""Landing-leg deployment (free-flight part).

Model: the four legs are folded along the body for ascent; a deploy command opens them with
helium pneumatics, all together, at a constant rate over ``deploy_time_s``; deployment is
one-way. Feet positions follow from the deployed span. The touchdown model (lock, crush core,
collet failures) builds on this state.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from game.data.vehicle_schema import LegSpec


class LegSet:
    """Deployment state of the landing legs."""

    def __init__(self, spec: LegSpec, deployed: bool) -> None:
        self.count = spec.count
        self.deploy_time_s = spec.deploy_time_s
        self.length_m = spec.length_m
        self.hinge_station_m = spec.hinge_station_m
        self.foot_radius_m = 0.5 * spec.span_m
        self.deploy_fraction = 1.0 if deployed else 0.0
        self.commanded = deployed

    @property
    def deployed(self) -> bool:
        return self.deploy_fraction >= 1.0

    def update(self, deploy: bool, dt_s: float) -> None:
        """Advance deployment; a command, once given, cannot be withdrawn."""
        if deploy:
            self.commanded = True
        if self.commanded and self.deploy_fraction < 1.0:
            self.deploy_fraction = min(1.0, self.deploy_fraction + dt_s / self.deploy_time_s)

    def foot_points_body(self) -> list[tuple[float, float, float]]:
        """Feet in body coordinates (station, y, z).

        Each leg hinges at the body's skin near the base and swings down and out through
        the angle that puts its foot at half the deployed span; folded (angle 0) the foot
        points up the body.
        """
        body_radius_m = 1.83
        swing_rad = math.pi - math.asin(
            min(1.0, (self.foot_radius_m - body_radius_m) / self.length_m)
        )
        angle = self.deploy_fraction * swing_rad
        station = self.hinge_station_m + self.length_m * math.cos(angle)
        radius = body_radius_m + self.length_m * math.sin(angle)
        feet = []
        for i in range(self.count):
            azimuth = 2.0 * math.pi * i / self.count
            feet.append((station, radius * math.cos(azimuth), radius * math.sin(azimuth)))
        return feet
