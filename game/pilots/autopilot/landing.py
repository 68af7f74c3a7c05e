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
   planner to count on yet) and any moment without a convex plan. During the start-up the
   lean planner's time to go is this law's, as if the deceleration began now: about 3 s longer
   than the light-up's own burn on a short drop (night-fog flight 180: 9.6 s at the switch,
   6.7 flown). Timed by the light-up's burn instead (``ignition``'s integration with the
   start-up's delay left, then this law from the hand-over), the planner saturates from the
   switch on the far diverts, and landed no better (seed 0: night fog 93.0 % of 200, one
   flight changed; rough sea 55.8 % of 120, was 59.2). Its vertical law steers
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

import math
from typing import TYPE_CHECKING

import numpy as np

from game.pilots.autopilot.drag_estimate import DragEstimate
from game.pilots.autopilot.landing_contact import TouchdownCut
from game.pilots.autopilot.landing_lean import LeanControl
from game.pilots.autopilot.landing_profiles import LeanProfiles
from game.pilots.autopilot.landing_replan import Replanning, guidance_module
from game.pilots.autopilot.landing_settings import (
    BurnCommand,
    LandingSettings,
    ignition_throttle,
    planner_reserve_norm,
)
from game.pilots.autopilot.landing_steer import Steering
from game.pilots.autopilot.light_up import LightUpDecision
from game.pilots.autopilot.navigation import air_velocity_mps, airspeed_mps
from game.pilots.autopilot.terminal import TerminalSettings, foot_heights_m, vertical_accel

if TYPE_CHECKING:
    from game.pilots.autopilot.vehicle import VehicleModel
    from game.sim.observation import Observation

Vec3 = tuple[float, float, float]

__all__ = ["BurnCommand", "LandingBurn", "LandingSettings", "guidance_module"]


class LandingBurn(LightUpDecision, Replanning, LeanProfiles, TouchdownCut):
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
