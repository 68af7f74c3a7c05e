"""Attitude control: point the stage axis (the thrust direction) where guidance asks.

Law: the error between the stage axis (body +x) and the commanded direction is the rotation
vector e = angle * (x_body cross d_body) / |x_body cross d_body|, in body axes (only the y and
z components: the stage is axisymmetric, so the roll angle is free and only the roll rate is
damped). A rate-command loop turns it into an angular-acceleration demand:

    omega_des = e_unit * min(kp |e|, sqrt(alpha_avail |e|), omega_max)
    alpha_cmd = kw (omega_des - omega)

with kp = omega_n / (2 zeta), kw = 2 zeta omega_n (a second-order loop of natural frequency
omega_n and damping zeta for small errors, a rate-limited, braking-aware slew for large ones,
such as the flip). The torque demand I alpha_cmd is then allocated to the actuators in order
of cost: the engine gimbal while thrust is up (free), the grid fins where the dynamic pressure
gives them authority (they spend hydraulic fluid), then the nitrogen thrusters.

Sign conventions from ``game.sim.controls``: every *_pitch_norm asks for a torque about body
+y, *_yaw_norm about +z, *_roll_norm about +x. Grid fins follow that convention engines first;
flying nose first their torque reverses, which is handled here. Fin commands are low-passed
and held inside a small dead band so that sensor-rate chatter does not vent the open-loop
hydraulics, and the fins are left still where the air is too thin for them to give a quarter of
the thrusters' torque (above about 70 km, where a full swing would buy next to nothing).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from game.sim.rigid_body import quat_rotate, quat_rotate_inverse

if TYPE_CHECKING:
    from game.pilots.autopilot.vehicle import VehicleModel
    from game.sim.controls import Controls
    from game.sim.observation import Observation

Vec3 = tuple[float, float, float]


@dataclass(slots=True)
class AttitudeGains:
    """Loop shape: natural frequency (rad/s), damping, rate limit (rad/s), roll damping (1/s)."""

    omega_n_radps: float = 1.0
    damping: float = 0.9
    max_rate_radps: float = 0.25
    roll_damping_per_s: float = 1.0
    integral_per_s: float = 0.0  # integral action against steady (aerodynamic) torques
    braking_fraction: float = 0.5  # of the estimated authority assumed when braking a slew


def pointing_error_body(attitude_wxyz, direction_local: Vec3) -> tuple[float, float, float]:
    """(e_y, e_z, angle_rad): rotation vector taking body +x onto the direction, body axes."""
    dx, dy, dz = quat_rotate_inverse(attitude_wxyz, *direction_local)
    n = math.sqrt(dx * dx + dy * dy + dz * dz) or 1.0
    dx, dy, dz = dx / n, dy / n, dz / n
    s = math.hypot(dy, dz)
    angle = math.atan2(s, dx)
    if s < 1e-12:
        if dx > 0.0:
            return 0.0, 0.0, 0.0
        return 0.0, math.pi, math.pi  # exactly opposite: turn about body z
    k = angle / s
    return -dz * k, dy * k, angle


def _clamp(x: float, lim: float = 1.0) -> float:
    return lim if x > lim else (-lim if x < -lim else x)


class AttitudeController:
    """Turns a commanded axis direction into gimbal, grid-fin and RCS commands."""

    FIN_DEAD_BAND = 0.02  # fraction of full deflection a fin command must move to be sent
    FIN_FILTER_S = 0.25  # low-pass time constant of the fin commands
    FIN_MIN_SHARE_OF_RCS = 0.25  # fins steer only where full deflection gives this much

    def __init__(self, vehicle: VehicleModel, gains: AttitudeGains | None = None) -> None:
        self.vehicle = vehicle
        self.gains = gains or AttitudeGains()
        self._fins = [0.0, 0.0, 0.0]
        self._fins_sent = (0.0, 0.0, 0.0)
        self._integral_local = (0.0, 0.0, 0.0)
        self.last_error_rad = 0.0

    def reset(self) -> None:
        self._fins = [0.0, 0.0, 0.0]
        self._fins_sent = (0.0, 0.0, 0.0)
        self._integral_local = (0.0, 0.0, 0.0)

    def command(self, obs: Observation, direction_local: Vec3, controls: Controls, dt_s: float,
                *, gimbal: bool = True, fins: bool = True, rcs: bool = True,
                gains: AttitudeGains | None = None) -> None:
        """Fill the gimbal, fin and RCS fields of ``controls`` to turn toward the direction."""
        g = gains or self.gains
        v = self.vehicle
        ey, ez, angle = pointing_error_body(obs.attitude_wxyz, direction_local)
        self.last_error_rad = angle
        wx, wy, wz = obs.omega_body_radps
        prop = obs.propellant_kg
        inertia = v.inertia_transverse_kgm2(prop)
        authority = self._authorities(obs, gimbal, fins, rcs)
        alpha_avail = max(g.braking_fraction * sum(authority) / inertia, 1e-4)
        kp = g.omega_n_radps / (2.0 * g.damping)
        kw = 2.0 * g.damping * g.omega_n_radps
        rate = min(kp * angle, math.sqrt(alpha_avail * angle), g.max_rate_radps)
        scale = rate / angle if angle > 1e-9 else kp
        iy, iz = self._integrate(obs, ey, ez, angle, dt_s, g)
        ty = inertia * kw * (ey * scale - wy + iy)
        tz = inertia * kw * (ez * scale - wz + iz)
        tx = -v.inertia_roll_kgm2(prop) * g.roll_damping_per_s * wx
        self._allocate(controls, (tx, ty, tz), authority, obs, dt_s, fins, rcs)

    def _integrate(self, obs: Observation, ey: float, ez: float, angle: float, dt_s: float,
                   g: AttitudeGains) -> tuple[float, float]:
        """Integral of the pointing error (kept in the local frame, so a roll does not smear
        it), clamped, and only grown for small errors (no wind-up during a slew)."""
        if g.integral_per_s <= 0.0:
            self._integral_local = (0.0, 0.0, 0.0)
            return 0.0, 0.0
        q = obs.attitude_wxyz
        ix, iy, iz = self._integral_local
        if angle < math.radians(10.0):
            dx, dy, dz = quat_rotate(q, 0.0, ey * dt_s, ez * dt_s)
            ix, iy, iz = ix + dx, iy + dy, iz + dz
            n = math.sqrt(ix * ix + iy * iy + iz * iz)
            cap = math.radians(5.0) / g.integral_per_s  # at most 5 deg of equivalent error
            if n > cap:
                ix, iy, iz = ix * cap / n, iy * cap / n, iz * cap / n
            self._integral_local = (ix, iy, iz)
        _, by, bz = quat_rotate_inverse(q, ix, iy, iz)
        k = g.integral_per_s * g.omega_n_radps / (2.0 * g.damping)
        return k * by, k * bz

    def _authorities(self, obs: Observation, gimbal: bool, fins: bool, rcs: bool):
        v = self.vehicle
        prop = obs.propellant_kg
        t_gimbal = 0.0
        if gimbal and obs.thrust_n > 0.0:
            t_gimbal = v.gimbal_arm_m(prop) * obs.thrust_n * math.sin(v.gimbal_limit_rad)
        rcs_nm = v.rcs_torque_per_command_nm(prop)
        t_fins = 0.0
        if fins and obs.grid_fins_deploy_fraction >= 1.0 and obs.hydraulic_fluid_kg > 0.0:
            t_fins = v.fin_torque_per_command_nm(obs.dynamic_pressure_pa, obs.mach, prop)
            if t_fins < self.FIN_MIN_SHARE_OF_RCS * rcs_nm:
                t_fins = 0.0  # thin air: a full swing would vent fluid for next to no torque
        t_rcs = rcs_nm if rcs and obs.nitrogen_kg > 0.0 else 0.0
        return t_gimbal, t_fins, t_rcs

    def _fin_sign(self, obs: Observation) -> float:
        """+1 engines first (air along body -x), -1 nose first: fin torque reverses."""
        vx, vy, vz = obs.velocity_rel_deck_mps
        w = obs.wind_mps
        air_x = quat_rotate_inverse(obs.attitude_wxyz, vx - w[0], vy - w[1], vz - w[2])[0]
        return 1.0 if air_x <= 0.0 else -1.0

    def _allocate(self, controls: Controls, torque, authority, obs: Observation, dt_s: float,
                  fins: bool, rcs: bool) -> None:
        tx, ty, tz = torque
        t_gimbal, t_fins, t_rcs = authority
        gp = gy = 0.0
        if t_gimbal > 0.0:
            gp, gy = _clamp(ty / t_gimbal), _clamp(tz / t_gimbal)
            ty -= gp * t_gimbal
            tz -= gy * t_gimbal
            # Torque goes with the sine of the gimbal angle; commands are fractions of the angle.
            lim = self.vehicle.gimbal_limit_rad
            gp = math.asin(_clamp(gp * math.sin(lim))) / lim
            gy = math.asin(_clamp(gy * math.sin(lim))) / lim
        controls.gimbal_pitch_norm, controls.gimbal_yaw_norm = gp, gy
        fp = fy = fr = 0.0
        if t_fins > 0.0:
            sign = self._fin_sign(obs)
            fp, fy = _clamp(sign * ty / t_fins), _clamp(sign * tz / t_fins)
            ty -= sign * fp * t_fins
            tz -= sign * fy * t_fins
            t_roll = self.vehicle.fin_roll_torque_per_command_nm(
                obs.dynamic_pressure_pa, obs.mach, self.vehicle.fin_radius_m)
            if t_roll > 0.0:
                fr = _clamp(sign * tx / t_roll)
                tx -= sign * fr * t_roll
        self._smooth_fins((fp, fy, fr), dt_s, fins)
        controls.fin_pitch_norm, controls.fin_yaw_norm, controls.fin_roll_norm = self._fins_sent
        rp = ry = rr = 0.0
        if rcs and t_rcs > 0.0:
            rp, ry = _clamp(ty / t_rcs), _clamp(tz / t_rcs)
            rr = _clamp(tx / self.vehicle.rcs_roll_torque_nm)
            rp, ry, rr = (_dead(rp), _dead(ry), _dead(rr))
        controls.rcs_pitch_norm, controls.rcs_yaw_norm, controls.rcs_roll_norm = rp, ry, rr

    def _smooth_fins(self, target, dt_s: float, enabled: bool) -> None:
        if not enabled:
            self._fins = [0.0, 0.0, 0.0]
            self._fins_sent = (0.0, 0.0, 0.0)
            return
        a = min(1.0, dt_s / self.FIN_FILTER_S)
        self._fins = [f + (t - f) * a for f, t in zip(self._fins, target, strict=True)]
        sent = self._fins_sent
        if max(abs(f - s) for f, s in zip(self._fins, sent, strict=True)) > self.FIN_DEAD_BAND:
            self._fins_sent = (self._fins[0], self._fins[1], self._fins[2])


def _dead(x: float, band: float = 0.03) -> float:
    """RCS duty cycles under a few per cent are not worth the gas."""
    return 0.0 if -band < x < band else x
