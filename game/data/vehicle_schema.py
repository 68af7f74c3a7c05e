"""The vehicle file schema (``assets/vehicles/*.toml``).

Stations (``*_station_m``) are distances along the stage axis measured from the nozzle exit
plane toward the interstage: the body frame's x axis. Every key carries its unit.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Annotated

from pydantic import Field, model_validator

from game.data.common import Finite, Fraction, NonNegative, Positive, Strict

Table1D = Annotated[list[Finite], Field(min_length=1, max_length=64)]
Table2D = Annotated[list[Table1D], Field(min_length=1, max_length=64)]


class VehicleInfo(Strict):
    name: str
    length_m: Positive
    diameter_m: Positive
    reference_area_m2: Positive


class MassSpec(Strict):
    """Structure plus two propellant tanks (LOX above RP-1); liquid settles aft."""

    dry_mass_kg: Positive
    dry_com_station_m: Positive
    dry_inertia_transverse_kgm2: Positive  # about the dry centre of mass
    dry_inertia_roll_kgm2: Positive
    tank_radius_m: Positive
    lox_density_kgm3: Positive
    rp1_density_kgm3: Positive
    lox_tank_bottom_station_m: Positive
    lox_tank_top_station_m: Positive
    rp1_tank_bottom_station_m: Positive
    rp1_tank_top_station_m: Positive
    mixture_ratio_ox_to_fuel: Positive

    @model_validator(mode="after")
    def _tanks_ordered(self) -> MassSpec:
        if not self.rp1_tank_bottom_station_m < self.rp1_tank_top_station_m:
            raise ValueError("rp1_tank_bottom_station_m must be below rp1_tank_top_station_m")
        if not self.lox_tank_bottom_station_m < self.lox_tank_top_station_m:
            raise ValueError("lox_tank_bottom_station_m must be below lox_tank_top_station_m")
        return self


class EngineSpec(Strict):
    """Merlin 1D cluster: one centre engine and eight around it (the octaweb)."""

    count: Annotated[int, Field(ge=1, le=9)]
    thrust_sl_n: Positive  # per engine
    thrust_vac_n: Positive
    isp_sl_s: Positive
    isp_vac_s: Positive
    min_throttle_norm: Fraction
    max_throttle_norm: Fraction
    startup_delay_s: NonNegative  # command to first thrust
    spool_up_time_s: Positive  # first thrust to full commanded thrust
    shutdown_time_s: Positive
    throttle_valve_time_constant_s: Positive  # first-order lag of the valve
    gimbal_limit_deg: Positive
    gimbal_rate_limit_degps: Positive
    gimbal_station_m: NonNegative
    outer_ring_radius_m: Positive
    tea_teb_starts: Annotated[int, Field(ge=0, le=20)]

    @model_validator(mode="after")
    def _consistent(self) -> EngineSpec:
        if self.thrust_sl_n > self.thrust_vac_n:
            raise ValueError("thrust_sl_n must not exceed thrust_vac_n")
        if self.isp_sl_s > self.isp_vac_s:
            raise ValueError("isp_sl_s must not exceed isp_vac_s")
        if self.min_throttle_norm > self.max_throttle_norm:
            raise ValueError("min_throttle_norm must not exceed max_throttle_norm")
        return self


class AeroSpec(Strict):
    """Body aerodynamics as tables over angle of attack (rows) and Mach (columns).

    Angle of attack is the angle between the body +x axis (toward the interstage) and the
    velocity relative to the air: 0 deg flies nose first, 180 deg engines first.
    """

    mach: Table1D
    alpha_deg: Table1D
    axial_coefficient: Table2D  # C_A, along -x for positive values at alpha 0
    normal_coefficient: Table2D  # C_N, magnitude of the cross-flow force coefficient
    center_of_pressure_station_m: Table2D

    @model_validator(mode="after")
    def _shapes(self) -> AeroSpec:
        for name in ("axial_coefficient", "normal_coefficient", "center_of_pressure_station_m"):
            table = getattr(self, name)
            if len(table) != len(self.alpha_deg) or any(len(r) != len(self.mach) for r in table):
                raise ValueError(
                    f"{name} must have {len(self.alpha_deg)} rows (alpha_deg) of "
                    f"{len(self.mach)} values (mach)"
                )
        for name in ("mach", "alpha_deg"):
            axis = getattr(self, name)
            if any(b <= a for a, b in pairwise(axis)):
                raise ValueError(f"{name} must be strictly increasing")
        return self


class GridFinSpec(Strict):
    """Four grid fins at the top in an X layout, driven by an open-loop hydraulic system."""

    count: Annotated[int, Field(ge=0, le=4)]
    station_m: Positive
    area_m2: Positive  # planform area of one fin
    normal_force_slope_per_rad: Positive  # dC_N/d(deflection)
    drag_coefficient: NonNegative  # deployed, per fin, on area_m2
    effectiveness_mach: Table1D
    effectiveness: Table1D
    deflection_limit_deg: Positive
    rate_limit_degps: Positive
    deploy_time_s: Positive
    hydraulic_fluid_capacity_kg: NonNegative
    fluid_per_deploy_kg: NonNegative  # whole set of four
    fluid_per_rad_kg: NonNegative  # one fin, per radian of travel
    fluid_leak_kgps: NonNegative  # whole set, while the supply is open (servo-valve leakage)


class RcsSpec(Strict):
    """Cold-gas nitrogen thrusters at the interstage."""

    station_m: Positive
    thrust_n: Positive  # one thruster
    roll_arm_m: Positive
    isp_s: Positive
    nitrogen_capacity_kg: NonNegative


class LegSpec(Strict):
    """Landing legs: geometry, deployment, the strut with its crush core, collet and feet.

    The touchdown fields (from ``hinge_radius_m`` on) have defaults, the Falcon 9 figures of
    assets/vehicles/falcon9_ft.toml; strut forces are along the telescoping strut, which runs
    from ``strut_station_m`` on the body's skin to ``strut_leg_fraction`` of the way along the
    leg from its hinge (game/sim/legs.py turns them into forces at the foot).
    """

    count: Annotated[int, Field(ge=3, le=4)]
    length_m: Positive
    hinge_station_m: NonNegative
    span_m: Positive  # foot to opposite foot, deployed
    deploy_time_s: Positive
    crush_stroke_m: Positive
    mass_kg: Positive  # whole set, included in dry_mass_kg
    hinge_radius_m: Positive = 1.83  # hinge distance from the axis (the body's skin)
    strut_station_m: Positive = 8.8
    strut_leg_fraction: Annotated[float, Field(gt=0.0, lt=1.0, allow_inf_nan=False)] = 0.6
    strut_stiffness_npm: Positive = 3.6e6  # elastic, of the whole leg seen along the strut
    strut_damping_nspm: NonNegative = 6.0e5
    crush_force_n: Positive = 836_000.0  # the crush core gives way at this strut force
    leg_break_force_n: Positive = 1_672_000.0  # a bottomed strut breaks at this force
    pusher_force_n: NonNegative = 10_000.0  # helium pusher: all that holds an unlatched leg
    collet_latch_time_s: NonNegative = 0.5  # fully deployed to latched
    collet_fail_probability: Fraction = 0.001  # dry collet: chance it does not latch
    collet_fail_probability_iced: Fraction = 0.1  # at icing exposure 1
    foot_friction: Annotated[float, Field(gt=0.0, le=2.0, allow_inf_nan=False)] = 0.6
    foot_pad_radius_m: Positive = 0.6

    @model_validator(mode="after")
    def _strut(self) -> LegSpec:
        if self.leg_break_force_n <= self.crush_force_n:
            raise ValueError("leg_break_force_n must exceed crush_force_n")
        if 0.5 * self.span_m - self.hinge_radius_m >= self.length_m:
            raise ValueError("span_m is too wide for legs of length_m from hinge_radius_m")
        if self.strut_station_m <= self.hinge_station_m:
            raise ValueError("strut_station_m must lie above hinge_station_m")
        return self


class LimitSpec(Strict):
    """What the structure survives in free flight."""

    max_dynamic_pressure_pa: Positive
    max_heat_flux_w_m2: Positive  # Sutton-Graves stagnation estimate at the leading end
    heating_nose_radius_m: Positive
    max_axial_load_g: Positive
    # The engines or the body striking the deck (or pad) faster than this break up [E].
    max_structure_impact_speed_mps: Positive = 2.0


class VehicleSpec(Strict):
    vehicle: VehicleInfo
    mass: MassSpec
    engines: EngineSpec
    aero: AeroSpec
    grid_fins: GridFinSpec
    rcs: RcsSpec
    legs: LegSpec
    limits: LimitSpec
