"""What the landing burn tells the lean planner: its bounds and the flight ahead.

``LeanProfiles`` is a part of ``landing.LandingBurn`` (a mixin: it reads the burn's
``settings``, ``terminal``, ``vehicle``, ``steering``, ``lean``, ``plan``, ``lit_at_s``,
``light_up_throttle``, ``ignition_throttle`` and ``time_to_ignition_s``). The lean planner
(``lateral_mpc`` through ``landing_lean``) is given, as functions of the time ahead:

- the lean bound (``_limit_profile``): the terminal's, upright at the deck, widening to the
  burn's own well above it (``_lean_bound_deg``; wider on a short drop, ``burn_tilt_deg``);
- the share of the hold lean that bound moves toward (``_hold_profile``): none while the
  engine starts, all of it above the terminal's upright height, none at the deck;
- the flight profile (thrust, sink rate through the air, the air's density over today's):
  while the engine starts (``_gain_profile``: ``LeanControl.start_profile``), while it runs
  (``LeanControl.slowing_profile``), and while a plan is tracked, the plan's own thrust and
  height (``_plan_profile``).

The foot's height ahead is modelled as a constant deceleration to rest at the deck over the
time to go (``_foot_ahead``). Units: SI, leans as tangents, bounds in degrees where named so.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from game.pilots.autopilot.terminal import lowest_foot_height_m, tilt_bound_deg, vertical_accel

if TYPE_CHECKING:
    from game.sim.observation import Observation

Vec3 = tuple[float, float, float]


class LeanProfiles:
    """The lean planner's bounds and flight profiles (see the module docstring)."""

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


def _foot_ahead(foot_m: float, t_go: float):
    """t -> the foot height t seconds from now, falling as in a constant deceleration to rest
    at the deck over ``t_go`` (m)."""
    def ahead(t: float) -> float:
        f = max(1.0 - t / max(t_go, 0.1), 0.0)
        return foot_m * f * f
    return ahead
