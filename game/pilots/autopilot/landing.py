"""The landing burn: ignition, re-planned convex guidance, the last metres, legs and cut-off.

Sequence (one centre engine):

1. *Ignition* (``ignition_due``): the drag-aware stopping distance of ``ignition.py`` (a stage
   at terminal speed feels drag equal to its weight) at ``ignition_throttle`` (a share of the
   planner's throttle band; a short drop, which the terminal law flies, at the floor plus a
   reserve: ``light_up.py``), down to the handover speed at the handover point, decides when
   to throw the switch; the guidance's own drag-free ``ignition_estimate`` is kept alongside
   for the HUD.
2. *Burn* (``_tracking``): the fuel-optimal planner (``landing_guidance.LandingBurnPlanner``,
   G-FOLD by second-order cone programming, closed-form hoverslam fallback) is re-solved from
   the measured state every ``replan_period_s`` toward the *handover* point above the deck.
   Its vertical thrust plus PD feedback on the deviation from the plan gives the throttle.
   The plan counts on the drag along its own descent (``drag_lift_profile``: the sink rate
   falling linearly to the hand-over speed, the air density of US 1976 at each node's
   height, the engines-first drag area), as a known upward acceleration per node; the
   re-plans absorb the error of that model. A re-plan solves at the last plan's end time,
   held (the full final-time search is costly and runs only when nothing else lands).
   Holding it keeps the burn on its first, fuel-optimal schedule: the fixed-time optimum
   spends each extra fraction of a second by braking at its first node, so a receding end
   brakes early and ends in a slow tail, which costs propellant. Only while the lean
   planner's plan ends more than ``divert_miss_m`` off the deck centre (a gust has pushed
   the stage off, and the sideways divert needs more time than the burn has left) does the
   end recede, by ``plan_recession_per_s`` per second flown since the last plan. Measured
   (20 flights each, seed 0, the FT's planner ceiling of 0.70, ``planner_reserve_norm``):
   always receding at 0.1 per second, practice_landing_burn used 5.1 % more than the
   optimum and LZ-1 6.2 %; always held, 1.4 and 2.4 %, but in CRS-8's gusts 3 of the 11
   flights that had landed within 5 m landed 10-34 m off; held unless the divert falls
   short by 2 m, 1.6 and 3.2 % (every flight under 5 %; at 1 m, 4 of the LZ-1 flights
   were over; at 3 m, 2 landed over 5 m off), and CRS-8 10 of 20 within the limits (11
   always receding). (With the ceiling at 0.9, a held end left half the landings sliding: a
   plan that ends at its ceiling leaves no thrust to lean with.) Sideways, the lean planner
   (``landing_lean``) flies to the plan's end point: the plan's own sideways thrust assumes
   a stage that can turn its thrust instantly and feels no lift, and this one does neither.
   It is given the plan's thrust ahead (``_plan_profile``), not this moment's held: a
   re-plan that brakes briefly at its first node otherwise looked like a full-thrust burn,
   the lean planner dropped a saturated lean for half a second at a time, and far diverts
   (150-300 m at ignition) overshot the deck with 3 s left (60 LZ-1 flights: 96.7 % within
   the limits, 100 % with the plan's thrust; 200 practice_landing_burn flights: 99.5 and
   100 %, the propellant over the optimum at most 2.6 %, was 3.8).
3. *Terminal* (``terminal.py``): below the handover point (a mid-range-throttle sink rate, as
   the engine cannot hover) a closed-loop constant-deceleration descent onto the moving deck,
   the lean planner arriving upright and still; it also flies the start-up (no thrust for the
   planner to count on yet) and any moment without a convex plan. Its vertical law steers
   the lowest foot (its own closing speed over the deck plane under it, ``_track_foot``: a
   rolling deck and the stage's turn move a foot 9 m out by tenths of a metre a second) to
   the cut whose tail-off lands it at the touchdown speed (``cutoff.cut_state``), not to the
   deck itself, where no cut could be soft any more (rough sea, 40 flights: the touchdown's
   vertical speed's 95th percentile 2.74 m/s before, 2.03 after). A return hands over at
   ``handover_decel_mps2`` (16 m/s^2, about 0.8 throttle) and flies its last ``flare_height_m``
   at the flare's 12 m/s^2, as a short drop does; the cut is aimed from the flare's
   deceleration. The plan's fuel-optimal end is a hard braking, and the terminal law flies the
   last 100-150 m (the hand-over comes 2 s before the plan's end): at 12 m/s^2 all the way that
   stretch cost about 110 kg, 3.6 %, over its own optimum on practice_landing_burn (a slower
   fall is a longer one, against gravity). Only where the engine has the thrust to spare: the
   v1.1 (floor 0.70) would need 0.85 of its thrust on the empty stage, and hands over at 12,
   unflared, as before (flared, CRS-6's slow throttle valve met the deck at 4.6-7.6 m/s on 10 of
   10 flights; unflared, the touchdown's vertical speed's 95th percentile is 1.6 m/s). Measured
   (seed 0, 12 -> 16 with the flare; docs/architecture.md has the list): the landing burn's
   propellant over the guidance's own optimum, mean / max, practice_landing_burn 4.24 / 4.69 ->
   3.38 / 4.00 % (40 flights; 200 at 16: 3.44 / 4.14 %, all within the limits), LZ-1 5.03 / 6.28
   -> 4.30 / 4.71 % (20), atlantic_600km 5.29 / 11.24 -> 4.25 / 7.40 % (flights 0-39); within
   the acceptance limits, atlantic 95 -> 96.25 % and crs8_ocisly 92.5 -> 93.75 % of 80.
4. Legs are deployed ``leg_lead_s`` before touchdown (or below ``leg_deploy_height_m``); the
   engine is shut down when a foot reaches the deck, or when the stage would stop above it:
   in the last ``cut_window_m`` at the moment a cut meets the deck softest, the engine's
   tail-off counted (``cutoff.py``: at its floor the tail-off outweighs a near-empty stage,
   and one cut only once it has stopped lifts it before it falls).

Frames: the observation's deck frame (x east, y north, z up, origin at the deck centre, velocity
relative to the deck). The planner works on the centre of mass; its target is the centre of
mass at the handover point above the deck centre.
"""

from __future__ import annotations

import importlib
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from game.pilots.autopilot.cutoff import cut_is_due, cut_state
from game.pilots.autopilot.drag_estimate import DragEstimate
from game.pilots.autopilot.ignition import coast_to_ignition_s, stopping_distance_m
from game.pilots.autopilot.landing_drag import drag_lift_profile
from game.pilots.autopilot.landing_lean import LeanControl, LeanSettings
from game.pilots.autopilot.landing_steer import Steering, SteerSettings
from game.pilots.autopilot.light_up import short_drop_throttle
from game.pilots.autopilot.navigation import air_velocity_mps, airspeed_mps
from game.pilots.autopilot.terminal import (
    TerminalSettings,
    foot_heights_m,
    lowest_foot_height_m,
    tilt_bound_deg,
    vertical_accel,
)

if TYPE_CHECKING:
    from game.pilots.autopilot.vehicle import VehicleModel
    from game.sim.observation import Observation

Vec3 = tuple[float, float, float]
GUIDANCE_MODULE = "game.pilots.autopilot.landing_guidance"


def guidance_module():
    """The landing-guidance module, imported on first use (it pulls in the convex solver)."""
    return importlib.import_module(GUIDANCE_MODULE)


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
    # starts with (see the module docstring, step 3)
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


class LandingBurn:
    """The landing-burn guidance (see the module docstring)."""

    def __init__(self, vehicle: VehicleModel, settings: LandingSettings | None = None,
                 terminal: TerminalSettings | None = None) -> None:
        self.vehicle = vehicle
        self.settings = settings or LandingSettings()
        self.terminal = terminal or TerminalSettings()
        self.steering = Steering(vehicle, self.settings.steer)
        self.ignition_throttle = ignition_throttle(vehicle, self.settings)
        self.light_up_throttle = self.ignition_throttle  # this burn's (light_up.py)
        self.drag_estimate = DragEstimate()  # the measured drag over the model's
        self.lean = LeanControl(vehicle, self.steering, self.settings.lean)
        self._planner = None
        self._landing_vehicle = None
        self.plan = None
        self.plan_time_s = -math.inf
        self._last_replan_s = -math.inf
        self.plans_made = 0
        self.plan_failures = 0
        self.ignition = None  # the guidance's drag-free IgnitionEstimate (for comparison)
        self.ignition_height_m = -math.inf  # light below this CoM height above the deck
        self.time_to_ignition_s = math.inf
        self._next_ignition_check_s = -math.inf
        self.lit_at_s: float | None = None
        self.start_observation: Observation | None = None  # at ignition
        self.running_observation: Observation | None = None  # when the engine first runs
        self.first_plan_observation: Observation | None = None  # at the first convex plan
        self.terminal_mode = False
        self.touched = False
        self._foot_seen: tuple[float, list[float]] | None = None  # (time s, feet heights m)
        self.foot_rate_mps: float | None = None
        self.legs_commanded = False
        self.predicted_touchdown_m: tuple[float, float] | None = None

    # -- planning --------------------------------------------------------------------------
    def _ensure_planner(self):
        if self._planner is None:
            g = guidance_module()
            self._landing_vehicle = g.LandingVehicle.from_spec(
                self.vehicle.spec, engines_lit=1,
                throttle_reserve_norm=planner_reserve_norm(self.vehicle, self.settings),
                floor_reserve_norm=self.settings.floor_reserve_norm)
            self._planner = g.LandingBurnPlanner(self._landing_vehicle, n_nodes=50)
        return self._planner

    @property
    def guidance_vehicle(self):
        """The ``LandingVehicle`` the convex guidance plans with (its own throttle band)."""
        return self._ensure_planner().vehicle

    @property
    def start_state(self) -> tuple[Vec3, Vec3, float] | None:
        """(position, velocity, mass) at ignition, deck frame; None before it."""
        obs = self.start_observation
        if obs is None:
            return None
        return obs.position_rel_deck_m, obs.velocity_rel_deck_mps, obs.mass_kg

    def prepare(self) -> bool:
        """Import the solver and compile the landing problem now (0.5 to 1 s), so the first
        re-plan in flight is one solve; True when the convex planner is ready."""
        return bool(self._ensure_planner().prepare())

    def handover_state(self, propellant_kg: float,
                       short: bool | None = None) -> tuple[Vec3, Vec3]:
        """Centre-of-mass target of the plan: above the deck centre, sinking for the terminal
        (at ``handover_decel_mps2``'s speed; a short drop's, ``short`` or this burn's, at the
        flare's)."""
        s, t = self.settings, self.terminal
        h_com = self.vehicle.touchdown_com_height_m(propellant_kg) + s.handover_height_m
        v = math.sqrt(t.touchdown_speed_mps**2
                      + 2.0 * self.handover_decel_mps2(short) * s.handover_height_m)
        return (0.0, 0.0, h_com), (0.0, 0.0, -v)

    def handover_decel_mps2(self, short: bool | None = None) -> float:
        """The net deceleration at the hand-over: a return's ``handover_decel_mps2``, a short
        drop's (``short`` or this burn's) the flare's."""
        short = self.short_drop if short is None else short
        return self.settings.flare_decel_mps2 if short else self.return_handover_decel_mps2

    @property
    def return_handover_decel_mps2(self) -> float:
        """A return's hand-over deceleration: ``handover_decel_mps2`` where the engine gives it
        to the empty stage within ``handover_max_throttle_norm`` at sea level (room to brake
        harder above it), else the flare's (a v1.1, whose floor of 0.70 leaves it little)."""
        s, v = self.settings, self.vehicle
        needed = v.dry_mass_kg * (s.gravity_mps2 + s.handover_decel_mps2) / v.thrust_sl_n
        return (s.handover_decel_mps2 if needed <= s.handover_max_throttle_norm
                else s.flare_decel_mps2)

    @property
    def flares(self) -> bool:
        """Whether the terminal law flies the last ``flare_height_m`` at the flare's
        deceleration: a short drop, and a return handed over harder than that."""
        return (self.short_drop
                or self.return_handover_decel_mps2 > self.settings.flare_decel_mps2)

    @property
    def has_planned(self) -> bool:
        """Whether the burn has had a convex plan within the planner's band (from then on a
        failed re-plan means a stage too slow for it: ``replan``, ``_tracking``)."""
        return self.first_plan_observation is not None

    def _plan_ok(self) -> bool:
        return self.plan is not None and self.plan.solver == "clarabel"

    def replan(self, obs: Observation) -> None:
        """Re-plan from the measured state (see the module docstring, step 2).

        In order, until one lands: the 3-D plan at the last plan's time to go, lengthened
        while the sideways divert falls short (``divert_falls_short``; one or two solves);
        the *vertical* plan (the sideways state left out: a divert the pointing cone cannot
        fit any more is the lean planner's, which steers anyway) at that time; the vertical
        plan with the full final-time search (where the vertical plan finds no landing, the
        3-D one, more constrained, finds none either). The first plan: the full search,
        3-D, then vertical. Once the burn has had a plan within the planner's band, each of
        these may plan down to the engine's floor where nothing lands above the planner's
        (``LandingBurnPlanner``'s floor relief): a stage too slow for that band (crs8 flight
        10, 87 m/s 570 m up, needed 0.62 where the planner's floor is 0.63) otherwise flew
        the fallback to the deck, its terminal law braking on half the drag, stopped 5 m up
        on the floor and fell at 10 m/s.
        """
        self._last_replan_s = obs.time_s
        planner = self._ensure_planner()
        target_r, target_v = self.handover_state(obs.propellant_kg)
        r, v = obs.position_rel_deck_m, obs.velocity_rel_deck_mps
        vertical = ((target_r[0], target_r[1], r[2]), (0.0, 0.0, v[2]))
        if self.plan is None:  # the first plan: the full search, 3-D then vertical
            end, tries = None, [((r, v), True), (vertical, True)]
        else:
            flown = obs.time_s - self.plan_time_s
            end = max(self.plan.final_time_s - flown, 1.0)
            if self.divert_falls_short():
                end += self.settings.plan_recession_per_s * flown
            tries = [((r, v), False), (vertical, False), (vertical, True)]
        lift = self.drag_lift_profile(obs, target_r, target_v)
        plan = None
        for (r0, v0), full in tries:
            try:
                plan = planner.plan(r0, v0, obs.mass_kg, target_position_m=target_r,
                                    target_velocity_mps=target_v,
                                    gravity_mps2=self.settings.gravity_mps2, time_guess_s=end,
                                    lift_profile=lift, full_search=full,
                                    floor_relief=self.has_planned)
            except (ValueError, ArithmeticError, RuntimeError):
                plan = None
            if plan is not None and plan.solver == "clarabel":
                break
        self.plans_made += 1
        if plan is None or not np.all(np.isfinite(plan.thrust_n)):
            self.plan_failures += 1
            return
        self.plan, self.plan_time_s = plan, obs.time_s
        if self._plan_ok() and self.first_plan_observation is None:
            self.first_plan_observation = obs

    def divert_falls_short(self) -> bool:
        """True when the lean planner's last plan ends more than ``divert_miss_m`` from the
        deck centre: the sideways divert needs more time than the burn has left."""
        end = self.lean.mpc.predicted_end
        return math.hypot(float(end[0, 0]), float(end[0, 1])) > self.settings.divert_miss_m

    def drag_lift_profile(self, obs: Observation, target_r: Vec3, target_v: Vec3,
                          drag_scale: float | None = None):
        """f(final_time_s) -> the drag's upward acceleration at the plan's nodes (m/s^2);
        the model: ``landing_drag.drag_lift_profile``, scaled by the measured drag's ratio
        to it (``drag_scale``: by default the estimate's now)."""
        scale = self.drag_estimate.scale if drag_scale is None else drag_scale
        return drag_lift_profile(obs, self.vehicle, self.steering.full_thrust_n(obs), target_r,
                                 target_v, self._ensure_planner().n_nodes,
                                 self.settings.drag_share * scale)

    # -- ignition ----------------------------------------------------------------------------
    def ignition_due(self, obs: Observation) -> bool:
        """Whether to throw the engine switch now (see the module docstring, step 1)."""
        if obs.vertical_speed_mps >= 0.0:
            return False
        s = self.settings
        target_r, _ = self.handover_state(obs.propellant_kg)
        height = obs.altitude_above_deck_m - target_r[2]
        sink = -obs.vertical_speed_mps
        if obs.time_s >= self._next_ignition_check_s:
            self._ensure_planner()
            lv = self._landing_vehicle  # its margin is of the planner's range, not throttle 1
            margin = min(max(self.ignition_throttle * lv.throttle_scale_n / lv.max_thrust_n,
                             lv.min_thrust_n / lv.max_thrust_n), 1.0)
            self.ignition = guidance_module().ignition_estimate(
                lv, height, obs.vertical_speed_mps, obs.horizontal_speed_mps,
                obs.mass_kg, gravity_mps2=s.gravity_mps2, margin=margin)
            fins = obs.grid_fins_deploy_fraction > 0.5

            def stopping_m(throttle: float, end_sink_mps: float) -> float:
                return stopping_distance_m(
                    self.vehicle, obs.altitude_above_sea_m, sink, obs.mass_kg, end_sink_mps,
                    throttle, fins_deployed=fins, gravity_mps2=s.gravity_mps2)

            def end_sink_mps(short_drop: bool) -> float:
                return -self.handover_state(obs.propellant_kg, short_drop)[1][2]

            throttle, end_sink = self.ignition_throttle, end_sink_mps(False)
            stop = stopping_m(throttle, end_sink)
            short = short_drop_throttle(self.vehicle, stop, s.short_burn_m,
                                        s.short_burn_reserve_norm)
            if short is not None:
                throttle, end_sink = short, end_sink_mps(True)
                stop = stopping_m(short, end_sink)
            self.light_up_throttle = throttle
            self.ignition_height_m = stop + target_r[2]
            tti = coast_to_ignition_s(
                self.vehicle, obs.altitude_above_sea_m, height, sink, obs.mass_kg, end_sink,
                throttle, fins_deployed=fins, gravity_mps2=s.gravity_mps2, stopping_now_m=stop)
            self.time_to_ignition_s = tti
            self._next_ignition_check_s = obs.time_s + (0.0 if tti < 1.0 else min(0.25 * tti, 1.0))
        return obs.altitude_above_deck_m <= self.ignition_height_m

    # -- per step ------------------------------------------------------------------------------
    def command(self, obs: Observation) -> BurnCommand:
        """Engine, throttle, thrust direction and legs for this step (the engine is lit)."""
        if self.lit_at_s is None:
            self.lit_at_s = obs.time_s
            self.start_observation = obs
        if self.running_observation is None and obs.engine_state == "running":
            self.running_observation = obs
        feet = foot_heights_m(obs, self.vehicle)
        foot = min(feet)
        self._track_foot(obs, feet)
        v_td = self.terminal.touchdown_speed_mps
        if not self.terminal_mode and self._handover_due(obs, foot):
            self.terminal_mode = True
        if obs.legs_deploy_fraction >= 1.0 and foot <= 0.05:
            self.touched = True
        elif self.terminal_mode and -obs.vertical_speed_mps < 0.5 * v_td:
            self.touched = True  # stopping above the deck: cut now and drop the last few cm
        elif self.terminal_mode and self._cut_due(obs, foot):
            self.touched = True  # stopping just above it: cut while the tail-off brakes
        if self.touched:
            return BurnCommand(False, 0.0, (0.0, 0.0, 1.0), True)
        s = self.settings
        if obs.engine_state == "running":
            self.drag_estimate.update(obs, self._drag_up_mps2(obs))
        starting = obs.engine_state != "running"
        if self.terminal_mode or starting:
            direction, throttle, t_go = self._terminal(obs, foot, wide=True)
            if starting and not self.terminal_mode:
                throttle = self.light_up_throttle
        else:
            period = s.replan_period_s if self._plan_ok() else s.fallback_replan_period_s
            if obs.time_s - self._last_replan_s >= period - 1e-9:
                self.replan(obs)
            direction, throttle, t_go = self._tracking(obs, foot)
        self._update_touchdown_prediction(obs, t_go)
        if t_go <= s.leg_lead_s or foot < s.leg_deploy_height_m:
            self.legs_commanded = True
        return BurnCommand(True, throttle, direction, self.legs_commanded)

    def _cut_due(self, obs: Observation, foot: float) -> bool:
        """In the last ``cut_window_m`` above the deck, with the engine running: whether a cut
        now meets the deck softest, the tail-off counted (``cutoff.cut_is_due``), from the
        lowest foot's own speed over the deck under it (``_track_foot``: a rolling deck moves
        it too)."""
        s, rate = self.settings, self.foot_rate_mps
        if foot > s.cut_window_m or obs.engine_state != "running" or rate is None:
            return False
        return cut_is_due(foot, rate, obs.thrust_n, obs.mass_kg,
                          self.vehicle.shutdown_time_s, s.gravity_mps2, s.cut_compare_step_s)

    def _track_foot(self, obs: Observation, feet: list[float]) -> None:
        """The lowest foot's rate of climb over the deck plane under it (m/s, up positive),
        that foot's height differenced over the last step: the stage's own rotation and the
        deck's roll and heave move it as well as the centre of mass's sink. The same foot
        at both ends (when another foot becomes the lowest, the difference of the two
        lowest heights is not a speed: a stage turning upright over a rolling deck swaps
        its lowest foot in the last decimetres, and that difference read 0.4 m/s more).
        None across the legs' deployment (the lowest point jumps from the engine bells to a
        foot) and after a gap of more than ``foot_rate_gap_s`` (a pilot who took over and
        handed back)."""
        last, self._foot_seen = self._foot_seen, (obs.time_s, feet)
        self.foot_rate_mps = None
        if (last is not None and len(last[1]) == len(feet)
                and 0.0 < obs.time_s - last[0] <= self.settings.foot_rate_gap_s):
            low = min(range(len(feet)), key=feet.__getitem__)
            self.foot_rate_mps = (feet[low] - last[1][low]) / (obs.time_s - last[0])

    def _foot_sink(self) -> float | None:
        """The lowest foot's closing speed over the deck (m/s, toward it positive) for the
        terminal law; None (the centre of mass's sink rate) while it is not measured."""
        if not self.settings.foot_sink or self.foot_rate_mps is None:
            return None
        return -self.foot_rate_mps

    def _cut_target(self, obs: Observation) -> tuple[float, float] | None:
        """(foot height, sink rate) of the cut the terminal law aims at (``cutoff.cut_state``),
        its tail-off starting from the hand-over's deceleration or the throttle floor's,
        whichever is the more; None with ``aim_at_cut`` off."""
        s = self.settings
        if not s.aim_at_cut:
            return None
        accel = max(s.flare_decel_mps2 + s.gravity_mps2, self._floor_accel_mps2(obs))
        return cut_state(self.terminal.touchdown_speed_mps, accel, self.vehicle.shutdown_time_s,
                         s.gravity_mps2)

    def _floor_accel_mps2(self, obs: Observation) -> float:
        """The thrust acceleration at the engine's throttle floor now (m/s^2)."""
        return self.vehicle.min_throttle * self.steering.full_thrust_n(obs) / obs.mass_kg

    def _handover_due(self, obs: Observation, foot: float) -> bool:
        """Hand over to the terminal law at the handover point, or when the plan runs out while
        the terminal would still ask for at least the throttle floor (handing over a stage that
        is too slow for its height would let the floor stop it above the deck; the plan,
        re-solved, copes better with that); and at once when the stage has stopped above the
        deck after all (the floor outweighs it: it would climb away on the plan's floor until
        the tanks ran dry), so that the terminal law cuts the engine there."""
        s = self.settings
        if foot <= s.handover_height_m or obs.vertical_speed_mps >= 0.0:
            return True
        _, a_up, _ = vertical_accel(obs, foot, self.terminal, s.gravity_mps2,
                                    cut=self._cut_target(obs))
        floor = self._floor_accel_mps2(obs) - s.gravity_mps2
        return self._plan_time_left_s(obs) < s.handover_time_s and a_up >= floor

    def _terminal(self, obs: Observation, foot: float, wide: bool = False,
                  drag_share: float | None = None) -> tuple[Vec3, float, float]:
        """The closed-form vertical law and the planned lean (terminal.py, landing_lean.py);
        ``wide``: the burn's lean bound above the handover point (no plan to track, or the
        engine still starting: a stage lit high has the room to lean); ``drag_share``: of
        the modelled drag the law counts on (by default ``terminal_drag_share``)."""
        s = self.settings
        share = s.terminal_drag_share if drag_share is None else drag_share
        share *= self.drag_estimate.scale
        flare = s.flare_decel_mps2 if self.flares else None
        accel_up, _, t_go = vertical_accel(obs, foot, self.terminal, s.gravity_mps2,
                                           share * self._drag_mps2(obs), flare,
                                           self._cut_target(obs), self._foot_sink())
        lean = self.lean.lean(obs, t_go, self._gain_profile(obs, accel_up, t_go),
                              self._limit_profile(foot, t_go, wide),
                              self._hold_profile(foot, t_go, self._thrust_due_s(obs)))
        bound = self._steer_bound_deg(self._lean_bound_deg(foot, wide))
        direction, throttle = self.steering.from_lean(obs, accel_up, lean, bound)
        return direction, throttle, t_go

    @property
    def short_drop(self) -> bool:
        """Whether this burn lights for the floor as a short drop (light_up.py)."""
        return self.light_up_throttle < self.ignition_throttle

    def _lean_bound_deg(self, foot_m: float, wide: bool) -> float:
        """The largest lean at a foot height: the terminal's bound (upright at the deck);
        ``wide``: well above the deck, the burn's own bound, blending into the terminal's."""
        bound = tilt_bound_deg(foot_m, self.terminal)
        if wide:
            s = self.settings
            f = min(max((foot_m - s.wide_lean_floor_m) / s.wide_lean_blend_m, 0.0), 1.0)
            bound += f * max(self.burn_tilt_deg - bound, 0.0)
        return bound

    @property
    def burn_tilt_deg(self) -> float:
        """The burn's lean bound well above the deck: wider on a short drop."""
        s = self.settings
        return s.short_drop_tilt_deg if self.short_drop else s.max_tilt_deg

    def _limit_profile(self, foot_m: float, t_go: float, wide: bool = True):
        """t -> the lean bound (tangent) the stage will have t seconds from now."""
        ahead = _foot_ahead(foot_m, t_go)
        return lambda t: math.tan(math.radians(self._lean_bound_deg(ahead(t), wide)))

    def _hold_profile(self, foot_m: float, t_go: float, thrust_due_s: float = 0.0):
        """t -> the share of the hold lean the lean bound moves toward t seconds from now
        (``lateral_mpc``): all of it above the terminal's ``upright_height_m``, fading to
        none at the deck, so that the stage still arrives within ``final_tilt_deg``; none
        before ``thrust_due_s``, while the engine starts and spools up (the hold lean, the
        air's push over the thrust's, grows without bound as the thrust does from nothing:
        rough-sea flight 11 planned its divert on a bound moved out to 23 deg for the
        spool-up's half second, and met the real one, 10 deg, 6 m/s too fast)."""
        if not self.settings.hold_bound:
            return None
        upright = max(self.terminal.upright_height_m, 1.0)
        ahead = _foot_ahead(foot_m, t_go)
        return lambda t: 0.0 if t < thrust_due_s else min(ahead(t) / upright, 1.0)

    def _start_delay_left_s(self, obs: Observation) -> float:
        """Seconds of the engine's start-up delay left (all of it before the switch)."""
        since = obs.time_s - (self.lit_at_s if self.lit_at_s is not None else obs.time_s)
        return max(self.vehicle.startup_delay_s - since, 0.0)

    def _thrust_due_s(self, obs: Observation) -> float:
        """Seconds until the engine delivers its light-up thrust: the start's delay and the
        spool-up left (0 once it runs)."""
        if obs.engine_state == "running":
            return 0.0
        return self._start_delay_left_s(obs) + self.vehicle.spool_up_time_s

    def _steer_bound_deg(self, bound_deg: float) -> float:
        """The bound the steering holds the lean to: where the lean planner's bound has moved
        toward the hold lean, as much further from upright as that bound reaches now (its
        ``hold_reach``, 0 without a hold profile)."""
        reach = self.lean.mpc.hold_reach
        if reach <= 0.0:
            return bound_deg
        return math.degrees(math.atan(math.tan(math.radians(bound_deg)) + reach))

    def _drag_mps2(self, obs: Observation) -> float:
        """Drag deceleration now (engines first, fins out: the vehicle's tables)."""
        area = self.vehicle.drag_area_m2(obs.mach, obs.grid_fins_deploy_fraction > 0.5)
        return obs.dynamic_pressure_pa * area / obs.mass_kg

    def _drag_up_mps2(self, obs: Observation) -> float:
        """The model's drag, its upward part (the drag is along the air-relative flow)."""
        airspeed = airspeed_mps(obs)
        if airspeed < 1.0:
            return 0.0
        return self._drag_mps2(obs) * max(-air_velocity_mps(obs)[2], 0.0) / airspeed

    def _gain_profile(self, obs: Observation, accel_up: float, t_go: float):
        if obs.engine_state == "running":
            return self.lean.slowing_profile(obs, accel_up, t_go)
        return self.lean.start_profile(obs, self.light_up_throttle,
                                       self._start_delay_left_s(obs), t_go)

    def preignition_direction(self, obs: Observation) -> Vec3:
        """Where the landing burn will want the thrust when it lights (for the descent's last
        seconds, so the engine lights with the stage already leaning the right way)."""
        foot = lowest_foot_height_m(obs, self.vehicle)
        accel_up, _, t_go = vertical_accel(obs, foot, self.terminal, self.settings.gravity_mps2,
                                           cut=self._cut_target(obs))
        delay = self.time_to_ignition_s + self.vehicle.startup_delay_s
        profile = self.lean.start_profile(obs, self.light_up_throttle, delay, t_go)
        lean = self.lean.lean(obs, t_go, profile)
        return self.steering.from_lean(obs, accel_up, lean, self.terminal.max_tilt_deg)[0]

    def _plan_time_left_s(self, obs: Observation) -> float:
        if self.plan is None:
            return math.inf
        return float(self.plan.final_time_s) - (obs.time_s - self.plan_time_s)

    def _tracking(self, obs: Observation, foot: float) -> tuple[Vec3, float, float]:
        """Vertically the plan's thrust plus feedback on the deviation; sideways the lean
        planner toward the plan's end point (see the module docstring)."""
        s = self.settings
        plan = self.plan
        if not self._plan_ok():
            # the fallback: a vertical hoverslam; once the burn has had a plan, counting on
            # the drag as the plans do
            share = s.fallback_drag_share if self.has_planned else None
            return self._terminal(obs, foot, wide=True, drag_share=share)
        times = plan.times_s
        t = min(max(obs.time_s - self.plan_time_s, 0.0), float(times[-1]))
        force, _ = self._planner.thrust_command(plan, t)
        m_plan = float(np.interp(t, times, plan.masses_kg))
        z_plan = float(np.interp(t, times, plan.positions_m[:, 2]))
        vz_plan = float(np.interp(t, times, plan.velocities_mps[:, 2]))
        accel_up = (float(force[2]) / m_plan
                    + s.position_gain_per_s2 * (z_plan - obs.position_rel_deck_m[2])
                    + s.velocity_gain_per_s * (vz_plan - obs.vertical_speed_mps))
        _, target_v = self.handover_state(obs.propellant_kg)
        t_go = float(plan.final_time_s) - t + 2.0 * s.handover_height_m / max(-target_v[2], 1.0)
        lean = self.lean.lean(obs, t_go, self._plan_profile(obs, t, t_go),
                              self._limit_profile(foot, t_go), self._hold_profile(foot, t_go))
        direction, throttle = self.steering.from_lean(obs, accel_up, lean,
                                                      self._steer_bound_deg(self.burn_tilt_deg))
        return direction, throttle, t_go

    def _plan_profile(self, obs: Observation, t_plan_s: float, t_go: float):
        """The flight profile the lean planner is given while a plan is tracked: the plan's
        own thrust at each moment ahead (after its end, the thrust that starts the terminal
        law's deceleration), the sink rate falling linearly to rest over ``t_go``, and
        (``plan_air_density``) the air as dense as the standard atmosphere has it at the
        plan's height then (held after its end). (The thrust of this moment, held, let a
        plan's brief braking at its first node make the lean planner count on that thrust
        for the whole burn: it dropped a saturated lean for half a second, then took it up
        again.)"""
        s, plan = self.settings, self.plan
        times = plan.times_s
        thrust = np.linalg.norm(plan.thrust_n, axis=1)
        end = float(times[-1])
        after = obs.mass_kg * (s.gravity_mps2 + self.handover_decel_mps2())

        def thrust_at(t: float) -> float:
            ahead = t_plan_s + t
            return float(np.interp(ahead, times, thrust)) if ahead <= end else after

        if not s.plan_air_density:
            return self.lean.slowing_profile(obs, 0.0, t_go, thrust_at)
        heights = plan.positions_m[:, 2]
        start = float(np.interp(t_plan_s, times, heights))

        def descent_m(t: float) -> float:
            return float(np.interp(min(t_plan_s + t, end), times, heights)) - start

        return self.lean.slowing_profile(obs, 0.0, t_go, thrust_at, descent_m)

    def _update_touchdown_prediction(self, obs: Observation, t_go: float) -> None:
        if self.plan is not None and not self.terminal_mode:
            self.predicted_touchdown_m = (float(self.plan.positions_m[-1, 0]),
                                          float(self.plan.positions_m[-1, 1]))
        else:
            px, py, _ = obs.position_rel_deck_m
            vx, vy, _ = obs.velocity_rel_deck_mps
            k = 0.5 * max(t_go, 0.0)
            self.predicted_touchdown_m = (px + vx * k, py + vy * k)

    def planned_trajectory_m(self) -> list[Vec3]:
        """The current plan's centre-of-mass points in the deck frame (empty before one)."""
        if self.plan is None:
            return []
        return [tuple(float(c) for c in p) for p in self.plan.positions_m]


def _foot_ahead(foot_m: float, t_go: float):
    """t -> the foot height t seconds from now, falling as in a constant deceleration to rest
    at the deck over ``t_go`` (m)."""
    def ahead(t: float) -> float:
        f = max(1.0 - t / max(t_go, 0.1), 0.0)
        return foot_m * f * f
    return ahead
