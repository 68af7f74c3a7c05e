"""The coast and the entry burn.

*Coast*: engines off, the stage turned engines first against the air-relative velocity (the
nitrogen thrusters above the air, the grid fins as the dynamic pressure builds), the fins
deployed. Every two seconds the rest of the flight is predicted *without* an entry burn: if its
peak dynamic pressure or stagnation heating would exceed ``entry_load_margin`` of the vehicle's
limits, the entry burn is due when the stage descends through ``entry_start_altitude_m``;
otherwise the coast hands over to the aerodynamic descent once the air takes hold (1 kPa).

*Entry burn*: three engines against the air-relative velocity, the throttle cut back so that
thrust plus drag stays under ``entry_max_axial_g``. Every ``entry_solve_period_s`` the rest of
the flight is predicted as if the burn stopped now; the switch goes off as soon as the
predicted peak loads are within the margin (the burn is timed by the loads, not by a fixed
speed), or when only the landing-burn reserve is left. The thrust is tilted off retrograde
(at most ``entry_max_steer_deg``) by the share of the remaining burn that cancels the
predicted miss (``targeting``), so the entry burn also trims the touchdown point. Hand-off to
the descent.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from game.pilots.autopilot.navigation import airspeed_mps
from game.pilots.autopilot.phase import Context, Phase, engine_controls, retrograde, unit

if TYPE_CHECKING:
    from game.sim.controls import Controls
    from game.sim.observation import Observation


def loads_ok(ctx: Context, prediction) -> bool:
    """Whether a prediction's peak loads stay inside the margin of the vehicle's limits."""
    lim, m = ctx.vehicle.limits, ctx.settings.entry_load_margin
    return (prediction.peak_dynamic_pressure_pa <= m * lim.max_dynamic_pressure_pa
            and prediction.peak_heat_flux_w_m2 <= m * lim.max_heat_flux_w_m2)


def plan_entry_speed(ctx: Context, obs: Observation, iterations: int = 6) -> float:
    """The highest speed the entry burn may stop at with the rest of the flight's peak loads
    inside the margin (bisection over predictions; the loads fall as the burn goes on). A
    previous plan narrows the bracket to +/- 100 m/s around it (checked at its ends)."""
    speed = airspeed_mps(obs)
    lo, hi = ctx.settings.entry_min_end_speed_mps, max(speed, 1.0)
    last = ctx.entry_end_speed_mps
    if math.isfinite(last):
        burn = ctx.nominal_entry_burn()
        burn.end_speed_mps = min(last + 100.0, hi)
        if loads_ok(ctx, ctx.targeting.predict(obs, burn)):
            lo = burn.end_speed_mps
        else:
            hi = burn.end_speed_mps
            burn.end_speed_mps = max(last - 100.0, lo)
            if loads_ok(ctx, ctx.targeting.predict(obs, burn)):
                lo = burn.end_speed_mps
        iterations = 4
    burn = ctx.nominal_entry_burn()
    for _ in range(iterations):
        mid = 0.5 * (lo + hi)
        burn.end_speed_mps = mid
        if loads_ok(ctx, ctx.targeting.predict(obs, burn)):
            lo = mid
        else:
            hi = mid
    ctx.entry_end_speed_mps = lo
    return lo


class Coast(Phase):
    name = "coast"

    def __init__(self) -> None:
        self._next_check_s = -math.inf
        self.entry_needed = True

    def enter(self, ctx: Context, obs: Observation) -> None:
        self._next_check_s = -math.inf

    def step(self, ctx: Context, obs: Observation, controls: Controls,
             dt_s: float) -> str | None:
        s = ctx.settings
        engine_controls(ctx, obs, controls, False)
        ctx.attitude.command(obs, retrograde(obs), controls, dt_s, gains=s.flip_gains
                             if obs.dynamic_pressure_pa < 500.0 else s.aero_gains)
        if obs.time_s >= self._next_check_s:
            self._next_check_s = obs.time_s + 2.0
            if not ctx.entry_done:
                cut = ctx.targeting.predict(obs, None)
                self.entry_needed = not loads_ok(ctx, cut)
                if not self.entry_needed:
                    ctx.entry_done = True
                elif not math.isfinite(ctx.entry_end_speed_mps) or (
                        obs.vertical_speed_mps < 0.0
                        and obs.altitude_above_sea_m < s.entry_start_altitude_m + 30_000.0):
                    plan_entry_speed(ctx, obs)
            ctx.solution = ctx.targeting.solve(obs, ctx.nominal_entry_burn(),
                                               with_jacobian=False)
        descending = obs.vertical_speed_mps < 0.0
        if (self.entry_needed and not ctx.entry_done and descending
                and obs.altitude_above_sea_m <= s.entry_start_altitude_m):
            return "entry_burn"
        if ctx.entry_done and descending and obs.dynamic_pressure_pa > 1000.0:
            return "descent"
        return None


class EntryBurnPhase(Phase):
    name = "entry_burn"

    def __init__(self) -> None:
        self._next_solve_s = -math.inf
        self._solves = 0
        self._cut = False
        self.direction = (0.0, 0.0, 1.0)
        self._correction = (0.0, 0.0, 0.0)

    def enter(self, ctx: Context, obs: Observation) -> None:
        self._next_solve_s = -math.inf
        self._cut = False
        self._solves = 0
        ctx.entry_burning = True

    def step(self, ctx: Context, obs: Observation, controls: Controls,
             dt_s: float) -> str | None:
        s = ctx.settings
        if obs.time_s >= self._next_solve_s and obs.thrust_n > 0.0 and not ctx.entry_done:
            self._solve(ctx, obs)  # (not while the engines run down after the cut)
        speed = airspeed_mps(obs)
        if speed <= ctx.entry_end_speed_mps + self._tail_off_mps(ctx, obs):
            self._cut = True
        if self._cut or obs.propellant_kg <= s.entry_min_landing_reserve_kg:
            ctx.entry_done = True
            ctx.entry_burning = False
            engine_controls(ctx, obs, controls, False)
            ctx.attitude.command(obs, retrograde(obs), controls, dt_s, gains=s.aero_gains)
            return "descent" if obs.engine_state in ("off", "shutting_down") else None
        engine_controls(ctx, obs, controls, True, s.entry_engines, self._throttle(ctx, obs))
        ctx.attitude.command(obs, self._direction(ctx, obs), controls, dt_s,
                             gains=s.burn_gains)
        return None

    def _throttle(self, ctx: Context, obs: Observation) -> float:
        """Full thrust, less what would take thrust plus drag over the axial-load cap."""
        v = ctx.vehicle
        cap_n = ctx.settings.entry_max_axial_g * 9.80665 * obs.mass_kg
        drag_n = obs.dynamic_pressure_pa * v.drag_area_m2(obs.mach, True)
        full = max(obs.engines_lit, 1) * v.engine_thrust_n(_pressure(obs))
        return max(min((cap_n - drag_n) / full, v.max_throttle), v.min_throttle)

    def _tail_off_mps(self, ctx: Context, obs: Observation) -> float:
        """Speed the engines still take off while they run down after the switch goes off."""
        return 0.5 * ctx.vehicle.shutdown_time_s * obs.thrust_n / obs.mass_kg

    def _direction(self, ctx: Context, obs: Observation):
        back = retrograde(obs)
        speed = airspeed_mps(obs)
        burn_left = max(speed - ctx.entry_end_speed_mps, 50.0)
        cx, cy, cz = self._correction
        dot = cx * back[0] + cy * back[1] + cz * back[2]
        perp = (cx - dot * back[0], cy - dot * back[1], cz - dot * back[2])
        n = math.sqrt(sum(c * c for c in perp))
        limit = math.tan(math.radians(ctx.settings.entry_max_steer_deg))
        k = min(n / burn_left, limit) / n if n > 0.0 else 0.0
        return unit((back[0] + k * perp[0], back[1] + k * perp[1], back[2] + k * perp[2]))

    def _solve(self, ctx: Context, obs: Observation) -> None:
        """Re-time the burn by the loads, and re-aim it at the ship (every fourth solve)."""
        s = ctx.settings
        self._next_solve_s = obs.time_s + s.entry_solve_period_s
        if self._solves % 2 == 0:
            plan_entry_speed(ctx, obs)
        if loads_ok(ctx, ctx.targeting.predict(obs, None)):
            self._cut = True
            ctx.status = "entry burn: loads within limits"
        if self._solves % 4 == 0:
            sol = ctx.targeting.solve(obs, ctx.nominal_entry_burn())
            ctx.solution = sol
            self._correction = sol.dv_local_mps
            ctx.status = (f"entry burn: to {ctx.entry_end_speed_mps:.0f} m/s, "
                          f"miss {sol.miss_distance_m:.0f} m")
        self._solves += 1


def _pressure(obs: Observation) -> float:
    from game.sim.atmosphere import us1976

    return us1976(max(obs.altitude_above_sea_m, 0.0)).pressure_pa
