"""The landing burn's settings, its command, and the convex planner's throttle band.

``LandingSettings`` holds every choice the landing burn makes (``landing.py`` says what each
part of the burn does with them); ``planner_floor_norm`` and ``planner_reserve_norm`` give the
band of throttle the convex planner may plan in, which leaves room above and below it for the
tracking loop and the lean, and ``ignition_throttle`` the throttle the light-up decision plans
the burn with. Units: SI, throttles as a fraction of rated thrust.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from game.pilots.autopilot.landing_lean import LeanSettings
from game.pilots.autopilot.landing_steer import SteerSettings

if TYPE_CHECKING:
    from game.pilots.autopilot.vehicle import VehicleModel

Vec3 = tuple[float, float, float]


@dataclass(slots=True)
class LandingSettings:
    replan_period_s: float = 0.2
    fallback_replan_period_s: float = 1.0  # while no convex plan lands (each try searches)
    planner_ceiling_norm: float = 0.7  # the planner plans at most this throttle, leaving
    # the rest to the tracking loop and the lean, where the floor (plus its reserve) leaves
    # a band of at least ``min_planner_band_norm`` below it; otherwise (the v1.1's floor of
    # 0.70) it plans up to the engine's maximum less ``throttle_reserve_norm``
    min_planner_band_norm: float = 0.07
    throttle_reserve_norm: float = 0.1  # held back below the maximum at least
    floor_reserve_norm: float = 0.06  # held back above the throttle floor, for the same loop
    # (spent, once the burn has had a plan, only where no plan lands above it: ``replan``)
    plan_recession_per_s: float = 0.1  # a re-plan's end time recedes this much per second
    # flown, only while the lean planner's divert ends more than ``divert_miss_m`` off
    divert_miss_m: float = 2.0
    drag_share: float = 1.0  # of the modelled drag along the descent the plans count on
    terminal_drag_share: float = 0.5  # the terminal law counts on this much of it
    fallback_drag_share: float = 1.0  # ... and this much flying for a failed re-plan
    ignition_band_fraction: float = 0.45  # the light-up throttle, as a share of the way
    # from the planner's lowest throttle (floor + floor reserve) to its highest (max - reserve)
    short_burn_m: float = 400.0  # a burn that stops within this at that throttle is a short
    short_burn_reserve_norm: float = 0.03  # drop: it lights for the floor plus this (light_up)
    handover_height_m: float = 40.0  # foot height where the terminal law takes over
    # a return's hand-over: the net deceleration the plan ends with and the terminal law
    # starts with (``landing.py``'s docstring, step 3)
    handover_decel_mps2: float = 16.0
    # ... where the engine gives it on the empty stage at sea level within this throttle
    # (the FT: 0.76; the v1.1: 0.85, which hands over at the flare's, as before, unflared)
    handover_max_throttle_norm: float = 0.8
    flare_decel_mps2: float = 12.0  # the terminal's last ``flare_height_m``; a short drop's
    # light-up aims at the hand-over point at this deceleration's speed too (light_up.py)
    handover_time_s: float = 2.0  # or when the plan has this little time left
    position_gain_per_s2: float = 0.05  # vertical feedback on the deviation from the plan
    velocity_gain_per_s: float = 0.5
    max_tilt_deg: float = 20.0  # thrust lean from the vertical above the handover point
    short_drop_tilt_deg: float = 25.0  # ... on a short drop (light_up.py), lit low and slow
    # (night fog's diverts of 21.5 m or more: 48 of 68 within the limits at 20 deg, 53 at
    # 25; a return at 25 came down leaning 27-41 deg at 30 m/s on 4 of 40 crs8 flights)
    wide_lean_floor_m: float = 100.0  # foot height below which the terminal's bound holds
    wide_lean_blend_m: float = 200.0  # ... blending up to the burn's over this height
    hold_bound: bool = True  # move the lean bound toward the lean that holds against the air
    leg_lead_s: float = 8.0  # deploy the legs this long before touchdown
    leg_deploy_height_m: float = 200.0  # ... or below this foot height, whichever first
    cut_window_m: float = 2.0  # foot height under which the cut-off counts the tail-off
    cut_compare_step_s: float = 0.02  # a cut now against one this much later
    foot_sink: bool = True  # the terminal law reads the lowest foot's closing speed
    foot_rate_gap_s: float = 0.1  # ... differenced over at most this long
    aim_at_cut: bool = True  # ... and aims at the cut whose tail-off lands it softly
    plan_air_density: bool = True  # the lean planner's air thickens as the plan descends
    gravity_mps2: float = 9.81
    lean: LeanSettings = field(default_factory=LeanSettings)
    steer: SteerSettings = field(default_factory=SteerSettings)


@dataclass(slots=True)
class BurnCommand:
    """What the landing phase asks of the engine and the attitude loop this step."""

    engine_on: bool
    throttle_norm: float
    direction_local: Vec3
    legs_deploy: bool


def ignition_throttle(vehicle: VehicleModel, settings: LandingSettings) -> float:
    """The throttle the light-up decision plans the burn with: ``ignition_band_fraction`` of
    the way up the planner's band, so that the plan can push or ease off from there on any
    engine (0.66 on the Falcon 9 FT, floor 0.57, planner 0.63 to 0.70; 0.82 on the v1.1,
    floor 0.70, planner 0.76 to 0.90, where a fixed 0.75 sat below the planner's lowest
    throttle and the plan stopped the stage high)."""
    low = planner_floor_norm(vehicle, settings)
    high = vehicle.max_throttle - planner_reserve_norm(vehicle, settings)
    return low + settings.ignition_band_fraction * max(high - low, 0.0)


def planner_floor_norm(vehicle: VehicleModel, settings: LandingSettings) -> float:
    """The planner's lowest throttle: the engine's floor plus ``floor_reserve_norm``."""
    return vehicle.min_throttle + settings.floor_reserve_norm


def planner_reserve_norm(vehicle: VehicleModel, settings: LandingSettings) -> float:
    """The throttle held back from the planner: down to ``planner_ceiling_norm`` where the
    floor leaves the planner a band of ``min_planner_band_norm`` below it (the Falcon 9 FT:
    plans at 0.63 to 0.70, 0.3 held back), else ``throttle_reserve_norm`` (the v1.1: 0.76 to
    0.90). A plan up to the engine's maximum less 0.1 ends at that ceiling, and a stage that
    must lean then has no thrust to lean with: LZ-1 and practice_landing_burn landed sliding
    unless the plan's end receded (``plan_recession_per_s``) to a slow tail, which costs
    propellant; with the ceiling at 0.70 they land still with the end held."""
    low = planner_floor_norm(vehicle, settings)
    if settings.planner_ceiling_norm >= low + settings.min_planner_band_norm - 1e-9:
        return max(vehicle.max_throttle - settings.planner_ceiling_norm,
                   settings.throttle_reserve_norm)
    return settings.throttle_reserve_norm
