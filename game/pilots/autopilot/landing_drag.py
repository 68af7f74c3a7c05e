"""The drag a landing-burn plan counts on: a known upward acceleration at each of its nodes.

The G-FOLD plans (gfold_problem) are otherwise drag-free. A falling stage's drag is large early
in the burn (at 250 m/s, a fifth of gravity or more) and nothing near the deck; a plan that
ignores it brakes too hard early and, the engine unable to throttle below its floor, stops
above the deck. The model, for a plan of final time t_f from the state now:

- the sink rate falls linearly from now to the target's (the hand-over speed) over t_f, and
  the height follows it;
- the air density is US 1976's, log-linear between the heights now and at the target;
- the speed through the air adds the present horizontal air speed (constant);
- the drag area is the engines-first one now (``VehicleModel.drag_area_m2``);
- the mass falls at three-quarter thrust.

The upward acceleration is then ``share * 1/2 rho |v_air| |v_z| C_D S / m`` at each node.
Units SI; the observation's deck frame (z up).
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


def drag_lift_profile(obs: Observation, vehicle: VehicleModel, full_thrust_n: float,
                      target_r: Vec3, target_v: Vec3, n_nodes: int, share: float = 1.0):
    """f(final_time_s) -> the drag's upward acceleration at ``n_nodes`` nodes (m/s^2)."""
    z0, vz0, zf, vzf = (obs.position_rel_deck_m[2], obs.vertical_speed_mps,
                        target_r[2], target_v[2])
    deck_alt = obs.altitude_above_sea_m - z0
    alt0, alt1 = obs.altitude_above_sea_m, max(deck_alt + zf, 0.0)
    rho0, rho1 = us1976(max(alt0, 0.0)).density_kgm3, us1976(alt1).density_kgm3
    slope = math.log(rho1 / rho0) / (alt1 - alt0) if abs(alt1 - alt0) > 1.0 else 0.0
    vx, vy, _ = obs.velocity_rel_deck_mps
    wx, wy, _ = obs.wind_mps
    side2 = (vx - wx) ** 2 + (vy - wy) ** 2
    k = share * 0.5 * vehicle.drag_area_m2(obs.mach, obs.grid_fins_deploy_fraction > 0.5)
    m0, dry = obs.mass_kg, vehicle.dry_mass_kg
    mdot = vehicle.mass_flow_kgps(0.75 * full_thrust_n, us1976(max(alt0, 0.0)).pressure_pa)

    def profile(final_time_s: float) -> np.ndarray:
        tf = max(final_time_s, 1e-3)
        t = np.linspace(0.0, tf, n_nodes)
        vz = vz0 + (vzf - vz0) * t / tf
        alt = alt0 + vz0 * t + 0.5 * (vzf - vz0) / tf * t * t
        rho = rho0 * np.exp(slope * (alt - alt0))
        mass = np.maximum(m0 - mdot * t, dry)
        return k * rho * np.sqrt(vz * vz + side2) * np.maximum(-vz, 0.0) / mass

    return profile
