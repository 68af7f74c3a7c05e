"""The autopilot's tuning: every gain, margin and threshold in one documented place.

These are the flight software's own choices (not properties of the stage or the level, which
come from the vehicle and level files); SI units in every name. ``AutopilotSettings()`` holds
the values the campaigns were run with.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from game.pilots.autopilot.attitude import AttitudeGains
from game.pilots.autopilot.landing_settings import LandingSettings
from game.pilots.autopilot.terminal import TerminalSettings


@dataclass(slots=True)
class AutopilotSettings:
    # Flip and boostback -------------------------------------------------------------------
    boostback_min_miss_m: float = 2_000.0  # a smaller predicted miss is left to the fins
    boostback_engines: int = 3
    boostback_single_engine_dv_mps: float = 60.0  # a smaller correction uses one engine
    boostback_ignite_error_deg: float = 12.0  # light once the axis is this close
    boostback_cutoff_miss_m: float = 150.0
    boostback_solve_period_s: float = 0.5
    # Coast and entry burn -----------------------------------------------------------------
    entry_start_altitude_m: float = 65_000.0
    entry_end_speed_mps: float = 850.0  # nominal, until the loads plan the burn's end
    entry_min_end_speed_mps: float = 400.0  # the loads never ask for a slower cut than this
    entry_engines: int = 3
    entry_load_margin: float = 0.6  # cut when predicted peak q and heating are under this
    entry_max_axial_g: float = 7.0
    entry_max_steer_deg: float = 12.0
    entry_min_landing_reserve_kg: float = 2_500.0
    entry_solve_period_s: float = 0.5
    fins_deploy_after_s: float = 5.0  # after separation (the real stage: after the flip)
    # Aerodynamic descent -----------------------------------------------------------------
    descent_max_tilt_deg: float = 12.0
    descent_solve_period_s: float = 0.5
    descent_navigation_gain: float = 3.0  # proportional-navigation constant on the miss
    descent_preignition_s: float = 4.0  # lean for the landing burn this long before it
    descent_preignition_max_x: float = 0.1  # ... where q S / T at light-up is under this
    # Attitude loops by phase --------------------------------------------------------------
    flip_gains: AttitudeGains = field(default_factory=lambda: AttitudeGains(
        omega_n_radps=0.5, damping=1.0, max_rate_radps=0.09, roll_damping_per_s=0.5))
    burn_gains: AttitudeGains = field(default_factory=lambda: AttitudeGains(
        omega_n_radps=1.2, damping=0.9, max_rate_radps=0.15, roll_damping_per_s=0.5))
    aero_gains: AttitudeGains = field(default_factory=lambda: AttitudeGains(
        omega_n_radps=1.0, damping=0.9, max_rate_radps=0.15, roll_damping_per_s=0.5))
    # The landing loop brakes its slews on 0.42 of its estimated authority: a stage standing
    # up from a divert or a wind lean in the last seconds swings faster than on 0.35, and the
    # lean planner's linear model of the loop (landing_lean) holds better. Seed 0, within
    # the limits: night fog 91.0 -> 93.5 % of 200, rough sea 58.3 -> 60.8 % of 120,
    # atlantic_600km 95 % of 80 both, practice_touchdown 100 % of 40 both (on 0.5 it lost 2
    # of those 40, sliding at 0.8 and 1.1 m/s); docs/architecture.md.
    landing_gains: AttitudeGains = field(default_factory=lambda: AttitudeGains(
        omega_n_radps=2.0, damping=0.9, max_rate_radps=0.2, roll_damping_per_s=0.5,
        integral_per_s=0.0, braking_fraction=0.42))
    # Landing burn ---------------------------------------------------------------------------
    landing: LandingSettings = field(default_factory=LandingSettings)
    terminal: TerminalSettings = field(default_factory=TerminalSettings)
