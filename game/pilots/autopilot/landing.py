"""The landing burn: ignition timing, re-planned convex guidance, legs, touchdown and cut-off.

Sequence (one centre engine):

1. *Waiting*: every step the guidance's ``ignition_estimate`` (a constant-deceleration stop at
   ``margin`` of full thrust) gives the height to light at; the switch is thrown a lead time
   earlier that covers the start transient (start-up delay plus half the spool-up), because a
   stage at 250 m/s falls half a kilometre before the engine is at full thrust.
2. *Burn*: the fuel-optimal planner (``landing_guidance.LandingBurnPlanner``, G-FOLD by
   second-order cone programming, with a closed-form hoverslam fallback) is re-solved from the
   measured state every ``replan_period_s``; between solves its thrust profile is the feed-
   forward and a PD law on the deviation from the planned position and velocity closes the loop
   (drag, which the planner ignores, the start transient and the valve lag are absorbed there).
   The plan ends at a *handover* point above the touchdown point at a sink rate that asks for
   a mid-range throttle (``handover_*``): the engine cannot hover, so the last metres need
   throttle authority in both directions.
3. *Terminal* (``terminal.py``): a closed-loop constant-deceleration descent onto the moving
   deck, arriving upright at ``touchdown_speed_mps``.
4. Legs are deployed ``leg_lead_s`` before the predicted touchdown; the engine is shut down
   (switch off) when a foot reaches the deck.

Frames: the observation's deck frame (x east, y north, z up, origin at the deck centre, velocity
relative to the deck). The planner works on the centre of mass; its target is the centre of
mass at the handover point above the deck centre.
"""

from __future__ import annotations

import importlib
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from game.pilots.autopilot.ignition import stopping_distance_m, time_to_ignition_s
from game.pilots.autopilot.terminal import (
    TerminalSettings,
    lateral_accel,
    lowest_foot_height_m,
    terminal_thrust,
    tilt_bound_deg,
)
from game.sim.atmosphere import us1976

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
    throttle_reserve_norm: float = 0.1  # held back from the planner for the tracking loop
    time_guess_slack_s: float = 0.05  # added to the last plan's time to go as the guess
    drag_share: float = 1.0 / 3.0  # of the present drag deceleration, taken off gravity
    ignition_margin: float = 0.75
    handover_height_m: float = 40.0  # foot height where the terminal law takes over
    handover_decel_mps2: float = 12.0  # net deceleration the terminal law starts with
    position_gain_per_s2: float = 0.05  # tracking of the plan
    velocity_gain_per_s: float = 0.5
    handover_time_s: float = 2.0  # or when the plan has this little time left
    feedforward_lead_s: float = 0.8  # sample the planned thrust this far ahead
    max_tilt_deg: float = 20.0  # thrust tilt from the vertical while tracking the plan
    min_lateral_effectiveness: float = 0.15  # below it the lean cannot steer: stay upright
    max_slew_degps: float = 6.0  # the commanded thrust direction turns no faster
    valve_lead: float = 1.5  # throttle command lead over the valve's lag (x the error)
    leg_lead_s: float = 8.0  # deploy the legs this long before touchdown
    leg_deploy_height_m: float = 200.0  # ... or below this foot height, whichever first
    gravity_mps2: float = 9.81


@dataclass(slots=True)
class BurnCommand:
    """What the landing phase asks of the engine and the attitude loop this step."""

    engine_on: bool
    throttle_norm: float
    direction_local: Vec3
    legs_deploy: bool


class LandingBurn:
    """The landing-burn guidance (see the module docstring)."""

    def __init__(self, vehicle: VehicleModel, settings: LandingSettings | None = None,
                 terminal: TerminalSettings | None = None) -> None:
        self.vehicle = vehicle
        self.settings = settings or LandingSettings()
        self.terminal = terminal or TerminalSettings()
        self._planner = None
        self._landing_vehicle = None
        self.plan = None
        self.plan_time_s = -math.inf
        self.plans_made = 0
        self.plan_failures = 0
        self.ignition = None  # the guidance's drag-free IgnitionEstimate (for comparison)
        self.ignition_height_m = -math.inf  # light below this CoM height above the deck
        self.time_to_ignition_s = math.inf
        self._next_ignition_check_s = -math.inf
        self.lit_at_s: float | None = None
        self.start_state = None  # (position, velocity, mass) at ignition
        self.terminal_mode = False
        self.last_accel_cmd = (0.0, 0.0, 0.0)
        self._direction: Vec3 | None = None
        self._direction_time_s = 0.0
        self.touched = False
        self.legs_commanded = False
        self.predicted_touchdown_m: tuple[float, float] | None = None

    # -- planning --------------------------------------------------------------------------
    def _ensure_planner(self):
        if self._planner is None:
            g = guidance_module()
            self._landing_vehicle = g.LandingVehicle.from_spec(
                self.vehicle.spec, engines_lit=1,
                throttle_reserve_norm=self.settings.throttle_reserve_norm)
            self._planner = g.LandingBurnPlanner(self._landing_vehicle, n_nodes=50)
        return self._planner

    def handover_state(self, propellant_kg: float) -> tuple[Vec3, Vec3]:
        """Centre-of-mass target of the plan: above the deck centre, sinking for the terminal."""
        s, t = self.settings, self.terminal
        h_com = self.vehicle.touchdown_com_height_m(propellant_kg) + s.handover_height_m
        v = math.sqrt(t.touchdown_speed_mps**2 + 2.0 * s.handover_decel_mps2 * s.handover_height_m)
        return (0.0, 0.0, h_com), (0.0, 0.0, -v)

    def replan(self, obs: Observation) -> None:
        planner = self._ensure_planner()
        target_r, target_v = self.handover_state(obs.propellant_kg)
        guess = None
        if self.plan is not None:
            left = self.plan.final_time_s - (obs.time_s - self.plan_time_s)
            guess = max(left + self.settings.time_guess_slack_s, 1.0)
        try:
            plan = planner.plan(obs.position_rel_deck_m, obs.velocity_rel_deck_mps, obs.mass_kg,
                                target_position_m=target_r, target_velocity_mps=target_v,
                                gravity_mps2=self.effective_gravity_mps2(obs),
                                time_guess_s=guess)
        except (ValueError, ArithmeticError, RuntimeError):
            plan = None
        self.plans_made += 1
        if plan is None or not np.all(np.isfinite(plan.thrust_n)):
            self.plan_failures += 1
            return
        self.plan, self.plan_time_s = plan, obs.time_s

    def effective_gravity_mps2(self, obs: Observation) -> float:
        """Gravity less the drag the rest of the burn can count on (the plans are drag-free).

        Drag falls with the square of the speed; under a constant deceleration to rest its
        time average is a third of its present value, and the stage falls nearly vertically,
        so a third of the present drag deceleration is taken off gravity.
        """
        drag = obs.dynamic_pressure_pa * self.vehicle.drag_area_m2(
            obs.mach, obs.grid_fins_deploy_fraction > 0.5) / obs.mass_kg
        g = self.settings.gravity_mps2
        return max(g - self.settings.drag_share * drag, 0.5 * g)

    # -- ignition ----------------------------------------------------------------------------
    def ignition_due(self, obs: Observation) -> bool:
        """Whether to throw the engine switch now (see the module docstring, step 1)."""
        if obs.vertical_speed_mps >= 0.0:
            return False
        s = self.settings
        target_r, target_v = self.handover_state(obs.propellant_kg)
        height = obs.altitude_above_deck_m - target_r[2]
        sink = -obs.vertical_speed_mps
        if obs.time_s >= self._next_ignition_check_s:
            self._ensure_planner()
            self.ignition = guidance_module().ignition_estimate(
                self._landing_vehicle, height, obs.vertical_speed_mps, obs.horizontal_speed_mps,
                obs.mass_kg, gravity_mps2=s.gravity_mps2, margin=s.ignition_margin)
            stop = stopping_distance_m(
                self.vehicle, obs.altitude_above_sea_m, sink, obs.mass_kg, -target_v[2],
                s.ignition_margin * self.vehicle.max_throttle,
                fins_deployed=obs.grid_fins_deploy_fraction > 0.5, gravity_mps2=s.gravity_mps2)
            self.ignition_height_m = stop + target_r[2]
            tti = time_to_ignition_s(height, sink, stop)
            self.time_to_ignition_s = tti
            self._next_ignition_check_s = obs.time_s + (0.0 if tti < 1.0 else min(0.25 * tti, 1.0))
        return obs.altitude_above_deck_m <= self.ignition_height_m

    # -- per step ------------------------------------------------------------------------------
    def command(self, obs: Observation) -> BurnCommand:
        """Engine, throttle, thrust direction and legs for this step (the engine is lit)."""
        if self.lit_at_s is None:
            self.lit_at_s = obs.time_s
            self.start_state = (obs.position_rel_deck_m, obs.velocity_rel_deck_mps, obs.mass_kg)
        foot = lowest_foot_height_m(obs, self.vehicle)
        if obs.legs_deploy_fraction >= 1.0 and foot <= 0.05:
            self.touched = True
        elif self.terminal_mode and -obs.vertical_speed_mps < 0.5 * self.terminal.touchdown_speed_mps:
            self.touched = True  # stopping above the deck: cut now and drop the last few cm
        if self.touched:
            return BurnCommand(False, 0.0, (0.0, 0.0, 1.0), True)
        s = self.settings
        if not self.terminal_mode and (foot <= s.handover_height_m
                                       or self._plan_time_left_s(obs) < s.handover_time_s):
            self.terminal_mode = True
        starting = obs.engine_state != "running"
        if self.terminal_mode or starting:
            # Start-up: no thrust for the planner to count on yet; the terminal law steers
            # and the throttle holds the light-up setting until the engine runs.
            accel, _ = terminal_thrust(obs, self.vehicle, foot, self.terminal, s.gravity_mps2)
            t_go = 2.0 * max(foot, 0.0) / max(-obs.vertical_speed_mps + 1.0, 1.0)
            bound = tilt_bound_deg(foot, self.terminal)
        else:
            if obs.time_s - self.plan_time_s >= s.replan_period_s - 1e-9:
                self.replan(obs)
            accel, t_go = self._tracking_accel(obs)
            bound = s.max_tilt_deg
        self._update_touchdown_prediction(obs, t_go)
        if t_go <= s.leg_lead_s or foot < s.leg_deploy_height_m:
            self.legs_commanded = True
        cmd = self._to_command(obs, accel, bound)
        if starting and not self.terminal_mode:
            cmd.throttle_norm = s.ignition_margin * self.vehicle.max_throttle
        return cmd

    def preignition_direction(self, obs: Observation) -> Vec3:
        """Where the landing burn will want the thrust when it lights (for the descent's
        last seconds, so the engine lights with the stage already leaning the right way)."""
        foot = lowest_foot_height_m(obs, self.vehicle)
        accel, _ = terminal_thrust(obs, self.vehicle, foot, self.terminal,
                                   self.settings.gravity_mps2)
        return self._to_command(obs, accel, tilt_bound_deg(foot, self.terminal)).direction_local

    def _plan_time_left_s(self, obs: Observation) -> float:
        if self.plan is None:
            return math.inf
        return float(self.plan.final_time_s) - (obs.time_s - self.plan_time_s)

    def _tracking_accel(self, obs: Observation) -> tuple[Vec3, float]:
        """Planned thrust acceleration plus PD feedback on the deviation from the plan."""
        s = self.settings
        plan = self.plan
        if plan is None:
            foot = lowest_foot_height_m(obs, self.vehicle)
            accel, _ = terminal_thrust(obs, self.vehicle, foot, self.terminal, s.gravity_mps2)
            return accel, 2.0 * foot / max(-obs.vertical_speed_mps, 1.0)
        t = obs.time_s - self.plan_time_s
        times = plan.times_s
        t = min(max(t, 0.0), float(times[-1]))
        pos = [float(np.interp(t, times, plan.positions_m[:, k])) for k in range(3)]
        vel = [float(np.interp(t, times, plan.velocities_mps[:, k])) for k in range(3)]
        # Feed forward the thrust planned one attitude lag ahead: the stage needs that long to
        # lean where the plan wants it.
        lead = min(t + s.feedforward_lead_s, float(times[-1]))
        force, _ = self._planner.thrust_command(plan, lead)
        m_plan = float(np.interp(lead, times, plan.masses_kg))
        r, v = obs.position_rel_deck_m, obs.velocity_rel_deck_mps
        ax, ay, az = (
            float(force[k]) / m_plan + s.position_gain_per_s2 * (pos[k] - r[k])
            + s.velocity_gain_per_s * (vel[k] - v[k])
            for k in range(3))
        t_go = float(plan.final_time_s) - t + 2.0 * s.handover_height_m / max(
            -self.handover_state(obs.propellant_kg)[1][2], 1.0)
        if plan.solver != "clarabel":
            # The closed-form fallback is a vertical hoverslam; sideways, fly the terminal
            # law, which never builds a speed it cannot stop.
            ax, ay = lateral_accel(obs, t_go, self.terminal)
        return (ax, ay, az), t_go

    def _to_command(self, obs: Observation, accel: Vec3,
                    max_tilt_deg: float | None = None) -> BurnCommand:
        """Thrust direction and throttle that give the commanded acceleration.

        The horizontal part is divided by the lean's sideways effectiveness
        (``VehicleModel.lateral_effectiveness``): at high dynamic pressure the body's lift
        cancels most of a leaning thrust, or reverses it. Where the effectiveness is too
        small to steer with (``min_lateral_effectiveness``), the stage holds upright.
        """
        ax, ay, az = accel
        if az < 0.2:
            az = 0.2  # never ask to thrust downward: point up, the floor is the floor
        self.last_accel_cmd = (ax, ay, az)
        pressure = us1976(max(obs.altitude_above_sea_m, 0.0)).pressure_pa
        full_n = max(obs.engines_lit, 1) * self.vehicle.engine_thrust_n(pressure)
        thrust_guess = max(obs.thrust_n, 0.5 * full_n)
        r = self.vehicle.lateral_effectiveness(obs.dynamic_pressure_pa, obs.mach, thrust_guess)
        r_min = self.settings.min_lateral_effectiveness
        fade = min(max((abs(r) - r_min) / r_min, 0.0), 1.0)
        k = fade / max(abs(r), r_min) * (1.0 if r >= 0.0 else -1.0)
        hx, hy = ax * k, ay * k
        tilt = math.radians(self.settings.max_tilt_deg if max_tilt_deg is None else max_tilt_deg)
        lim = math.tan(tilt) * az
        h = math.hypot(hx, hy)
        if h > lim:
            hx, hy = hx * lim / h, hy * lim / h
        norm = math.sqrt(hx * hx + hy * hy + az * az)
        throttle = obs.mass_kg * norm / full_n
        if obs.engine_state == "running":
            throttle += self.settings.valve_lead * (throttle - obs.throttle_norm)
        direction = self._slew((hx / norm, hy / norm, az / norm), obs.time_s)
        return BurnCommand(True, min(max(throttle, 0.0), 1.0), direction, self.legs_commanded)

    def _slew(self, desired: Vec3, time_s: float) -> Vec3:
        """Turn the commanded direction toward ``desired`` no faster than the stage can
        follow (``max_slew_degps``), so the guidance never asks for a lean it cannot get."""
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
        self._direction = tuple(c / n for c in mixed)
        return self._direction

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

    def fuel_optimum_kg(self) -> float | None:
        """The planner's own optimum from the state at ignition (for the 5 % criterion)."""
        if self.start_state is None:
            return None
        planner = self._ensure_planner()
        r0, v0, m0 = self.start_state
        target_r, target_v = self.handover_state(max(m0 - self.vehicle.dry_mass_kg, 0.0))
        plan = planner.plan(r0, v0, m0, target_position_m=target_r, target_velocity_mps=target_v,
                            gravity_mps2=self.settings.gravity_mps2)
        return float(plan.fuel_kg)
