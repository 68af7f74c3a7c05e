"""The last seconds: a closed-loop constant-deceleration descent onto the moving deck.

The Merlin's throttle floor exceeds the near-empty stage's weight, so the stage cannot hover:
it must arrive at the deck as its speed runs out. Guidance hands over to this law a few tens of
metres above the deck at a speed that asks for a mid-range throttle, which leaves authority
both ways to absorb errors. Every step:

- vertical (``vertical_accel``): with h the height of the lowest foot above the deck plane and
  v_z its sink rate relative to the deck, the net upward acceleration that brings v_z to the
  touchdown speed ``v_td`` exactly at h = 0 is ``a = (v_z^2 - v_td^2) / (2 h)`` (a constant
  deceleration, recomputed every step, so errors are corrected continuously); with a ``cut``
  state (h_c, v_c) it aims there instead, at v_c at h_c (``cutoff.cut_state``: the engine's
  half-second tail-off, started there, brakes the stage to v_td at the deck), and at the
  deck itself only below h_c; the thrust acceleration is ``a + g`` less the drag now (the
  deck's heave acceleration, a few tenths of m/s^2, is left to the loop); the landing burn
  (landing.py) aims first at a flare ``flare_height_m`` up and flies the last metres at a
  set deceleration: a short drop, lit for the throttle floor (light_up.py), and a return
  whose engine has the thrust to hand over at a harder deceleration than it lands at;
- sideways: the lean is planned by ``lateral_mpc`` from the state ``lean_state`` returns, the
  lean bounded by ``tilt_bound_deg``, which shrinks to ``final_tilt_deg`` near the deck so the
  stage arrives upright;
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
    """Touchdown sink rate (m/s), aim point and lean bounds (deg)."""

    touchdown_speed_mps: float = 1.0
    aim_below_deck_m: float = 0.05  # so that the stage never stops just above the deck
    # the lean bound of the burn's last 100 m of foot height (landing.py blends it wider
    # above): at 8 deg a 300 m practice burn closes most offsets of 17-25 m with little
    # drift; at 6 it stopped 5-6 m short of them, and at 10 it arrived sliding (> 0.5 m/s)
    max_tilt_deg: float = 8.0
    final_tilt_deg: float = 1.6  # under the 2 deg touchdown limit, room to hold a gust
    upright_height_m: float = 35.0  # below this foot height the lean bound shrinks
    flare_height_m: float = 6.0  # the last metres at the flare deceleration


def lowest_foot_height_m(obs: Observation, vehicle: VehicleModel) -> float:
    """Height of the lowest deployed foot (or the engine bells) above the deck plane."""
    return min(foot_heights_m(obs, vehicle))


def foot_heights_m(obs: Observation, vehicle: VehicleModel) -> list[float]:
    """Heights above the deck plane of the four deployed feet, in leg order (or of the
    engine bells alone, a list of one, while the legs are not fully out)."""
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
    heights = []
    for bx, by, bz in points:
        dx, dy, dz = quat_rotate(q, bx, by, bz)
        heights.append(nx * (px + dx) + ny * (py + dy) + nz * (pz + dz))
    return heights


def vertical_accel(obs: Observation, foot_height_m: float, settings: TerminalSettings,
                   gravity_mps2: float, drag_mps2: float = 0.0,
                   flare_decel_mps2: float | None = None,
                   cut: tuple[float, float] | None = None,
                   sink_mps: float | None = None) -> tuple[float, float, float]:
    """(upward thrust acceleration, net deceleration asked, time to touchdown), SI.

    ``drag_mps2``: the drag deceleration now (it points up on a falling stage, so the thrust
    need not supply it). ``flare_decel_mps2``: above ``flare_height_m`` the constant
    deceleration that reaches the flare's entry speed there, sqrt(v_td^2 + 2 a_f h_f), so that
    the last metres are flown at a_f whatever the burn's deceleration above (a short drop's,
    light_up.py), the time to touchdown counting the flare. ``cut``: (foot height, sink rate)
    of the cut whose tail-off meets the deck at the touchdown speed (``cutoff.cut_state``):
    above it the law aims there, below it at the touchdown speed at the deck."""
    v_td = settings.touchdown_speed_mps
    h_end, v_end = -settings.aim_below_deck_m, v_td
    if cut is not None and foot_height_m > cut[0] + settings.aim_below_deck_m:
        h_end, v_end = cut[0] - settings.aim_below_deck_m, cut[1]
    t_tail = 2.0 * (h_end + settings.aim_below_deck_m) / (v_end + v_td)
    sink = -obs.vertical_speed_mps if sink_mps is None else sink_mps
    if flare_decel_mps2 is not None:
        h_f = settings.flare_height_m
        v_f = math.sqrt(v_end * v_end + 2.0 * flare_decel_mps2 * (h_f - h_end))
        h = foot_height_m - h_f
        if h > 0.5 and sink > v_f:
            a_up = (sink * sink - v_f * v_f) / (2.0 * h)
            t_go = 2.0 * h / (sink + v_f) + (v_f - v_end) / flare_decel_mps2 + t_tail
            return a_up + gravity_mps2 - drag_mps2, a_up, t_go
    h = max(foot_height_m - h_end, 0.05)
    # Too slow already: let gravity win (the throttle floor may not allow it).
    a_up = (sink * sink - v_end * v_end) / (2.0 * h) if sink > v_end else -(v_end - sink) * 2.0
    return (a_up + gravity_mps2 - drag_mps2, a_up,
            2.0 * h / max(sink + v_end, 0.5) + t_tail)


def tilt_bound_deg(foot_height_m: float, settings: TerminalSettings) -> float:
    """Largest lean of the thrust from the vertical: shrinks to the final bound at the deck."""
    tilt = settings.max_tilt_deg
    if foot_height_m < settings.upright_height_m:
        f = max(foot_height_m, 0.0) / settings.upright_height_m
        tilt = settings.final_tilt_deg + f * (tilt - settings.final_tilt_deg)
    return tilt


def lean_state(obs: Observation) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """Per horizontal axis (east, north): position, velocity, lean and lean rate.

    The lean is the stage axis's horizontal component; its rate is that of omega x axis with
    the body rates turned into the local frame."""
    q = obs.attitude_wxyz
    ax, ay, az = obs.axis_world
    wx, wy, wz = quat_rotate(q, *obs.omega_body_radps)
    rate = (wy * az - wz * ay, wz * ax - wx * az)
    p, v = obs.position_rel_deck_m, obs.velocity_rel_deck_mps
    return (p[0], v[0], ax, rate[0]), (p[1], v[1], ay, rate[1])
