"""The human pilot: keyboard and joystick state in, the same ``Controls`` the autopilot makes.

The game's input layer hands the pilot one ``PilotInput`` per frame (``set_input``); the loop
then asks for ``command`` once per simulation step, as it asks any pilot. Held keys and
axes act on every step (the throttle keys move the throttle at ``throttle_rate_per_s``, so a
key held for one second moves it the same amount at any frame rate or time warp); presses
act once, on the first step after the frame that saw them.

Attitude: the stick's pitch, yaw and roll (each -1..1) become one torque request about the
body axes, sent alike to the engine gimbal, the grid fins and (when enabled) the RCS; each
actuator gives what it can (no gimbal without thrust, no fin force without air).

- ``attitude_frame = "map"``: pitch tilts the top of the stage toward the map's east (+) or
  west (-), yaw toward north (+) or south (-), whatever the stage's roll; the request is the
  rotation ``omega_local = (-yaw, pitch, 0)`` taken into the body frame (its part along the
  stage axis, which would only roll it, is replaced by the roll input).
- ``attitude_frame = "body"``: the inputs are body torques (x roll, y pitch, z yaw); for an
  upright stage with no roll these tilt it east and north too.
- assist (rate hold, on by default): the request is a turn rate, ``input x
  assist_max_rate_degps``, and the command is ``(rate wanted - rate measured) /
  assist_saturation_degps`` clamped to -1..1: hands off, the stage stops turning.
- RCS commands under ``RCS_DEAD_BAND`` are dropped, so the rate hold does not bleed nitrogen
  on hundredths of a degree per second.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from game.sim.controls import ENGINE_MODES, Controls
from game.sim.observation import Observation
from game.sim.rigid_body import quat_rotate_inverse

RCS_DEAD_BAND = 0.05  # fraction of full RCS command below which no thruster fires


@dataclass(frozen=True, slots=True)
class PilotInput:
    """One frame of the player's input, already mapped to functions.

    ``pitch``, ``yaw``, ``roll``: -1..1 from the stick and the attitude keys together.
    ``throttle_rate``: -1..1, the throttle keys held (up +). ``throttle_set``: an absolute
    throttle (0..1) from a lever that moved this frame, else None. ``presses``: pilot press
    functions seen this frame (see game/app/input/functions.py).
    """

    pitch: float = 0.0
    yaw: float = 0.0
    roll: float = 0.0
    throttle_rate: float = 0.0
    throttle_set: float | None = None
    presses: tuple[str, ...] = ()


@dataclass(slots=True)
class HumanConfig:
    """How the stick feels (defaults match the settings file's)."""

    throttle_rate_per_s: float = 0.5
    attitude_frame: str = "map"
    assist: bool = True
    assist_max_rate_degps: float = 6.0
    assist_saturation_degps: float = 2.0


def _clamp(x: float, low: float = -1.0, high: float = 1.0) -> float:
    return low if x < low else high if x > high else x


def _limit(torque: tuple[float, float, float]) -> tuple[float, float, float]:
    """Clamp roll alone and pitch-yaw together, so a saturated request keeps its direction."""
    roll, pitch, yaw = torque
    scale = max(1.0, abs(pitch), abs(yaw))
    return (_clamp(roll), pitch / scale, yaw / scale)


class HumanPilot:
    """A ``Pilot`` driven by ``PilotInput`` frames (see the module docstring)."""

    def __init__(self, config: HumanConfig | None = None) -> None:
        self.config = config or HumanConfig()
        self.assist = self.config.assist
        self.rcs_enabled = True
        self.state = Controls(throttle_norm=1.0, engine_mode=1, engine_on=False)
        self._input = PilotInput()
        self._pending: tuple[str, ...] = ()

    # ------------------------------------------------------------------ feeding
    def set_input(self, frame_input: PilotInput) -> None:
        """The input of the frame about to be simulated; its presses act once."""
        self._input = frame_input
        self._pending += frame_input.presses

    def engage(self, observation: Observation, last_controls: Controls) -> None:
        """Carry on from the previous pilot's switches and throttle (no jump)."""
        self.state = replace(last_controls)
        self._pending = ()
        self._input = replace(self._input, throttle_set=None)  # a lever must move again

    def reset(self, start_controls: Controls | None = None) -> None:
        """A new flight: switches from the level's start (engines off unless given)."""
        self.state = replace(start_controls) if start_controls else Controls()
        self._pending = ()
        self._input = PilotInput()

    # ------------------------------------------------------------------ the pilot
    def command(self, observation: Observation, dt_s: float) -> Controls:
        state = self.state
        inp = self._input
        for press in self._pending:
            self._press(press, state)
        self._pending = ()
        if inp.throttle_set is not None:
            state.throttle_norm = _clamp(inp.throttle_set, 0.0, 1.0)
            self._input = replace(inp, throttle_set=None)  # a lever position is set once
        state.throttle_norm = _clamp(
            state.throttle_norm + inp.throttle_rate * self.config.throttle_rate_per_s * dt_s,
            0.0, 1.0)
        roll, pitch, yaw = self._torque_request(observation, inp)
        state.gimbal_pitch_norm, state.gimbal_yaw_norm = pitch, yaw
        state.fin_pitch_norm, state.fin_yaw_norm, state.fin_roll_norm = pitch, yaw, roll
        rcs = (roll, pitch, yaw) if self.rcs_enabled else (0.0, 0.0, 0.0)
        rcs = tuple(0.0 if abs(c) < RCS_DEAD_BAND else c for c in rcs)
        state.rcs_roll_norm, state.rcs_pitch_norm, state.rcs_yaw_norm = rcs
        return replace(state)

    def _press(self, press: str, state: Controls) -> None:
        if press == "engine_toggle":
            state.engine_on = not state.engine_on
        elif press == "engine_mode":
            modes = ENGINE_MODES
            state.engine_mode = modes[(modes.index(state.engine_mode) + 1) % len(modes)] \
                if state.engine_mode in modes else modes[0]
        elif press.startswith("engine_mode_"):
            state.engine_mode = int(press.rsplit("_", 1)[1])
        elif press == "throttle_full":
            state.throttle_norm = 1.0
        elif press == "throttle_cut":
            state.throttle_norm = 0.0
        elif press == "legs":
            state.legs_deploy = True
        elif press == "fins":
            state.fins_deploy = True
        elif press == "rcs_toggle":
            self.rcs_enabled = not self.rcs_enabled
        elif press == "assist_toggle":
            self.assist = not self.assist

    def _torque_request(self, obs: Observation, inp: PilotInput) -> tuple[float, float, float]:
        """(roll, pitch, yaw) commands in -1..1 about body x, y, z."""
        if self.config.attitude_frame == "map":
            _, by, bz = quat_rotate_inverse(obs.attitude_wxyz, -inp.yaw, inp.pitch, 0.0)
            want = (inp.roll, by, bz)
        else:
            want = (inp.roll, inp.pitch, inp.yaw)
        if self.assist:
            max_rate = math.radians(self.config.assist_max_rate_degps)
            gain = 1.0 / math.radians(self.config.assist_saturation_degps)
            w = obs.omega_body_radps
            want = tuple((c * max_rate - w[i]) * gain for i, c in enumerate(want))
        return _limit(want)

    def status(self) -> dict[str, object]:
        """What the HUD shows about the human pilot's aids."""
        return {"assist": self.assist, "rcs": self.rcs_enabled,
                "frame": self.config.attitude_frame}
