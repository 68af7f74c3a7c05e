"""The landing burn's re-planning: the convex plan, made again from the measured state.

``Replanning`` is a part of ``landing.LandingBurn`` (a mixin: it reads the burn's
``settings``, ``vehicle``, ``steering``, ``lean`` and ``drag_estimate``, asks
``_ensure_planner`` and ``handover_state``, and keeps ``plan``, ``plan_time_s``,
``_last_replan_s``, ``plans_made``, ``plan_failures`` and ``first_plan_observation`` on it).
``landing.py``, step 2, says what is planned and when; ``replan`` says in which order the
plans are tried. The guidance module (the convex solver behind it) is imported on first use
(``guidance_module``), so that the game starts fast.
"""

from __future__ import annotations

import importlib
import math
from typing import TYPE_CHECKING

import numpy as np

from game.pilots.autopilot.landing_drag import drag_lift_profile

if TYPE_CHECKING:
    from game.sim.observation import Observation

Vec3 = tuple[float, float, float]
GUIDANCE_MODULE = "game.pilots.autopilot.landing_guidance"


def guidance_module():
    """The landing-guidance module, imported on first use (it pulls in the convex solver)."""
    return importlib.import_module(GUIDANCE_MODULE)


class Replanning:
    """The convex plan's re-solves (see the module docstring)."""

    @property
    def has_planned(self) -> bool:
        """Whether the burn has had a convex plan within the planner's band (from then on a
        failed re-plan means a stage too slow for it: ``replan``, ``_tracking``)."""
        return self.first_plan_observation is not None

    def _plan_ok(self) -> bool:
        return self.plan is not None and self.plan.solver == "clarabel"

    def replan(self, obs: Observation) -> None:
        """Re-plan from the measured state (``landing.py``'s docstring, step 2).

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
