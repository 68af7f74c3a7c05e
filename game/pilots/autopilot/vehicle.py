"""What the flight computer knows about its own stage: figures from the vehicle file.

The autopilot may read the vehicle and level data that a real flight computer carries (engine
ratings, mass properties, aerodynamic tables, limits), never the World. This module turns the
validated ``VehicleSpec`` into the few quantities guidance and control need:

- engine thrust and Isp at an ambient pressure (linear between sea level and vacuum, the same
  model as ``game.sim.propulsion``), throttle range, ignition transient;
- centre-of-mass station and transverse inertia for a propellant load (``game.sim.mass``'s
  model, fed the propellant reading);
- the axial drag coefficient engines first and the grid fins' drag for the impact predictor;
- control authority per unit command of the gimbal, the RCS and the grid fins (for the
  attitude controller's allocation);
- the height of the centre of mass above the deck when the deployed feet touch it.

Units: SI; stations in metres along body x from the nozzle exit plane.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from game.pilots.autopilot.lean_model import air_accel_mps2, thrust_accel_mps2
from game.sim.aero import BodyAero, interp1
from game.sim.legs import LegSet
from game.sim.mass import MassModel

if TYPE_CHECKING:
    from game.data.vehicle_schema import VehicleSpec

SEA_LEVEL_PRESSURE_PA = 101325.0
G0_MPS2 = 9.80665
# Unpowered, the leaning stage's lift per radian as a share of the body's (C_N_alpha - C_A)
# q S (the fins' trim force takes the rest), measured in the descent; powered: lean_model.py.
LATERAL_LIFT_SHARE = 0.35
MASS_CACHE_KG = 0.5  # mass properties are recomputed when the propellant moves more


class VehicleModel:
    """The stage as the flight computer models it (see the module docstring)."""

    def __init__(self, spec: VehicleSpec) -> None:
        self.spec = spec
        e = spec.engines
        self.engine_count = int(e.count)
        self.thrust_sl_n = float(e.thrust_sl_n)
        self.thrust_vac_n = float(e.thrust_vac_n)
        self.isp_sl_s = float(e.isp_sl_s)
        self.isp_vac_s = float(e.isp_vac_s)
        self.min_throttle = float(e.min_throttle_norm)
        self.max_throttle = float(e.max_throttle_norm)
        self.startup_delay_s = float(e.startup_delay_s)
        self.spool_up_time_s = float(e.spool_up_time_s)
        self.shutdown_time_s = float(e.shutdown_time_s)
        self.gimbal_limit_rad = math.radians(float(e.gimbal_limit_deg))
        self.gimbal_rate_radps = math.radians(float(e.gimbal_rate_limit_degps))
        self.gimbal_station_m = float(e.gimbal_station_m)
        self.reference_area_m2 = float(spec.vehicle.reference_area_m2)
        self.dry_mass_kg = float(spec.mass.dry_mass_kg)
        self.limits = spec.limits
        self._mass_spec = spec.mass
        self._aero = BodyAero(spec.aero, self.reference_area_m2)
        fins = spec.grid_fins
        self.fin_count = int(fins.count)
        self.fin_station_m = float(fins.station_m)
        self.fin_area_m2 = float(fins.area_m2)
        self.fin_slope_per_rad = float(fins.normal_force_slope_per_rad)
        self.fin_limit_rad = math.radians(float(fins.deflection_limit_deg))
        self.fin_rate_radps = math.radians(float(fins.rate_limit_degps))
        self._fin_eff_mach = [float(m) for m in fins.effectiveness_mach]
        self._fin_eff = [float(v) for v in fins.effectiveness]
        self.fin_drag_area_m2 = self.fin_count * float(fins.drag_coefficient) * self.fin_area_m2
        self.fin_radius_m = 0.5 * float(spec.vehicle.diameter_m) + 0.6  # as mounted
        rcs = spec.rcs
        self.rcs_station_m = float(rcs.station_m)
        self.rcs_thrust_n = float(rcs.thrust_n)
        self.rcs_roll_torque_nm = 2.0 * float(rcs.thrust_n) * float(rcs.roll_arm_m)
        self.rcs_flow_kgps = float(rcs.thrust_n) / (float(rcs.isp_s) * G0_MPS2)
        legs = LegSet(spec.legs, deployed=True)
        self.foot_station_m = legs.foot_points_body()[0][0]
        self.foot_radius_m = legs.foot_radius_m
        self.leg_deploy_time_s = float(spec.legs.deploy_time_s)
        self._mass_cache: tuple[float, float, float] = (math.nan, 0.0, 0.0)
        self._cd_axis = [float(m) for m in spec.aero.mach]
        self._cd_engines_first = [self.axial_coefficient(180.0, m) for m in self._cd_axis]

    # -- engines ------------------------------------------------------------------------
    def engine_thrust_n(self, ambient_pressure_pa: float) -> float:
        """Rated thrust of one engine at an ambient pressure (full throttle)."""
        f = min(max(ambient_pressure_pa / SEA_LEVEL_PRESSURE_PA, 0.0), 1.0)
        return self.thrust_vac_n + (self.thrust_sl_n - self.thrust_vac_n) * f

    def isp_s(self, ambient_pressure_pa: float) -> float:
        f = min(max(ambient_pressure_pa / SEA_LEVEL_PRESSURE_PA, 0.0), 1.0)
        return self.isp_vac_s + (self.isp_sl_s - self.isp_vac_s) * f

    def mass_flow_kgps(self, thrust_n: float, ambient_pressure_pa: float) -> float:
        return thrust_n / (self.isp_s(ambient_pressure_pa) * G0_MPS2)

    # -- mass properties --------------------------------------------------------------------
    def _mass_properties(self, propellant_kg: float) -> tuple[float, float]:
        cached_prop, com, inertia = self._mass_cache
        if not abs(cached_prop - propellant_kg) <= MASS_CACHE_KG:  # (nan compares False)
            model = MassModel(self._mass_spec, max(0.0, propellant_kg))
            com, inertia = model.com_station_m, model.inertia_transverse_kgm2
            self._mass_cache = (propellant_kg, com, inertia)
        return com, inertia

    def com_station_m(self, propellant_kg: float) -> float:
        return self._mass_properties(propellant_kg)[0]

    def inertia_transverse_kgm2(self, propellant_kg: float) -> float:
        return self._mass_properties(propellant_kg)[1]

    def inertia_roll_kgm2(self, propellant_kg: float) -> float:
        m = self._mass_spec
        r2 = float(m.tank_radius_m) ** 2
        return float(m.dry_inertia_roll_kgm2) + 0.5 * max(0.0, propellant_kg) * r2

    def touchdown_com_height_m(self, propellant_kg: float) -> float:
        """Height of the CoM above a level deck when the deployed feet rest on it, upright."""
        return self.com_station_m(propellant_kg) - self.foot_station_m

    # -- aerodynamics -------------------------------------------------------------------------
    def axial_coefficient(self, alpha_deg: float, mach: float) -> float:
        """Body C_A at an angle of attack and Mach (the vehicle's table)."""
        a = math.radians(alpha_deg)
        fx = self._aero.forces(math.cos(a), math.sin(a), 0.0, 1.0, 1.0 / max(mach, 1e-6), 0.0)[0]
        return abs(fx) / (0.5 * self.reference_area_m2) if fx else 0.0

    def normal_coefficient(self, alpha_deg: float, mach: float) -> float:
        """Body C_N at an angle of attack and Mach (the vehicle's table)."""
        a = math.radians(alpha_deg)
        f = self._aero.forces(math.cos(a), math.sin(a), 0.0, 1.0, 1.0 / max(mach, 1e-6), 0.0)
        return abs(f[1]) / (0.5 * self.reference_area_m2)

    def drag_area_m2(self, mach: float, fins_deployed: bool) -> float:
        """C_D S engines first, body plus the deployed grid fins (m^2)."""
        cd = interp1(self._cd_axis, self._cd_engines_first, mach)
        return cd * self.reference_area_m2 + (self.fin_drag_area_m2 if fins_deployed else 0.0)

    def lateral_stiffness_n(self, dynamic_pressure_pa: float, mach: float,
                            thrust_n: float = 0.0) -> float:
        """Sideways aerodynamic force per radian of angle of attack (N/rad), engines first.

        The body's normal force pushes away from the lean, and so do the fins (unpowered) or
        the engine gimbal (powered) that hold the lean against the aerodynamic torque. Without
        thrust: ``LATERAL_LIFT_SHARE (C_N_alpha - C_A) q S`` (measured in the descent). With
        thrust: m A of ``lean_model`` (small angles)."""
        if thrust_n > 0.0:
            return air_accel_mps2(self, dynamic_pressure_pa, mach, thrust_n, 1.0)
        slope = self.normal_coefficient(175.0, mach) / math.radians(5.0)
        c_a = self.axial_coefficient(180.0, mach)
        return LATERAL_LIFT_SHARE * (slope - c_a) * dynamic_pressure_pa * self.reference_area_m2

    def lateral_gain(self, dynamic_pressure_pa: float, mach: float, thrust_n: float,
                     mass_kg: float) -> float:
        """Sideways acceleration per radian of a small lean in still air (m/s^2/rad):
        ``lean_model``'s (T / m) r0 - A, about 0.9 T / m at low speed, zero at q S / T about
        0.27 and negative above (the lean then steers like lift: the stage moves away from
        the side the nose leans to). Unpowered: minus the aerodynamic stiffness."""
        if thrust_n <= 0.0:
            return -self.lateral_stiffness_n(dynamic_pressure_pa, mach) / mass_kg
        return (thrust_accel_mps2(thrust_n, mass_kg)
                - air_accel_mps2(self, dynamic_pressure_pa, mach, thrust_n, mass_kg))

    # -- control authority ------------------------------------------------------------------
    def fin_effectiveness(self, mach: float) -> float:
        return interp1(self._fin_eff_mach, self._fin_eff, mach)

    def fin_torque_per_command_nm(self, dynamic_pressure_pa: float, mach: float,
                                  propellant_kg: float) -> float:
        """Pitch (or yaw) torque for a unit fin command, engines first, all fins deployed.

        Mixed deflections delta_i = -cos(phi_i) / max|cos| * limit give the torque
        arm * k * limit * sum(cos^2) / max|cos| with k = q A C_N_delta eta(M) per radian.
        """
        if self.fin_count == 0:
            return 0.0
        arm = self.fin_station_m - self.com_station_m(propellant_kg)
        k = dynamic_pressure_pa * self.fin_area_m2 * self.fin_slope_per_rad
        k *= self.fin_effectiveness(mach)
        phis = [math.radians(45.0 + i * 360.0 / self.fin_count) for i in range(self.fin_count)]
        cmax = max(abs(math.cos(p)) for p in phis) or 1.0
        return arm * k * self.fin_limit_rad * sum(math.cos(p) ** 2 for p in phis) / cmax

    def fin_roll_torque_per_command_nm(self, dynamic_pressure_pa: float, mach: float,
                                       radius_m: float) -> float:
        k = dynamic_pressure_pa * self.fin_area_m2 * self.fin_slope_per_rad
        return self.fin_count * radius_m * k * self.fin_effectiveness(mach) * self.fin_limit_rad

    def rcs_torque_per_command_nm(self, propellant_kg: float) -> float:
        return self.rcs_thrust_n * abs(self.rcs_station_m - self.com_station_m(propellant_kg))

    def gimbal_arm_m(self, propellant_kg: float) -> float:
        return self.com_station_m(propellant_kg) - self.gimbal_station_m
