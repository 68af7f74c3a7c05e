"""The flip and the boostback burn.

*Flip*: after separation the stage points prograde; the nitrogen thrusters turn it until its
axis (the thrust direction) lies along the velocity change that puts the predicted touchdown
point on the ship (``targeting.Targeting``). The attitude loop is slow and gas-frugal
(``flip_gains``: a rate cap of about 5 deg/s). Hand-off to the boostback when the axis is
within ``boostback_ignite_error_deg`` of that direction.

*Boostback*: three engines along the correcting velocity change, re-solved every
``boostback_solve_period_s`` (the sensitivity of the touchdown point every fourth solve). The
burn accounts for the burns still to come: the prediction includes the nominal entry burn and
the landing burn. Between solves the remaining velocity change is counted down with the
measured thrust acceleration; the switch goes off when it is due, half the engine's shutdown
time early (the tail-off delivers the rest), or when the miss is under
``boostback_cutoff_miss_m``. The last seconds run at the throttle floor for a finer cut.
The cut-off is final: the engines are not lit again in this phase, whatever a later solve
says (a relight would spend the start the landing burn needs). Hand-off to the coast.

If the predicted miss is already small (``boostback_min_miss_m``), the flip hands straight to
the coast: drone-ship flights often fly no boostback, and the fins trim the rest.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from game.pilots.autopilot.phase import Context, Phase, engine_controls, retrograde, unit

if TYPE_CHECKING:
    from game.sim.controls import Controls
    from game.sim.observation import Observation

JACOBIAN_EVERY = 4


class Flip(Phase):
    name = "flip"

    def __init__(self) -> None:
        self._next_solve_s = -math.inf
        self.direction = (0.0, 0.0, 1.0)

    def enter(self, ctx: Context, obs: Observation) -> None:
        self._next_solve_s = -math.inf

    def step(self, ctx: Context, obs: Observation, controls: Controls,
             dt_s: float) -> str | None:
        s = ctx.settings
        engine_controls(ctx, obs, controls, False)
        if obs.time_s >= self._next_solve_s:
            ctx.solution = ctx.targeting.solve(obs, ctx.nominal_entry_burn())
            self._next_solve_s = obs.time_s + 2.0
            if ctx.solution.miss_distance_m < s.boostback_min_miss_m:
                ctx.boostback_done = True
                ctx.status = "no boostback needed"
                return "coast"
            self.direction = unit(ctx.solution.dv_local_mps)
        ctx.attitude.command(obs, self.direction, controls, dt_s, gains=s.flip_gains)
        if math.degrees(ctx.attitude.last_error_rad) < s.boostback_ignite_error_deg:
            return "boostback"
        return None


class Boostback(Phase):
    name = "boostback"

    def __init__(self) -> None:
        self._solves = 0
        self._next_solve_s = -math.inf
        self._jacobian = None
        self._dv_left_mps = math.inf
        self._dv_at_solve = math.inf
        self._dv_done = 0.0
        self._cut = False
        self.direction = (0.0, 0.0, 1.0)

    def enter(self, ctx: Context, obs: Observation) -> None:
        self._solves = 0
        self._next_solve_s = -math.inf
        self._cut = False

    def step(self, ctx: Context, obs: Observation, controls: Controls,
             dt_s: float) -> str | None:
        s = ctx.settings
        if obs.time_s >= self._next_solve_s:
            self._solve(ctx, obs)
        accel = obs.thrust_n / obs.mass_kg
        along = accel * max(math.cos(ctx.attitude.last_error_rad), 0.0)
        self._dv_done += along * dt_s
        dv_left = self._dv_at_solve - self._dv_done
        lead = 0.5 * ctx.vehicle.shutdown_time_s * accel
        if self._cut or dv_left <= lead or obs.propellant_kg <= s.entry_min_landing_reserve_kg:
            self._cut = True  # latched: a re-solve during the tail-off must not relight it
            engine_controls(ctx, obs, controls, False)
            ctx.boostback_done = True
            ctx.attitude.command(obs, retrograde(obs), controls, dt_s, gains=s.flip_gains)
            return "coast" if obs.engine_state in ("off", "shutting_down") else None
        near = dv_left < 3.0 * accel
        throttle = ctx.vehicle.min_throttle if near else 1.0
        engine_controls(ctx, obs, controls, True, self._engines(ctx), throttle)
        ctx.attitude.command(obs, self.direction, controls, dt_s, gains=s.burn_gains)
        return None

    def _engines(self, ctx: Context) -> int:
        """Three engines for a real boostback; the centre one alone for a small trim."""
        if self._dv_at_solve < ctx.settings.boostback_single_engine_dv_mps:
            return 1
        return ctx.settings.boostback_engines

    def _solve(self, ctx: Context, obs: Observation) -> None:
        s = ctx.settings
        with_jac = self._jacobian is None or self._solves % JACOBIAN_EVERY == 0
        sol = ctx.targeting.solve(obs, ctx.nominal_entry_burn(), with_jacobian=with_jac)
        if with_jac:
            self._jacobian = sol.jacobian
        else:
            from game.pilots.autopilot.targeting import min_norm_correction

            sol.dv_local_mps = min_norm_correction(self._jacobian, sol.miss_m)
            sol.jacobian = self._jacobian
        ctx.solution = sol
        self._solves += 1
        self._next_solve_s = obs.time_s + s.boostback_solve_period_s
        self._dv_done = 0.0
        if sol.miss_distance_m < s.boostback_cutoff_miss_m:
            self._cut = True
            return
        self._dv_at_solve = sol.dv_mps
        if sol.dv_mps > 0.0:
            self.direction = unit(sol.dv_local_mps)
        ctx.status = f"boostback: miss {sol.miss_distance_m / 1000:.1f} km"
