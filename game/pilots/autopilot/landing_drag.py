"""The drag a landing-burn plan counts on: a known upward acceleration at each of its nodes.

The G-FOLD plans (gfold_problem) are otherwise drag-free. A falling stage's drag is large early
in the burn (at 250 m/s, a fifth of gravity or more; at 320 m/s and Mach 1, nearly twice
gravity) and nothing near the deck; a plan that ignores it brakes too hard early and, the
engine unable to throttle below its floor, stops above the deck. The model, for a plan of
final time t_f from the state now:

- the stage descends vertically under a *constant* thrust, the drag and gravity, the thrust
  being the one that brings the sink rate to the target's (the hand-over speed) at t_f
  (found by regula falsi on a monotone function). So the sink rate falls fast while
  the drag is large and slowly after: an earlier model let it fall linearly in time, which
  kept the drag of the first seconds for much of the burn; from CRS-8's ignition (320 m/s,
  4.3 km up) it counted on so much drag that no plan could burn at its throttle floor
  without stopping above the deck, and the stage flew its first 4 s without a plan;
- the air density is US 1976's, log-linear between the heights now and at the target, and
  the speed of sound linear between them;
- the speed through the air adds the present horizontal air speed (constant);
- the drag area is the engines-first one (``VehicleModel.drag_area_m2``) at each moment's
  Mach number, scaled from the one measured now (transonic drag falls as the stage slows);
- the mass falls at three-quarter thrust.

The upward acceleration is then ``share * 1/2 rho |v_air| |v_z| C_D S / m`` at each node,
integrated with the midpoint rule on the plan's node spacing. ``path_drag_profile`` gives
the same drag along a given descent instead (a plan's own: the fuel-optimal plan keeps its
speed longer, the throttle at its floor until full thrust at the end, and meets more drag
in mid-burn). The campaign's optimum is planned again along its own descent; the re-plans
keep the constant-thrust descent, which is what the ignition decision assumes: from CRS-8's
transonic ignition a plan made along the optimum's descent counts on so much drag that none
lands. Units SI; the observation's deck frame (z up).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from game.sim.atmosphere import us1976

if TYPE_CHECKING:
    from game.pilots.autopilot.vehicle import VehicleModel
    from game.sim.observation import Observation

Vec3 = tuple[float, float, float]
SECANT_STEPS = 8  # at most, after the two bracketing runs (Illinois regula falsi)


class VerticalDescent:
    """The stage's vertical descent under a constant thrust, drag and gravity (module doc)."""

    def __init__(self, obs: Observation, vehicle: VehicleModel, full_thrust_n: float,
                 target_height_m: float, share: float, gravity_mps2: float) -> None:
        deck_alt = self.deck_altitude_m = obs.altitude_above_sea_m - obs.position_rel_deck_m[2]
        self.alt0 = obs.altitude_above_sea_m
        alt1 = max(deck_alt + target_height_m, 0.0)
        air0, air1 = us1976(max(self.alt0, 0.0)), us1976(alt1)
        self.rho0 = air0.density_kgm3
        span = alt1 - self.alt0
        self.slope = math.log(air1.density_kgm3 / self.rho0) / span if abs(span) > 1.0 else 0.0
        self.c0 = air0.speed_of_sound_mps
        self.dc = (air1.speed_of_sound_mps - self.c0) / span if abs(span) > 1.0 else 0.0
        vx, vy, _ = obs.velocity_rel_deck_mps
        wx, wy, _ = obs.wind_mps
        self.side2 = (vx - wx) ** 2 + (vy - wy) ** 2
        self.vz0 = obs.vertical_speed_mps
        fins = obs.grid_fins_deploy_fraction > 0.5
        self.area_m2 = lambda mach: vehicle.drag_area_m2(mach, fins)
        # the Mach number now is the measured one; ahead, it scales with the airspeed
        air_now = math.sqrt(self.vz0 * self.vz0 + self.side2)
        self.mach_scale = obs.mach / air_now * self.c0 if air_now > 1.0 else 1.0
        self.k = 0.5 * share
        self.m0, self.dry = obs.mass_kg, vehicle.dry_mass_kg
        self.mdot = vehicle.mass_flow_kgps(0.75 * full_thrust_n, air0.pressure_pa)
        self.g = gravity_mps2

    def drag(self, vz: float, alt: float, t: float) -> float:
        """Upward drag acceleration (m/s^2) at a sink rate, altitude and time."""
        if vz >= 0.0:
            return 0.0
        rho = self.rho0 * math.exp(self.slope * (alt - self.alt0))
        air = math.sqrt(vz * vz + self.side2)
        mach = self.mach_scale * air / max(self.c0 + self.dc * (alt - self.alt0), 1.0)
        mass = max(self.m0 - self.mdot * t, self.dry)
        return self.k * rho * self.area_m2(mach) * air * -vz / mass

    def fly(self, thrust_n: float, final_time_s: float, nodes: int) -> tuple[float, list]:
        """(sink rate at the end, drag at each node) under ``thrust_n``, midpoint rule."""
        h = final_time_s / (nodes - 1)
        vz, alt, drags = self.vz0, self.alt0, []
        for k in range(nodes):
            t = k * h
            d = self.drag(vz, alt, t)
            drags.append(d)
            if k == nodes - 1:
                break
            a = thrust_n / max(self.m0 - self.mdot * t, self.dry) - self.g + d
            vm, am = vz + 0.5 * h * a, alt + 0.5 * h * vz
            tm = t + 0.5 * h
            a_mid = (thrust_n / max(self.m0 - self.mdot * tm, self.dry) - self.g
                     + self.drag(vm, am, tm))
            vz, alt = vz + h * a_mid, alt + h * vm
        return vz, drags

    def thrust_to_reach(self, end_vz_mps: float, final_time_s: float, nodes: int,
                        max_thrust_n: float) -> float:
        """The constant thrust (0 to ``max_thrust_n``) that brings the sink rate to
        ``end_vz_mps`` at ``final_time_s``; the nearer bound where none does. The end speed
        rises with the thrust, nearly linearly: regula falsi within the bracket."""
        lo, hi = 0.0, max_thrust_n
        v_lo = self.fly(lo, final_time_s, nodes)[0]
        if v_lo >= end_vz_mps:
            return lo  # the drag alone slows it enough
        v_hi = self.fly(hi, final_time_s, nodes)[0]
        if v_hi <= end_vz_mps:
            return hi
        thrust, side = hi, 0
        for _ in range(SECANT_STEPS):
            thrust = lo + (end_vz_mps - v_lo) * (hi - lo) / (v_hi - v_lo)
            v = self.fly(thrust, final_time_s, nodes)[0]
            if abs(v - end_vz_mps) < 0.01:
                break
            if v < end_vz_mps:  # (Illinois: a bound kept twice has its miss halved)
                lo, v_lo = thrust, v
                if side < 0:
                    v_hi = end_vz_mps + 0.5 * (v_hi - end_vz_mps)
                side = -1
            else:
                hi, v_hi = thrust, v
                if side > 0:
                    v_lo = end_vz_mps + 0.5 * (v_lo - end_vz_mps)
                side = 1
        return thrust


def path_drag_profile(descent: VerticalDescent, times_s, heights_m, vertical_mps,
                      n_nodes: int):
    """f(final_time_s) -> the drag at ``n_nodes`` nodes along a given vertical path (a
    plan's: its times, centre-of-mass heights above the deck and vertical velocities, from
    the state now), its time stretched or shrunk to the final time: the drag a plan's own
    descent meets, for the next plan to count on."""
    times = np.asarray(times_s, dtype=float)
    span = max(float(times[-1] - times[0]), 1e-6)
    share = (times - times[0]) / span
    nodes = np.linspace(0.0, 1.0, n_nodes)
    alt = descent.deck_altitude_m + np.interp(nodes, share, np.asarray(heights_m, dtype=float))
    vz = np.interp(nodes, share, np.asarray(vertical_mps, dtype=float))

    def profile(final_time_s: float) -> np.ndarray:
        tf = max(final_time_s, 1e-3)
        return np.array([descent.drag(float(vz[k]), float(alt[k]), float(nodes[k] * tf))
                         for k in range(n_nodes)])

    return profile


def drag_lift_profile(obs: Observation, vehicle: VehicleModel, full_thrust_n: float,
                      target_r: Vec3, target_v: Vec3, n_nodes: int, share: float = 1.0,
                      gravity_mps2: float = 9.81, path=None):
    """f(final_time_s) -> the drag's upward acceleration at ``n_nodes`` nodes (m/s^2): along
    ``path`` (times, heights above the deck, vertical velocities: a plan's, see
    ``path_drag_profile``) where one is given, else along the constant-thrust descent."""
    descent = VerticalDescent(obs, vehicle, full_thrust_n, target_r[2], share, gravity_mps2)
    if path is not None:
        return path_drag_profile(descent, *path, n_nodes)

    def profile(final_time_s: float) -> np.ndarray:
        tf = max(final_time_s, 1e-3)
        thrust = descent.thrust_to_reach(target_v[2], tf, n_nodes, 1.5 * full_thrust_n)
        return np.array(descent.fly(thrust, tf, n_nodes)[1])

    return profile
