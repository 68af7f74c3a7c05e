"""Grid fins: four fins in an X layout at the top, open-loop hydraulics, forces and torques.

Geometry (body frame: x along the axis toward the interstage): fin i sits at station
``spec.station_m``, at radius ``radius_m`` from the axis, at azimuth phi_i = 45, 135, 225, 315
deg measured about +x from +y toward +z (``count`` < 4 fins: 45 + k 360/count deg). Its radial
unit vector is e_r = (0, cos phi, sin phi), its tangential one e_t = x cross e_r =
(0, -sin phi, cos phi). A fin turns about its radial axis; deflection is positive when, in
engines-first flow (air flowing from the base toward the interstage, velocity along -x), the
fin's normal force points along +e_t.

Actuation: ``update`` mixes the pitch/yaw/roll commands (-1..1) into four deflection targets
(proportional mixing, scaled down together when a fin saturates so the torque direction is
kept), moves each fin toward its target at no more than the rate limit, and deploys the set
over ``deploy_time_s`` once asked (one-way; stowed and deploying fins are held at zero). The
hydraulics are open loop (fluid is vented after use): ``fluid_per_deploy_kg`` over the whole
deployment, ``fluid_per_rad_kg`` per radian of travel per fin, and ``fluid_leak_kgps`` for the
whole set from the moment the deployment is commanded (the servo valves' null leakage: a spool
valve held at null passes a small flow from supply to return, and an open-loop system vents its
return, so the fins spend fluid even when they hold still). When the fluid runs out the fins
stop where they are (the last step's motion is cut to what the fluid left allows).

Forces (``forces``), per fin, with dynamic pressure q and the fin's planform area A:
- drag ``C_D q A`` along the air-relative flow (opposing the stage's air-relative velocity),
  scaled by the deploy fraction;
- normal force ``q A C_N_delta alpha_eff eta(M)`` along e_t, where eta is the effectiveness
  table over Mach and the fin's effective angle of attack is
  ``alpha_eff = f_deploy * clamp(-(v_x sin delta + v_t cos delta) / |v|, +/- limit)``
  (v_t = v . e_t, limit = the deflection limit in radians: the fin is linear up to there and
  stalls flat beyond). With the flow along the axis this is f_deploy * delta * sign(-v_x):
  it reverses when flying nose first, as on the real stage. The v_t term is the cross-flow the
  fin sees; it makes deployed fins at the top weathervane the stage engines first.
Torques are ``r_i x F_i`` about the CoM with r_i = (station - com_station, R cos phi,
R sin phi). Rotation-induced flow at the fins (fin damping from angular rate) is neglected.

Mixing signs, engines first: pitch_norm > 0 gives a torque about +y, yaw_norm about +z,
roll_norm about +x (game/sim/controls.py); this assumes the fins sit above the CoM.

Units: SI; angles in radians inside, the spec's limits in degrees.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from game.sim.aero import ZERO_WRENCH, interp1

if TYPE_CHECKING:
    from game.data.vehicle_schema import GridFinSpec


class GridFins:
    """The set of grid fins, its hydraulic budget and its aerodynamic wrench."""

    def __init__(self, spec: GridFinSpec, fluid_kg: float, deployed: bool, radius_m: float):
        self.count = int(spec.count)
        self.station_m = float(spec.station_m)
        self.radius_m = float(radius_m)
        self._area_m2 = float(spec.area_m2)
        self._slope_per_rad = float(spec.normal_force_slope_per_rad)
        self._drag_coefficient = float(spec.drag_coefficient)
        self._eff_mach = [float(m) for m in spec.effectiveness_mach]
        self._eff = [float(e) for e in spec.effectiveness]
        self.deflection_limit_rad = math.radians(spec.deflection_limit_deg)
        self._rate_radps = math.radians(spec.rate_limit_degps)
        self._deploy_time_s = float(spec.deploy_time_s)
        self._fluid_per_deploy_kg = float(spec.fluid_per_deploy_kg)
        self._fluid_per_rad_kg = float(spec.fluid_per_rad_kg)
        self._fluid_leak_kgps = float(spec.fluid_leak_kgps)
        azimuths = [math.radians(45.0 + k * 360.0 / self.count) for k in range(self.count)]
        self._cos = [math.cos(a) for a in azimuths]
        self._sin = [math.sin(a) for a in azimuths]
        # Mixing gains: force along +e_t at fin i gives torque (R, -dx cos, -dx sin) with dx > 0.
        cmax = max((abs(c) for c in self._cos), default=1.0) or 1.0
        smax = max((abs(s) for s in self._sin), default=1.0) or 1.0
        self._mix = [(-c / cmax, -s / smax) for c, s in zip(self._cos, self._sin, strict=True)]
        self._zeros = [0.0] * self.count
        self.deploy_fraction = 1.0 if deployed else 0.0
        self._deploy_commanded = bool(deployed)
        self.deflection_rad = [0.0] * self.count
        self.target_rad = [0.0] * self.count
        self.fluid_kg = max(0.0, float(fluid_kg))
        self.fluid_used_kg = 0.0

    @property
    def frozen(self) -> bool:
        """True when the hydraulic fluid is gone: the fins can no longer move."""
        return self.fluid_kg <= 0.0

    def set_fluid_kg(self, kg: float) -> None:
        """Set the fluid left (faults: a leak, a short fill)."""
        self.fluid_kg = max(0.0, float(kg))

    def _targets(self, pitch: float, yaw: float, roll: float) -> list[float]:
        """Deflection targets (rad); scaled down together when one fin would saturate."""
        pitch = 1.0 if pitch > 1.0 else (-1.0 if pitch < -1.0 else pitch)
        yaw = 1.0 if yaw > 1.0 else (-1.0 if yaw < -1.0 else yaw)
        roll = 1.0 if roll > 1.0 else (-1.0 if roll < -1.0 else roll)
        raw = [pitch * p + yaw * y + roll for p, y in self._mix]
        peak = max(map(abs, raw), default=0.0)
        scale = self.deflection_limit_rad / peak if peak > 1.0 else self.deflection_limit_rad
        return [r * scale for r in raw]

    def update(self, pitch_norm: float, yaw_norm: float, roll_norm: float, deploy: bool,
               dt_s: float) -> None:
        """Advance deployment and fin motion by dt_s, spending hydraulic fluid."""
        if deploy:
            self._deploy_commanded = True
        if self.count == 0 or dt_s <= 0.0 or self.fluid_kg <= 0.0:
            return
        if not self._deploy_commanded and self.deploy_fraction == 0.0:
            return  # stowed: nothing moves
        d_deploy = 0.0
        if self.deploy_fraction < 1.0:
            if self._deploy_commanded:
                d_deploy = min(1.0 - self.deploy_fraction, dt_s / self._deploy_time_s)
            targets = self._zeros  # stowed and deploying fins are held flat
        else:
            targets = self._targets(pitch_norm, yaw_norm, roll_norm)
        self.target_rad = targets
        step = self._rate_radps * dt_s
        moves = []
        travel = 0.0
        for cur, tgt in zip(self.deflection_rad, targets, strict=True):
            m = tgt - cur
            if m > step:
                m = step
            elif m < -step:
                m = -step
            moves.append(m)
            travel += abs(m)
        leak_kg = self._fluid_leak_kgps * dt_s  # the supply is open once deployment starts
        share = self._spend(leak_kg + d_deploy * self._fluid_per_deploy_kg
                            + travel * self._fluid_per_rad_kg)
        if d_deploy:
            self.deploy_fraction = min(1.0, self.deploy_fraction + d_deploy * share)
        if travel:
            pairs = zip(self.deflection_rad, moves, strict=True)
            self.deflection_rad = [d + m * share for d, m in pairs]

    def _spend(self, need_kg: float) -> float:
        """Take need_kg from the fluid left; the share of it there was (1 unless it ran out)."""
        if need_kg > self.fluid_kg:
            share = self.fluid_kg / need_kg  # the fluid runs out part-way through this step
            self.fluid_used_kg += self.fluid_kg
            self.fluid_kg = 0.0
            return share
        self.fluid_kg -= need_kg
        self.fluid_used_kg += need_kg
        return 1.0

    def forces(
        self,
        vx_air_body: float,
        vy_air_body: float,
        vz_air_body: float,
        density_kgm3: float,
        speed_of_sound_mps: float,
        com_station_m: float,
    ) -> tuple[float, float, float, float, float, float]:
        """(Fx, Fy, Fz, Tx, Ty, Tz): force (N) and torque about the CoM (N m), body frame."""
        f_deploy = self.deploy_fraction
        speed_sq = vx_air_body * vx_air_body + vy_air_body * vy_air_body + vz_air_body**2
        if f_deploy <= 0.0 or speed_sq <= 0.0 or density_kgm3 <= 0.0:
            return ZERO_WRENCH
        speed = math.sqrt(speed_sq)
        qa = 0.5 * density_kgm3 * speed_sq * self._area_m2
        mach = speed / speed_of_sound_mps if speed_of_sound_mps > 0.0 else 0.0
        k_normal = qa * self._slope_per_rad * interp1(self._eff_mach, self._eff, mach) * f_deploy
        k_drag = -qa * self._drag_coefficient * f_deploy / speed  # times v: along the flow
        dx = self.station_m - com_station_m
        r = self.radius_m
        lim = self.deflection_limit_rad
        ux, uy, uz = vx_air_body / speed, vy_air_body / speed, vz_air_body / speed
        drag_x, drag_y, drag_z = k_drag * vx_air_body, k_drag * vy_air_body, k_drag * vz_air_body
        fx_sum = fy_sum = fz_sum = tx_sum = ty_sum = tz_sum = 0.0
        for c, s, delta in zip(self._cos, self._sin, self.deflection_rad, strict=True):
            u_t = -s * uy + c * uz
            angle = -(ux * math.sin(delta) + u_t * math.cos(delta))
            angle = lim if angle > lim else (-lim if angle < -lim else angle)
            fn = k_normal * angle
            fx, fy, fz = drag_x, drag_y - fn * s, drag_z + fn * c
            ry, rz = r * c, r * s
            fx_sum += fx
            fy_sum += fy
            fz_sum += fz
            tx_sum += ry * fz - rz * fy
            ty_sum += rz * fx - dx * fz
            tz_sum += dx * fy - ry * fx
        return (fx_sum, fy_sum, fz_sum, tx_sum, ty_sum, tz_sum)
