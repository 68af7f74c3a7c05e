"""The one control vector that every pilot produces: keyboard, joystick, autopilot, replay.

Sign conventions (body frame: x along the stage axis toward the interstage, y and z across):
every ``*_pitch_norm`` command asks for a positive torque about body +y, every ``*_yaw_norm``
for a positive torque about body +z and every ``*_roll_norm`` for a positive torque about
body +x. Grid fins follow that convention in engines-first flight (the normal case for
steering); flying nose-first their torque reverses, as on the real stage.
"""

from __future__ import annotations

from dataclasses import dataclass

ENGINE_MODES = (1, 3, 9)


@dataclass(slots=True)
class Controls:
    """One step's commands. Normalised values are clamped by the models that read them.

    - ``engine_on``: level-triggered: True lights the engines (using one TEA-TEB start per
      ignition) and keeps them lit, False shuts them down.
    - ``engine_mode``: 1 (centre), 3 (centre + two outer) or 9; read at ignition.
    - ``throttle_norm``: fraction of rated thrust, 0..1; the engine holds its floor when asked
      for less.
    - ``gimbal_*_norm``, ``fin_*_norm``, ``rcs_*_norm``: -1..1, fraction of each limit.
    - ``fins_deploy``, ``legs_deploy``: deploy requests (legs cannot be stowed again).
    """

    throttle_norm: float = 1.0
    engine_mode: int = 1
    engine_on: bool = False
    gimbal_pitch_norm: float = 0.0
    gimbal_yaw_norm: float = 0.0
    fin_pitch_norm: float = 0.0
    fin_yaw_norm: float = 0.0
    fin_roll_norm: float = 0.0
    fins_deploy: bool = False
    rcs_pitch_norm: float = 0.0
    rcs_yaw_norm: float = 0.0
    rcs_roll_norm: float = 0.0
    legs_deploy: bool = False

    def as_tuple(self) -> tuple:
        """All fields in declaration order (for replays and hashing)."""
        return (
            self.throttle_norm, self.engine_mode, self.engine_on,
            self.gimbal_pitch_norm, self.gimbal_yaw_norm,
            self.fin_pitch_norm, self.fin_yaw_norm, self.fin_roll_norm, self.fins_deploy,
            self.rcs_pitch_norm, self.rcs_yaw_norm, self.rcs_roll_norm, self.legs_deploy,
        )
