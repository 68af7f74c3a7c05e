"""Why a flight ended, the figures measured at touchdown, and the touchdown verdict.

Free flight ends when the stage splashes into the sea away from the ship (or comes down on
the ground beside a land pad: missed), breaks up (dynamic pressure, heating or axial load
beyond the vehicle's limits), runs out of propellant while still airborne, or times out.

From the first approach to the deck the touchdown model (game/sim/touchdown.py) runs, and
``Verdict`` judges it, once per step, from a ``ContactStatus`` measured relative to the deck:

- broke up on impact (``crashed``): the engines or the body struck the deck faster than the
  vehicle's ``max_structure_impact_speed_mps`` (legs not out, folded, broken or bottomed);
- tipped over: the stage leans more than ``TIPPED_TILT_DEG`` from the deck's normal (far past
  the angle at which its centre of mass crosses the feet), or comes to rest leaning past the
  level's ``max_tilt_deg``;
- fell off the deck: its centre of mass drops below the deck's plane, or it tips over with its
  centre of mass beyond the edge (the touchdown model decides the second);
- landed: it stood upright (within ``max_tilt_deg``) and still on the deck (no foot that is
  down sliding along the deck faster than ``STILL_SPEED_MPS``, angular rate relative to the
  deck under ``STILL_RATE_DEGPS``: it rocks with the deck on its legs; the centre of mass of a
  tall stage sways faster than that on the leg springs when the deck rolls a few degrees) for
  the level's ``settle_time_s`` without a break, with every leg intact;
- landed hard: the same, but a crush core bottomed, a leg folded or broke, or the engines
  touched the deck.
Tipping over and breaking up end in a fire and explosion (``EXPLODES``); the renderer reads it
from the snapshot. The level's speed, tilt and distance limits at first contact are reported
(``limits_exceeded``) but the physics decides the verdict.
"""

from __future__ import annotations

import enum
from dataclasses import asdict, dataclass, field

TIPPED_TILT_DEG = 45.0
STILL_SPEED_MPS = 0.1
STILL_RATE_DEGPS = 1.0


class Outcome(enum.StrEnum):
    FLYING = "flying"
    LANDED = "landed"
    LANDED_HARD = "landed_hard"
    TIPPED_OVER = "tipped_over"
    CRASHED = "crashed"  # broke up on impact with the deck, pad or ground
    FELL_OFF = "fell_off_deck"
    MISSED = "missed"  # came down on the ground beside the land pad
    SPLASHED = "splashed"  # missed the ship: into the sea
    BROKE_UP = "broke_up"  # in flight: dynamic pressure, heating or axial load
    OUT_OF_PROPELLANT = "out_of_propellant"
    TIMEOUT = "timeout"


VERDICTS = {
    Outcome.FLYING: "flying",
    Outcome.LANDED: "landed",
    Outcome.LANDED_HARD: "landed hard",
    Outcome.TIPPED_OVER: "tipped over",
    Outcome.CRASHED: "broke up on impact",
    Outcome.FELL_OFF: "fell off the deck",
    Outcome.MISSED: "missed the pad",
    Outcome.SPLASHED: "missed the ship",
    Outcome.BROKE_UP: "broke up in flight",
    Outcome.OUT_OF_PROPELLANT: "out of propellant",
    Outcome.TIMEOUT: "timed out",
}
EXPLODES = frozenset({Outcome.TIPPED_OVER, Outcome.CRASHED})


@dataclass(frozen=True, slots=True)
class Touchdown:
    """Figures at first contact, relative to the deck (SI units), and the legs at the end."""

    vertical_speed_mps: float  # downward positive
    lateral_speed_mps: float
    tilt_deg: float
    angular_rate_degps: float
    distance_from_center_m: float  # the target is the deck's centre
    on_deck: bool
    legs_deployed: bool
    time_s: float
    first_contact: str = ""  # "leg 2", "stage" (engines or body), "ground", "sea"
    peak_leg_load_n: tuple[float, ...] = ()  # foot normal load, per leg
    crush_stroke_used_m: tuple[float, ...] = ()  # crush core used, along the strut
    leg_states: tuple[str, ...] = ()
    first_failed_leg: int | None = None  # numbered from 1
    first_failure: str = ""
    limits_exceeded: tuple[str, ...] = field(default=())  # the level's rules, for the record

    def as_dict(self) -> dict:
        out = asdict(self)
        for key in ("peak_leg_load_n", "crush_stroke_used_m", "leg_states", "limits_exceeded"):
            out[key] = list(out[key])
        return out


def limits_exceeded(td: Touchdown, success) -> tuple[str, ...]:
    """The level's success limits that the first-contact figures break, in words."""
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
    return tuple(reason for failed, reason in checks if failed)


@dataclass(slots=True)
class ContactStatus:
    """One step of the touchdown, relative to the deck (SI units, angles in degrees)."""

    tilt_deg: float  # stage axis from the deck's normal
    speed_mps: float  # over the deck: the fastest foot down sliding along it (none down: the
    # centre of mass relative to the deck, carried rigidly)
    rate_degps: float  # angular rate relative to the deck
    com_height_m: float  # centre of mass above the deck's plane
    feet_in_contact: int
    structure_impact_mps: float  # fastest strike of the engines or body this step (0: none)
    structure_touching: bool
    legs_intact: bool
    leg_failure: str  # "leg 3: crush core bottomed" or ""


class Verdict:
    """Decides the touchdown's outcome, one ``ContactStatus`` per step (module docstring)."""

    def __init__(self, settle_time_s: float, max_tilt_deg: float, impact_limit_mps: float,
                 land_pad: bool) -> None:
        self.settle_time_s = settle_time_s
        self.max_tilt_deg = max_tilt_deg
        self.impact_limit_mps = impact_limit_mps
        self.land_pad = land_pad
        self.standing_s = 0.0
        self.still_s = 0.0
        self.structure_touched = False

    def update(self, st: ContactStatus, dt_s: float) -> tuple[Outcome, str] | None:
        """The verdict, once there is one; None while it is still undecided."""
        if st.structure_impact_mps > self.impact_limit_mps:
            return Outcome.CRASHED, (f"the engines or body hit the deck at "
                                     f"{st.structure_impact_mps:.1f} m/s")
        self.structure_touched |= st.structure_touching
        if st.tilt_deg > TIPPED_TILT_DEG:
            return Outcome.TIPPED_OVER, f"leaned past {TIPPED_TILT_DEG:.0f} deg" + _after(
                st.leg_failure)
        if not self.land_pad and st.com_height_m < 0.0:
            return Outcome.FELL_OFF, "went over the edge of the deck"
        upright = st.tilt_deg <= self.max_tilt_deg and (st.feet_in_contact > 0
                                                        or st.structure_touching)
        still = st.speed_mps < STILL_SPEED_MPS and st.rate_degps < STILL_RATE_DEGPS
        self.standing_s = self.standing_s + dt_s if upright and still else 0.0
        self.still_s = self.still_s + dt_s if still else 0.0
        if self.still_s >= self.settle_time_s and not upright:
            return Outcome.TIPPED_OVER, (f"came to rest leaning {st.tilt_deg:.0f} deg"
                                         + _after(st.leg_failure))
        if self.standing_s < self.settle_time_s:
            return None
        if st.legs_intact and not self.structure_touched:
            return Outcome.LANDED, f"stood upright on the deck for {self.standing_s:.1f} s"
        damage = st.leg_failure or "the engines touched the deck"
        return Outcome.LANDED_HARD, f"stands on the deck, damaged: {damage}"


def _after(failure: str) -> str:
    return f" after {failure}" if failure else ""
