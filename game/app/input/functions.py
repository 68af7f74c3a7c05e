"""Every function a key, a joystick axis or a button can be bound to, with its label.

Axis functions take a continuous value: ``pitch``, ``yaw`` and ``roll`` in -1..1 (how the
human pilot turns them into torque requests is in ``game/pilots/human.py``) and ``throttle``
in 0..1. Held functions act while their key or button is down (the keyboard's stand-ins for
the axes); pressed functions act once per press. Pilot functions go to the human pilot; game
functions (camera, time warp, pause ...) to the flight screen.
"""

from __future__ import annotations

AXIS_FUNCTIONS: dict[str, str] = {
    "pitch": "Pitch (map mode: tilt the top east +, west -)",
    "yaw": "Yaw (map mode: tilt the top north +, south -)",
    "roll": "Roll",
    "throttle": "Throttle",
}

# held keys standing in for the axes: function -> (axis, sign)
HELD_FUNCTIONS: dict[str, tuple[str, float]] = {
    "pitch_plus": ("pitch", 1.0),
    "pitch_minus": ("pitch", -1.0),
    "yaw_plus": ("yaw", 1.0),
    "yaw_minus": ("yaw", -1.0),
    "roll_plus": ("roll", 1.0),
    "roll_minus": ("roll", -1.0),
    "throttle_up": ("throttle", 1.0),
    "throttle_down": ("throttle", -1.0),
}

HELD_LABELS: dict[str, str] = {
    "pitch_plus": "Tilt east (pitch +)",
    "pitch_minus": "Tilt west (pitch -)",
    "yaw_plus": "Tilt north (yaw +)",
    "yaw_minus": "Tilt south (yaw -)",
    "roll_plus": "Roll +",
    "roll_minus": "Roll -",
    "throttle_up": "Throttle up",
    "throttle_down": "Throttle down",
}

PILOT_PRESS_FUNCTIONS: dict[str, str] = {
    "engine_toggle": "Light / shut down the engines",
    "engine_mode": "Engine mode: cycle 1 / 3 / 9",
    "engine_mode_1": "Engine mode: centre engine",
    "engine_mode_3": "Engine mode: three engines",
    "engine_mode_9": "Engine mode: nine engines",
    "throttle_full": "Throttle full",
    "throttle_cut": "Throttle to the floor",
    "legs": "Deploy the landing legs",
    "fins": "Deploy the grid fins",
    "rcs_toggle": "RCS thrusters on / off",
    "assist_toggle": "Rate-hold assist on / off",
}

GAME_PRESS_FUNCTIONS: dict[str, str] = {
    "autopilot": "Take over from / hand back to the autopilot",
    "camera_next": "Next camera",
    "camera_previous": "Previous camera",
    "warp_up": "Time warp faster (coast only)",
    "warp_down": "Time warp slower",
    "pause": "Pause / back",
    "restart": "Restart the level",
    "help": "Help: the keyboard map",
    "hud_toggle": "Hide / show the HUD",
    "fullscreen": "Full screen on / off",
    "screenshot": "Save a screenshot",
    "mute": "Sound on / off",
}

PRESS_FUNCTIONS: dict[str, str] = {**PILOT_PRESS_FUNCTIONS, **GAME_PRESS_FUNCTIONS}
BUTTON_FUNCTIONS: dict[str, str] = {**HELD_LABELS, **PRESS_FUNCTIONS}
ALL_LABELS: dict[str, str] = {**AXIS_FUNCTIONS, **BUTTON_FUNCTIONS}


def label(function: str) -> str:
    """The human-readable name of a function."""
    return ALL_LABELS.get(function, function)
