"""Merlin 1D cluster: ignition, relights, spool, throttle floor and valve lag, gimbal.

Model:

- Nine engines (or ``count`` if fewer): one in the centre, eight on a ring of
  ``outer_ring_radius_m``. Modes: 1 (centre), 3 (centre + two opposite outer), 9 (all). The
  lit set is symmetric about the axis, so with all engines gimballed together the ring offsets
  cancel: the net force acts as if from the centre engine's gimbal point. No differential
  gimbal (no roll control from the engines) and no engine-out asymmetry.
- Ignition is edge-triggered: ``engine_on`` True while the cluster is off and *armed* makes
  one ignition attempt, which uses one TEA-TEB start (none left: nothing happens). The
  cluster is re-armed by a False command, so holding ``engine_on`` True after a failed start
  or a flameout does not burn through the starts; the pilot must cycle the switch. An attempt
  with empty tanks is not made (no start used). The mode is latched at ignition.
- After ignition: ``startup_delay_s`` with no thrust, then a *linear* spool-up of a spool
  factor from 0 to 1 over ``spool_up_time_s`` ("starting"), then "running". ``engine_on``
  False ramps the spool factor linearly down at 1/``shutdown_time_s`` ("shutting_down"),
  then "off". Thrust = spool factor x valve position x rated thrust.
- Throttle: the command, a fraction of rated thrust, is clamped to
  [min_throttle_norm, max_throttle_norm]; the valve follows it through a first-order lag,
  discretised exactly (constant command over a step), so a step response is exactly
  ``1 - exp(-t / tau)`` at step boundaries. At ignition the valve starts at the command.
- Ambient pressure: per-engine thrust and Isp are linear in ambient pressure between sea level
  (101325 Pa) and vacuum (for thrust that is exact: F = F_vac - p A_exit); the pressure is
  clamped to [0, 101325 Pa]. Mass flow = thrust / (Isp g0) exactly, g0 = 9.80665 m/s^2. The
  propellant used during the start transient beyond that is ignored.
- Gimbal: commands are fractions of ``gimbal_limit_deg``, slewed at most
  ``gimbal_rate_limit_degps``. The actuators are powered by RP-1 from the turbopump, so the
  gimbal moves only while the engines are lit and holds its angle when off. Thrust direction
  in the body frame: (cos p cos y, -sin y, sin p cos y) for pitch angle p and yaw angle y,
  so with the engines below the centre of mass a positive pitch gives a positive torque about
  body +y and a positive yaw a positive torque about body +z (game/sim/controls.py).
- Flameout: ``propellant_kg`` <= 0 puts the cluster off at once.

Frames and units: body frame (x toward the interstage), SI; forces in N, torques in N m about
the centre of mass at ``com_station_m``; angles in radians in the telemetry.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from game.data.vehicle_schema import EngineSpec

G0_MPS2 = 9.80665
SEA_LEVEL_PRESSURE_PA = 101325.0
_ZERO = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0)


class Propulsion:
    """The engine cluster; ``update`` returns body-frame force, torque and mass flow."""

    def __init__(self, spec: EngineSpec, starts_left: int) -> None:
        self._count = int(spec.count)
        self._thrust_sl = float(spec.thrust_sl_n)
        self._thrust_vac = float(spec.thrust_vac_n)
        self._isp_sl = float(spec.isp_sl_s)
        self._isp_vac = float(spec.isp_vac_s)
        self._min_throttle = float(spec.min_throttle_norm)
        self._max_throttle = float(spec.max_throttle_norm)
        self._startup_delay_s = float(spec.startup_delay_s)
        self._spool_rate = 1.0 / float(spec.spool_up_time_s)
        self._shutdown_rate = 1.0 / float(spec.shutdown_time_s)
        self._tau_s = float(spec.throttle_valve_time_constant_s)
        self._gimbal_limit_rad = math.radians(float(spec.gimbal_limit_deg))
        self._gimbal_rate_radps = math.radians(float(spec.gimbal_rate_limit_degps))
        self._gimbal_station_m = float(spec.gimbal_station_m)
        self.outer_ring_radius_m = float(spec.outer_ring_radius_m)
        self._alpha_dt = -1.0  # dt for which the valve blend factor was computed
        self._alpha = 0.0

        self.starts_left = int(starts_left)
        self._failed_starts = 0
        self._armed = True
        self._timer_s = 0.0
        self._spool = 0.0
        self.last_start_failed = False
        self.state = "off"
        self.engines_lit = 0
        self._mode_engines = 0
        self.throttle_command_norm = 0.0
        self.throttle_actual_norm = 0.0
        self.thrust_n = 0.0
        self.mass_flow_kgps = 0.0
        self.isp_s = self._isp_sl
        self.gimbal_pitch_rad = 0.0
        self.gimbal_yaw_rad = 0.0

    # -- faults and setup -------------------------------------------------------------------

    def set_valve_time_constant(self, tau_s: float) -> None:
        """Change the throttle valve's time constant (a fault lengthens it)."""
        if not tau_s > 0.0:
            raise ValueError(f"valve time constant must be > 0, got {tau_s}")
        self._tau_s = float(tau_s)
        self._alpha_dt = -1.0

    def fail_engine_start(self, count: int = 1) -> None:
        """Make the next ``count`` ignition attempts fail (each still uses its start)."""
        self._failed_starts += int(count)

    def start_running(self, engine_mode: int, throttle_norm: float) -> None:
        """Put the cluster straight into "running" (a level that starts mid-burn); no start used."""
        self._mode_engines = self._engines_for_mode(engine_mode)
        self.engines_lit = self._mode_engines
        self.throttle_command_norm = self._clamp_throttle(throttle_norm)
        self.throttle_actual_norm = self.throttle_command_norm
        self._spool = 1.0
        self._armed = False
        self.state = "running"

    def _engines_for_mode(self, mode: int) -> int:
        n = 9 if mode >= 9 else 3 if mode >= 3 else 1
        return n if n <= self._count else self._count

    def _clamp_throttle(self, throttle_norm: float) -> float:
        if throttle_norm < self._min_throttle:
            return self._min_throttle
        if throttle_norm > self._max_throttle:
            return self._max_throttle
        return throttle_norm

    # -- per step ---------------------------------------------------------------------------

    def _ignite(self, engine_mode: int, throttle_norm: float, propellant_kg: float) -> bool:
        """One ignition attempt; return True if the engines lit."""
        if propellant_kg <= 0.0 or self.starts_left <= 0:
            return False
        self._armed = False
        self.starts_left -= 1
        if self._failed_starts > 0:
            self._failed_starts -= 1
            self.last_start_failed = True
            return False
        self.last_start_failed = False
        self._mode_engines = self._engines_for_mode(engine_mode)
        self.engines_lit = self._mode_engines
        self.throttle_command_norm = self._clamp_throttle(throttle_norm)
        self.throttle_actual_norm = self.throttle_command_norm
        self._timer_s = 0.0
        self._spool = 0.0
        self.state = "starting"
        return True

    def _go_off(self) -> None:
        self.state = "off"
        self.engines_lit = 0
        self._spool = 0.0
        self.thrust_n = 0.0
        self.mass_flow_kgps = 0.0

    def _advance_spool(self, engine_on: bool, dt_s: float) -> bool:
        """Advance the start/stop state machine; return False when the cluster went off."""
        state = self.state
        if not engine_on:
            self._armed = True
            if state != "shutting_down":
                self.state = state = "shutting_down"
        if state == "running":
            return True
        if state == "starting":
            self._timer_s += dt_s
            over_s = self._timer_s - self._startup_delay_s
            if over_s > 0.0:
                spool = self._spool + self._spool_rate * (over_s if over_s < dt_s else dt_s)
                if spool >= 1.0:
                    spool = 1.0
                    self.state = "running"
                self._spool = spool
            return True
        spool = self._spool - self._shutdown_rate * dt_s
        if spool <= 0.0:
            self._go_off()
            return False
        self._spool = spool
        return True

    def update(
        self,
        engine_on: bool,
        engine_mode: int,
        throttle_norm: float,
        gimbal_pitch_norm: float,
        gimbal_yaw_norm: float,
        dt_s: float,
        ambient_pressure_pa: float,
        propellant_kg: float,
        com_station_m: float,
    ) -> tuple[float, float, float, float, float, float, float]:
        """Advance ``dt_s``; return (fx, fy, fz, tx, ty, tz, mass_flow_kgps), body frame."""
        if self.state == "off":
            if not engine_on:
                self._armed = True
                return _ZERO
            if not self._armed or not self._ignite(engine_mode, throttle_norm, propellant_kg):
                return _ZERO
        if propellant_kg <= 0.0:
            self._go_off()  # flameout
            return _ZERO
        if not self._advance_spool(engine_on, dt_s):
            return _ZERO

        # Throttle valve: exact first-order lag toward the clamped command.
        cmd = self._clamp_throttle(throttle_norm)
        self.throttle_command_norm = cmd
        if dt_s != self._alpha_dt:
            self._alpha_dt = dt_s
            self._alpha = 1.0 - math.exp(-dt_s / self._tau_s)
        valve = self.throttle_actual_norm
        valve += (cmd - valve) * self._alpha
        self.throttle_actual_norm = valve

        # Gimbal: rate-limited slew toward the commanded angles.
        step = self._gimbal_rate_radps * dt_s
        pitch = self.gimbal_pitch_rad = _slew(
            self.gimbal_pitch_rad, gimbal_pitch_norm * self._gimbal_limit_rad,
            self._gimbal_limit_rad, step,
        )
        yaw = self.gimbal_yaw_rad = _slew(
            self.gimbal_yaw_rad, gimbal_yaw_norm * self._gimbal_limit_rad,
            self._gimbal_limit_rad, step,
        )

        # Ambient pressure: linear between vacuum (f = 0) and sea level (f = 1).
        f = ambient_pressure_pa / SEA_LEVEL_PRESSURE_PA
        f = 0.0 if f < 0.0 else 1.0 if f > 1.0 else f
        thrust_engine = self._thrust_vac + (self._thrust_sl - self._thrust_vac) * f
        isp = self._isp_vac + (self._isp_sl - self._isp_vac) * f
        thrust = self._mode_engines * thrust_engine * valve * self._spool
        mdot = thrust / (isp * G0_MPS2)
        self.isp_s = isp
        self.thrust_n = thrust
        self.mass_flow_kgps = mdot
        if thrust == 0.0:
            return 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0

        cy = math.cos(yaw)
        fx = thrust * math.cos(pitch) * cy
        fy = -thrust * math.sin(yaw)
        fz = thrust * math.sin(pitch) * cy
        # r = (gimbal - com, 0, 0) = (-arm, 0, 0); torque = r x F = (0, arm fz, -arm fy).
        arm = com_station_m - self._gimbal_station_m
        return fx, fy, fz, 0.0, arm * fz, -arm * fy, mdot


def _slew(angle: float, target: float, limit: float, step: float) -> float:
    """Move ``angle`` toward ``target`` (clamped to +/-limit) by at most ``step``."""
    if target > limit:
        target = limit
    elif target < -limit:
        target = -limit
    delta = target - angle
    if delta > step:
        return angle + step
    if delta < -step:
        return angle - step
    return target
