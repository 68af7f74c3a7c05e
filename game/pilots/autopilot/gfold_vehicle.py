"""The vehicle as the landing guidance sees it: mass, thrust range, Isp and the limits.

``LandingVehicle.from_spec`` copies what it needs from a validated vehicle file: the thrust of
the lit engines at the ambient pressure (linear between sea level and vacuum, as
game/sim/propulsion.py models it), the throttle range, the Isp at that pressure, the dry mass
and the engine's start-up delay and spool-up time. The pointing limit, the glide slope and
the touchdown pointing limit are guidance settings, not properties of the stage; the defaults
below are documented choices for a Falcon 9 landing burn.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from game.data.vehicle_schema import VehicleSpec

SEA_LEVEL_PRESSURE_PA = 101325.0
# Guidance settings (degrees). The stage may tilt its thrust 20 deg from the vertical to
# steer (the attitude controller's authority, not the 5 deg engine gimbal); it stays above a
# 15 deg cone rising from the deck, which keeps the path off the sea beside the ship but lets
# the last metres close a few metres of lateral error; it touches down within 2 deg.
DEFAULT_POINTING_LIMIT_DEG = 20.0
DEFAULT_GLIDE_SLOPE_DEG = 15.0
DEFAULT_TOUCHDOWN_POINTING_LIMIT_DEG = 2.0


@dataclass(frozen=True)
class LandingVehicle:
    """SI units. ``glide_slope_deg``: minimum elevation of the vehicle above the target's
    horizontal plane, seen from the target (0: no cone); ``pointing_limit_deg``: the thrust
    stays within this angle of the vertical (>= 180: no limit); the same at the last node
    with ``touchdown_pointing_limit_deg`` (an upright touchdown)."""

    dry_mass_kg: float
    max_thrust_n: float  # the most the planner may use
    min_thrust_n: float
    isp_s: float
    pointing_limit_deg: float
    glide_slope_deg: float
    startup_delay_s: float = 0.0
    spool_up_time_s: float = 0.0
    touchdown_pointing_limit_deg: float = 180.0
    full_thrust_n: float = 0.0  # thrust at throttle 1 (the sim's throttle_norm); 0: max_thrust_n
    reserve_thrust_n: float = 0.0  # above max_thrust_n, used only when no plan exists without
    floor_relief_n: float = 0.0  # below min_thrust_n (to the engine's floor), likewise

    def __post_init__(self) -> None:
        checks = (
            (self.dry_mass_kg > 0.0, "dry_mass_kg must be > 0"),
            (0.0 < self.min_thrust_n <= self.max_thrust_n,
             "need 0 < min_thrust_n <= max_thrust_n"),
            (self.isp_s > 0.0, "isp_s must be > 0"),
            (self.pointing_limit_deg > 0.0, "pointing_limit_deg must be > 0"),
            (0.0 <= self.glide_slope_deg < 90.0, "glide_slope_deg must be in [0, 90)"),
            (self.startup_delay_s >= 0.0 and self.spool_up_time_s >= 0.0,
             "startup_delay_s and spool_up_time_s must be >= 0"),
            (self.touchdown_pointing_limit_deg > 0.0, "touchdown_pointing_limit_deg must be > 0"),
            (self.full_thrust_n >= 0.0 and self.reserve_thrust_n >= 0.0,
             "full_thrust_n and reserve_thrust_n must be >= 0"),
            (0.0 <= self.floor_relief_n < self.min_thrust_n,
             "need 0 <= floor_relief_n < min_thrust_n"),
        )
        for ok, message in checks:
            if not (ok and all(math.isfinite(x) for x in self._numbers())):
                raise ValueError(f"LandingVehicle: {message} and every field finite")

    def _numbers(self) -> tuple[float, ...]:
        return (self.dry_mass_kg, self.max_thrust_n, self.min_thrust_n, self.isp_s,
                self.pointing_limit_deg, self.glide_slope_deg, self.startup_delay_s,
                self.spool_up_time_s, self.touchdown_pointing_limit_deg, self.full_thrust_n,
                self.reserve_thrust_n, self.floor_relief_n)

    @property
    def throttle_scale_n(self) -> float:
        """The thrust of throttle 1: ``throttle_norm = thrust / throttle_scale_n``."""
        return self.full_thrust_n if self.full_thrust_n > 0.0 else self.max_thrust_n

    @classmethod
    def from_spec(cls, vehicle_spec: VehicleSpec, engines_lit: int = 1,
                  ambient_pressure_pa: float = SEA_LEVEL_PRESSURE_PA, *,
                  pointing_limit_deg: float = DEFAULT_POINTING_LIMIT_DEG,
                  glide_slope_deg: float = DEFAULT_GLIDE_SLOPE_DEG,
                  touchdown_pointing_limit_deg: float = DEFAULT_TOUCHDOWN_POINTING_LIMIT_DEG,
                  throttle_reserve_norm: float = 0.0,
                  floor_reserve_norm: float = 0.0) -> LandingVehicle:
        """The landing vehicle of a vehicle file with ``engines_lit`` engines burning.

        ``throttle_reserve_norm`` holds that fraction of full thrust back from the planner
        (its maximum becomes ``max_throttle_norm - throttle_reserve_norm``) so that a
        tracking loop keeps authority over a fuel-optimal plan, which ends at its maximum
        thrust; the planner spends the reserve only when it finds no landing without it.
        ``floor_reserve_norm`` likewise raises the planner's minimum above the engine's
        throttle floor, so that a stage that slows more than planned (more drag than the
        drag-free plan counts on) can still throttle back below the plan: at the floor
        itself it would stop above the deck, and it cannot hover. The planner spends that
        reserve too (``floor_relief_n``) only when it finds no landing without it: a stage
        already that slow is better flown by a plan at the floor than by none.
        """
        eng = vehicle_spec.engines
        if not 1 <= engines_lit <= eng.count:
            raise ValueError(f"engines_lit must be 1..{eng.count}, got {engines_lit}")
        top = eng.max_throttle_norm - throttle_reserve_norm
        bottom = eng.min_throttle_norm + floor_reserve_norm
        if not (eng.min_throttle_norm <= bottom < top <= eng.max_throttle_norm):
            raise ValueError(f"throttle_reserve_norm {throttle_reserve_norm} leaves no range "
                             f"above the minimum throttle {eng.min_throttle_norm} "
                             f"(+ floor reserve {floor_reserve_norm})")
        f = min(max(ambient_pressure_pa / SEA_LEVEL_PRESSURE_PA, 0.0), 1.0)
        thrust = engines_lit * (eng.thrust_vac_n + (eng.thrust_sl_n - eng.thrust_vac_n) * f)
        return cls(
            dry_mass_kg=vehicle_spec.mass.dry_mass_kg,
            max_thrust_n=thrust * top,
            min_thrust_n=thrust * bottom,
            isp_s=eng.isp_vac_s + (eng.isp_sl_s - eng.isp_vac_s) * f,
            pointing_limit_deg=pointing_limit_deg,
            glide_slope_deg=glide_slope_deg,
            startup_delay_s=eng.startup_delay_s,
            spool_up_time_s=eng.spool_up_time_s,
            touchdown_pointing_limit_deg=touchdown_pointing_limit_deg,
            full_thrust_n=thrust,
            reserve_thrust_n=thrust * throttle_reserve_norm,
            floor_relief_n=thrust * floor_reserve_norm,
        )
