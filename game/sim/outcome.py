"""Why a flight ended, and the figures measured at touchdown.

Free flight ends in one of these ways: the stage splashed into the sea, broke up (dynamic
pressure, heating or axial load beyond the vehicle's limits), ran out of propellant while still
airborne (it can no longer land), the level timed out, or it touched the deck (or the ground).
Touchdown is judged by a simple rigid contact until the full touchdown model takes over: the
figures at first contact are compared with the level's success rules.
"""

from __future__ import annotations

import enum
from dataclasses import asdict, dataclass


class Outcome(enum.StrEnum):
    FLYING = "flying"
    LANDED = "landed"
    CRASHED = "crashed"  # touched the deck or pad outside the success limits
    MISSED = "missed"  # touched the ground beside the land pad
    SPLASHED = "splashed"
    BROKE_UP = "broke_up"
    OUT_OF_PROPELLANT = "out_of_propellant"
    TIMEOUT = "timeout"


@dataclass(frozen=True, slots=True)
class Touchdown:
    """Figures at first contact, relative to the deck (SI units)."""

    vertical_speed_mps: float  # downward positive
    lateral_speed_mps: float
    tilt_deg: float
    angular_rate_degps: float
    distance_from_center_m: float
    on_deck: bool
    legs_deployed: bool
    time_s: float

    def as_dict(self) -> dict:
        return asdict(self)


def judge_touchdown(td: Touchdown, success, land_pad: bool) -> tuple[Outcome, str]:
    """Verdict of the simple rigid contact: (outcome, reason in words)."""
    if not td.on_deck:
        return (Outcome.MISSED if land_pad else Outcome.SPLASHED), "missed the deck"
    checks = (
        (td.vertical_speed_mps > success.max_vertical_speed_mps,
         f"vertical speed {td.vertical_speed_mps:.1f} m/s over "
         f"{success.max_vertical_speed_mps:.1f} m/s"),
        (td.lateral_speed_mps > success.max_lateral_speed_mps,
         f"lateral speed {td.lateral_speed_mps:.1f} m/s over "
         f"{success.max_lateral_speed_mps:.1f} m/s"),
        (td.tilt_deg > success.max_tilt_deg,
         f"tilt {td.tilt_deg:.1f} deg over {success.max_tilt_deg:.1f} deg"),
        (td.distance_from_center_m > success.max_distance_m,
         f"{td.distance_from_center_m:.1f} m from the centre, over {success.max_distance_m:.1f} m"),
        (not td.legs_deployed, "legs not deployed"),
    )
    for failed, reason in checks:
        if failed:
            return Outcome.CRASHED, reason
    return Outcome.LANDED, "stands on the deck"
