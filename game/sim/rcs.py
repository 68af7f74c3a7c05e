"""Cold-gas nitrogen reaction control at the interstage, and its gas budget.

Model:

- Thrusters at ``station_m``. Pitch and yaw fire one lateral thruster each: a force of
  ``thrust_n`` across the stage at an arm ``station_m - com_station_m`` from the centre of
  mass. It turns the stage and also pushes it sideways: that net force is returned. Roll fires
  a tangential pair, each ``thrust_n`` at radius ``roll_arm_m`` on opposite sides, pushing in
  opposite directions: a pure couple of ``2 thrust_n roll_arm_m`` with no net force.
- Real valves are on/off. A proportional command is a duty cycle; within a simulation step it
  is applied as the time-averaged thrust ``|norm| * thrust_n`` per fired thruster (pulse
  width modulation faster than the step, no minimum impulse bit).
- The thruster that fires is chosen so that the torque sign follows the command whatever side
  of the centre of mass the thrusters sit on (a flight computer would do the same).
- Gas: flow = total thrust / (isp_s g0). When the nitrogen is empty nothing fires; a step that
  would use more than is left uses what is left and scales every thrust down alike. Isp is
  constant (no blow-down of the tank pressure).

Signs as in game/sim/controls.py: ``pitch_norm`` > 0 asks for a torque about body +y,
``yaw_norm`` about +z, ``roll_norm`` about +x. Body frame, SI: N, N m about the centre of mass,
kg/s.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from game.data.vehicle_schema import RcsSpec

G0_MPS2 = 9.80665
_ZERO = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
_IDLE = (0.0, 0.0, 0.0)


def _clamp_unit(x: float) -> float:
    return -1.0 if x < -1.0 else 1.0 if x > 1.0 else x


class Rcs:
    """The nitrogen thrusters; ``update`` returns body-frame force, torque and gas flow."""

    def __init__(self, spec: RcsSpec, nitrogen_kg: float) -> None:
        self.station_m = float(spec.station_m)
        self._thrust_n = float(spec.thrust_n)
        self._roll_torque_nm = 2.0 * self._thrust_n * float(spec.roll_arm_m)
        self._flow_per_n = 1.0 / (float(spec.isp_s) * G0_MPS2)  # kg/s per N of thrust
        nitrogen_kg = float(nitrogen_kg)
        if nitrogen_kg < 0.0:
            raise ValueError(f"nitrogen_kg must be >= 0, got {nitrogen_kg}")
        self.nitrogen_kg = nitrogen_kg
        self.firing = _IDLE

    def update(
        self,
        pitch_norm: float,
        yaw_norm: float,
        roll_norm: float,
        dt_s: float,
        com_station_m: float,
    ) -> tuple[float, float, float, float, float, float, float]:
        """Advance ``dt_s``; return (fx, fy, fz, tx, ty, tz, gas_flow_kgps), body frame."""
        if (pitch_norm == 0.0 and yaw_norm == 0.0 and roll_norm == 0.0) or (
            self.nitrogen_kg <= 0.0
        ):
            self.firing = _IDLE
            return _ZERO
        p = _clamp_unit(pitch_norm)
        y = _clamp_unit(yaw_norm)
        r = _clamp_unit(roll_norm)
        # Pitch/yaw: one thruster each; roll: two (a couple).
        total_n = (abs(p) + abs(y) + 2.0 * abs(r)) * self._thrust_n
        flow = total_n * self._flow_per_n
        used = flow * dt_s
        if used > self.nitrogen_kg:
            scale = self.nitrogen_kg / used
            p *= scale
            y *= scale
            r *= scale
            flow *= scale
            self.nitrogen_kg = 0.0
        else:
            self.nitrogen_kg -= used
        self.firing = (p, y, r)

        # r = (arm, 0, 0), F = (0, fy, fz): torque = (0, -arm fz, arm fy).
        arm = self.station_m - com_station_m
        t = self._thrust_n
        if arm < 0.0:
            t = -t
        fy = y * t
        fz = -p * t
        return 0.0, fy, fz, r * self._roll_torque_nm, -arm * fz, arm * fy, flow
