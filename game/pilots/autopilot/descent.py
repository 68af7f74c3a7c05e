"""The aerodynamic descent: steering toward the ship with the grid fins, engines off.

Falling engines first, the stage is a lifting body: leaning its nose (the interstage, where the
grid fins are) away from the air-relative velocity by an angle theta gives a force across the
flow toward the side the *engines* point to, ``VehicleModel.lateral_stiffness_n`` x theta
(about a third of the body's (C_N' - C_A) q S: the fins' trim force takes the rest).

Guidance, every ``descent_solve_period_s``: the impact predictor (with the landing burn to
come) gives the zero-effort miss e at touchdown and the time to the landing-burn ignition
t_go; proportional navigation asks for the acceleration ``a = -N e / t_go^2`` (N =
``descent_navigation_gain``) across the flow, and the attitude loop leans the axis by
``theta = |a| / (gain k_lat)`` (at most ``descent_max_tilt_deg``) with the nose away from
``a``. The lean fades where the air is too thin to push (under ``AUTHORITY_Q_PA`` of dynamic
pressure, full above ``AUTHORITY_Q_PA + AUTHORITY_Q_SPAN_PA``) and over the last seconds before
ignition; in the last ``descent_preignition_s`` the stage turns to the lean the landing burn
will want when it lights. The landing-burn guidance is asked every step whether to light; when
it says so, the descent hands over to the landing burn.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from game.pilots.autopilot.phase import Context, Phase, engine_controls, retrograde

if TYPE_CHECKING:
    from game.sim.controls import Controls
    from game.sim.observation import Observation

AUTHORITY_Q_PA, AUTHORITY_Q_SPAN_PA = 2_000.0, 8_000.0  # where the lean fades in (see above)
LATE_FADE_S = (3.0, 7.0)  # faded out from 10 s to 3 s before the landing burn lights


class Descent(Phase):
    name = "descent"

    def __init__(self) -> None:
        self._next_solve_s = -math.inf
        self.accel_cmd = (0.0, 0.0, 0.0)

    def enter(self, ctx: Context, obs: Observation) -> None:
        self._next_solve_s = -math.inf
        ctx.entry_done = True
        ctx.boostback_done = True

    def step(self, ctx: Context, obs: Observation, controls: Controls,
             dt_s: float) -> str | None:
        engine_controls(ctx, obs, controls, False)
        if obs.time_s >= self._next_solve_s:
            self._solve(ctx, obs)
        t_ign = ctx.landing.time_to_ignition_s
        if t_ign < ctx.settings.descent_preignition_s and self._lean_steers(ctx, obs):
            direction = ctx.landing.preignition_direction(obs)
        else:
            direction = self.direction(ctx, obs)
        ctx.attitude.command(obs, direction, controls, dt_s, gains=ctx.settings.aero_gains)
        if obs.vertical_speed_mps < 0.0 and ctx.landing.ignition_due(obs):
            return "landing_burn"
        return None

    def _solve(self, ctx: Context, obs: Observation) -> None:
        s = ctx.settings
        self._next_solve_s = obs.time_s + s.descent_solve_period_s
        sol = ctx.targeting.solve(obs, None, with_jacobian=False)
        ctx.solution = sol
        pred = sol.prediction
        burn_s = pred.ignition_speed_mps / ctx.landing.return_handover_decel_mps2 \
            if math.isfinite(pred.ignition_speed_mps) else 0.0
        t_go = max(pred.time_s - burn_s, 4.0)
        k = -s.descent_navigation_gain / (t_go * t_go)
        self.accel_cmd = (k * sol.miss_m[0], k * sol.miss_m[1], 0.0)
        ctx.status = f"descent: miss {sol.miss_distance_m:.0f} m, {t_go:.0f} s to ignition"

    def _lean_steers(self, ctx: Context, obs: Observation) -> bool:
        """Whether the air is thin enough for the landing burn's first lean to steer like
        thrust (q S / T at light-up under ``descent_preignition_max_x``); in thicker air
        the stage lights weathervaned, as the impact predictor assumed, and a turn off the
        flow would only brake its sideways motion."""
        s, v = ctx.settings, ctx.vehicle
        thrust = ctx.landing.light_up_throttle * ctx.landing.steering.full_thrust_n(obs)
        x = obs.dynamic_pressure_pa * v.reference_area_m2 / max(thrust, 1.0)
        return x < s.descent_preignition_max_x

    def _authority(self, ctx: Context, obs: Observation) -> float:
        """0..1: lean only where the air can push (q) and not in the last seconds before
        the landing burn, so that the engine lights with the stage against the flow."""
        q = min(max((obs.dynamic_pressure_pa - AUTHORITY_Q_PA) / AUTHORITY_Q_SPAN_PA, 0.0), 1.0)
        t = ctx.landing.time_to_ignition_s
        late = 1.0
        if math.isfinite(t):
            late = min(max((t - LATE_FADE_S[0]) / LATE_FADE_S[1], 0.0), 1.0)
        return q * late

    def lateral_accel_per_rad(self, ctx: Context, obs: Observation) -> float:
        """Expected acceleration across the flow per radian of lean (m/s^2)."""
        k = ctx.vehicle.lateral_stiffness_n(obs.dynamic_pressure_pa, obs.mach)
        return max(k / obs.mass_kg, 1e-3)

    def direction(self, ctx: Context, obs: Observation):
        """Retrograde, leaned to produce the commanded acceleration across the flow."""
        u = retrograde(obs)
        ax, ay, az = self.accel_cmd
        dot = ax * u[0] + ay * u[1] + az * u[2]
        px, py, pz = ax - dot * u[0], ay - dot * u[1], az - dot * u[2]
        a = math.sqrt(px * px + py * py + pz * pz)
        if a < 1e-6:
            return u
        limit = math.radians(ctx.settings.descent_max_tilt_deg) * self._authority(ctx, obs)
        theta = min(a / self.lateral_accel_per_rad(ctx, obs), limit)
        c, s = math.cos(theta), math.sin(theta) / a
        return (c * u[0] - s * px, c * u[1] - s * py, c * u[2] - s * pz)
