"""The last seconds: a closed-loop constant-deceleration descent onto the moving deck.

The Merlin's throttle floor exceeds the near-empty stage's weight, so the stage cannot hover:
it must arrive at the deck as its speed runs out. Guidance hands over to this law a few tens of
metres above the deck at a speed that asks for a mid-range throttle, which leaves authority
both ways to absorb errors. Every step:

- vertical: with h the height of the lowest foot above the deck plane and v_z the sink rate
  relative to the deck, the net upward acceleration that brings v_z to the touchdown speed
  ``v_td`` exactly at h = 0 is ``a = (v_z^2 - v_td^2) / (2 h)`` (constant deceleration, a
  closed form recomputed every step, so errors are corrected continuously); the thrust
  acceleration is ``a + g`` minus the deck's own upward acceleration being ignored (sea-state
  heave accelerations are a few tenths of m/s^2);
- horizontal: ``lateral_accel``, a speed-limited approach to the deck centre on the state
  predicted one attitude lag ahead (a stage that can only lean by swivelling its engine
  5 deg takes seconds to change its lean), with the thrust tilt limited to a bound that
  shrinks to ``final_tilt_deg`` near the deck, so the stage arrives upright and still;
- throttle: |thrust| / (engines x rated thrust at the ambient pressure), the valve's floor
  and ceiling being the engine's business.

The deck frame of the observation is used throughout (x east, y north, z up, origin at the
deck centre, velocities relative to the deck), so the deck's heave, roll and drift are aimed
at where the deck is, as measured, at every step.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from game.sim.rigid_body import quat_rotate

if TYPE_CHECKING:
    from game.pilots.autopilot.vehicle import VehicleModel
    from game.sim.observation import Observation

Vec3 = tuple[float, float, float]


@dataclass(slots=True)
class TerminalSettings:
    """Touchdown sink rate (m/s), horizontal loop (1/s^2, 1/s) and tilt bounds (deg)."""

    touchdown_speed_mps: float = 1.0
    aim_below_deck_m: float = 0.05  # so that the stage never stops just above the deck
    attitude_lag_s: float = 0.5  # how long the lean takes to answer (see lateral_accel)
    approach_time_s: float = 3.0  # close on the deck centre at distance / this
    approach_decel_mps2: float = 0.8  # ... no faster than can still be stopped at this rate
    settle_s: float = 1.5  # ... this long before touchdown
    velocity_gain_per_s: float = 1.5
    max_tilt_deg: float = 6.0
    final_tilt_deg: float = 1.0
    upright_height_m: float = 12.0  # below this foot height the tilt bound shrinks


def lowest_foot_height_m(obs: Observation, vehicle: VehicleModel) -> float:
    """Height of the lowest deployed foot (or the engine bells) above the deck plane."""
    prop = obs.propellant_kg
    com = vehicle.com_station_m(prop)
    q = obs.attitude_wxyz
    roll, pitch = math.radians(obs.deck_roll_deg), math.radians(obs.deck_pitch_deg)
    nx, ny = math.sin(roll), math.sin(pitch)
    nz = math.sqrt(max(1.0 - nx * nx - ny * ny, 0.0))
    px, py, pz = obs.position_rel_deck_m
    if obs.legs_deploy_fraction >= 1.0:
        station, radius = vehicle.foot_station_m, vehicle.foot_radius_m
        points = [(station - com, radius * math.cos(a), radius * math.sin(a))
                  for a in (0.0, 0.5 * math.pi, math.pi, 1.5 * math.pi)]
    else:
        points = [(-com, 0.0, 0.0)]
    low = math.inf
    for bx, by, bz in points:
        dx, dy, dz = quat_rotate(q, bx, by, bz)
        low = min(low, nx * (px + dx) + ny * (py + dy) + nz * (pz + dz))
    return low


def terminal_thrust(obs: Observation, vehicle: VehicleModel, foot_height_m: float,
                    settings: TerminalSettings, gravity_mps2: float) -> tuple[Vec3, float]:
    """(thrust acceleration vector in the deck frame, m/s^2; required net vertical decel)."""
    vz = obs.vertical_speed_mps
    v_td = settings.touchdown_speed_mps
    h = max(foot_height_m + settings.aim_below_deck_m, 0.05)
    sink = -vz
    if sink > v_td:
        a_up = (sink * sink - v_td * v_td) / (2.0 * h)
    else:
        a_up = -(v_td - sink) * 2.0  # too slow: let gravity win (the floor may not allow it)
    az = a_up + gravity_mps2
    t_go = 2.0 * h / max(sink + v_td, 0.5)
    ax, ay = lateral_accel(obs, t_go, settings)
    tilt = settings.max_tilt_deg
    if foot_height_m < settings.upright_height_m:
        f = max(foot_height_m, 0.0) / settings.upright_height_m
        tilt = settings.final_tilt_deg + f * (tilt - settings.final_tilt_deg)
    lim = math.tan(math.radians(tilt)) * max(az, 0.0)
    ah = math.hypot(ax, ay)
    if ah > lim > 0.0:
        ax, ay = ax * lim / ah, ay * lim / ah
    elif lim <= 0.0:
        ax = ay = 0.0
    return (ax, ay, az), a_up


def lateral_accel(obs: Observation, t_go_s: float,
                  settings: TerminalSettings) -> tuple[float, float]:
    """Horizontal acceleration command (deck frame) for a touchdown ``t_go_s`` from now.

    The stage's lean answers a command only after a lag (``attitude_lag_s``) and turns at a
    few degrees per second, so a sideways speed takes seconds to null. The law therefore acts
    on the state predicted one lag ahead and closes on the deck centre at a speed
    ``-r / approach_time_s`` that is capped at what the stage can still stop before touchdown,
    ``approach_decel_mps2 (t_go - settle_s)``; the acceleration tracks that speed with
    ``velocity_gain_per_s``. A sideways speed at touchdown tips a stage over; a metre or two
    of position does not, so the speed wins when time runs short.
    """
    s = settings
    lag = s.attitude_lag_s
    ax0, ay0, _ = obs.axis_world
    k = obs.thrust_n / max(obs.mass_kg, 1.0)
    p, v = obs.position_rel_deck_m, obs.velocity_rel_deck_mps
    a = (k * ax0, k * ay0)
    p_pred = [p[i] + v[i] * lag + 0.5 * a[i] * lag * lag for i in range(2)]
    v_pred = [v[i] + a[i] * lag for i in range(2)]
    want = [-c / s.approach_time_s for c in p_pred]
    cap = max(s.approach_decel_mps2 * (t_go_s - s.settle_s), 0.0)
    n = math.hypot(*want)
    if n > cap:
        want = [c * cap / n for c in want] if n > 0.0 else [0.0, 0.0]
    return (s.velocity_gain_per_s * (want[0] - v_pred[0]),
            s.velocity_gain_per_s * (want[1] - v_pred[1]))
