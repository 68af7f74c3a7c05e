"""Landing legs: deployment, the lockout collet and the strut's crush core, one state machine
per leg.

Geometry (body frame: station x along the axis from the nozzle exit, radial r from the axis).
Each leg is a rigid beam of length L hinged at (``hinge_station_m``, ``hinge_radius_m``), leg i
at azimuth 2 pi i / count about +x from +y toward +z (leg 1 on +y). Folded for ascent it points
up the body; deployed it points down and out so that its foot is at half the span. Every foot
position lies on the hinge's circle, so one number places a foot: its *travel* s, how far the
foot has risen along the body from its deployed station x_d: x = x_d + s,
r = r_h + sqrt(L^2 - (x - x_h)^2). Travel is 0 deployed and about 10 m stowed; crushing or
folding a leg raises its foot, so travel grows.

Deployment: helium pushers swing all legs out together at a constant angular rate over
``deploy_time_s``; a command cannot be withdrawn. Deployed, each leg's lockout collet latches
after ``collet_latch_time_s`` unless it fails (a level fault, or ice: game/sim/failures.py); a
collet fault that fires later opens a latched collet.

States: stowed -> deploying -> unlocked (deployed, collet open) -> locked; unlocked -> folded
(overpowered by the load); locked with a bottomed crush core -> broken (overloaded).

The strut (the force with which the leg pushes its foot down, as a function of travel): the
telescoping strut from ``strut_station_m`` on the skin to ``strut_leg_fraction`` of the way
along the leg shortens by rho ds when the foot rises by ds (rho from the geometry, linearised
at the deployed position: about 0.45 for Falcon 9). By virtual work a strut force F is a force
rho F along the travel; stiffness and damping scale by rho^2 and the stroke by 1 / rho.
- locked: an elastic spring (``strut_stiffness_npm``) in series with a rigid-plastic crush
  core. The core holds until the strut force reaches ``crush_force_n``, then crushes at that
  force: it absorbs F_c per metre, once, and the leg hangs that much shorter afterwards. When
  the whole ``crush_stroke_m`` is used the core has bottomed (the leg is damaged: "landed
  hard") and the strut is elastic again, up to ``leg_break_force_n``, where it breaks.
- unlocked (deploying, or a collet that did not latch): only ``pusher_force_n`` holds the leg,
  so a heavier load folds it. Travel past the crush stroke + ``FOLD_MARGIN_M``: folded.
- broken: no force at all.
``strut_damping_nspm`` acts while a locked strut carries load (an open collet leaves the strut
sliding on its pusher alone, undamped); the contact model applies it (it knows the step and
the masses that make damping implicit). Units: SI.
"""

from __future__ import annotations

import enum
import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from game.data.vehicle_schema import LegSpec

FOLD_MARGIN_M = 0.3  # travel beyond the crush stroke that counts as a folded leg
LATCH_TRAVEL_TOLERANCE_M = 0.01  # a collet latches only with its foot at the stop


class LegState(enum.IntEnum):
    STOWED = 0
    DEPLOYING = 1
    UNLOCKED = 2
    LOCKED = 3
    FOLDED = 4
    BROKEN = 5

    @property
    def label(self) -> str:
        return self.name.lower()


class LegGeometry:
    """Where a foot is for a travel, and how the strut maps onto the travel (see above)."""

    def __init__(self, spec: LegSpec) -> None:
        self.count = spec.count
        self.length_m = spec.length_m
        self.hinge_station_m = spec.hinge_station_m
        self.hinge_radius_m = spec.hinge_radius_m
        self.foot_radius_m = 0.5 * spec.span_m
        reach = self.foot_radius_m - self.hinge_radius_m
        self.swing_rad = math.pi - math.asin(min(1.0, reach / self.length_m))
        self.deployed_station_m = self.hinge_station_m + self.length_m * math.cos(self.swing_rad)
        self.stowed_travel_m = self.travel_for_deploy(0.0)
        self.fold_limit_m = self.stowed_travel_m  # a folding leg can swing back to the body
        self.azimuths_rad = [2.0 * math.pi * i / self.count for i in range(self.count)]
        self._strut_top = (spec.strut_station_m, spec.hinge_radius_m)
        self._strut_fraction = spec.strut_leg_fraction
        step = 1e-4
        self.strut_ratio = (self.strut_length_m(0.0) - self.strut_length_m(step)) / step
        if self.strut_ratio <= 0.0:
            raise ValueError("legs: the strut must shorten as the leg folds "
                             "(raise strut_station_m or strut_leg_fraction)")

    def travel_for_deploy(self, fraction: float) -> float:
        angle = fraction * self.swing_rad
        return self.hinge_station_m + self.length_m * math.cos(angle) - self.deployed_station_m

    def station_radius(self, travel_m: float) -> tuple[float, float]:
        """(station, radial distance) of a foot at this travel."""
        station = self.deployed_station_m + travel_m
        dx = station - self.hinge_station_m
        return station, self.hinge_radius_m + math.sqrt(max(0.0, self.length_m**2 - dx * dx))

    def foot_body(self, i: int, travel_m: float) -> tuple[float, float, float]:
        """Leg i's foot in body coordinates (station, y, z) at this travel."""
        station, radius = self.station_radius(travel_m)
        az = self.azimuths_rad[i]
        return (station, radius * math.cos(az), radius * math.sin(az))

    def strut_length_m(self, travel_m: float) -> float:
        station, radius = self.station_radius(travel_m)
        f = self._strut_fraction
        bx = self.hinge_station_m + f * (station - self.hinge_station_m)
        br = self.hinge_radius_m + f * (radius - self.hinge_radius_m)
        return math.hypot(self._strut_top[0] - bx, self._strut_top[1] - br)


class LegSet:
    """Deployment, collets, crush cores and loads of the landing legs (see the module doc)."""

    def __init__(self, spec: LegSpec, deployed: bool) -> None:
        geo = self.geometry = LegGeometry(spec)
        rho = geo.strut_ratio
        self.count = spec.count
        self.deploy_time_s = spec.deploy_time_s
        self.length_m = spec.length_m
        self.hinge_station_m = spec.hinge_station_m
        self.foot_radius_m = geo.foot_radius_m
        self.leg_mass_kg = spec.mass_kg / spec.count
        self.foot_friction = spec.foot_friction
        self.foot_pad_radius_m = spec.foot_pad_radius_m
        self.latch_time_s = spec.collet_latch_time_s
        self.stiffness_npm = spec.strut_stiffness_npm * rho * rho  # along the travel
        self.damping_nspm = spec.strut_damping_nspm * rho * rho
        self.crush_force_n = spec.crush_force_n * rho
        self.break_force_n = spec.leg_break_force_n * rho
        self.pusher_force_n = spec.pusher_force_n * rho
        self.crush_stroke_m = spec.crush_stroke_m  # along the strut
        self.crush_travel_m = spec.crush_stroke_m / rho  # the same, as foot travel
        self.deploy_fraction = 1.0 if deployed else 0.0
        self.commanded = deployed
        self.latch_s = self.latch_time_s if deployed else 0.0
        first = LegState.UNLOCKED if deployed else LegState.STOWED
        self.state = [first] * self.count
        self.travel_m = [geo.travel_for_deploy(self.deploy_fraction)] * self.count
        self.crushed_travel_m = [0.0] * self.count
        self.bottomed = [False] * self.count
        self.collet_failed = [False] * self.count
        self.load_n = [0.0] * self.count
        self.peak_load_n = [0.0] * self.count
        self.contact_driven = False  # True while the touchdown model moves the feet
        self.contact_feet_body: list[tuple[float, float, float]] = []  # its feet, if it does
        self.failures: list[tuple[float, int, str]] = []  # (time, leg index, what)

    # ---- free flight ----------------------------------------------------------------
    @property
    def deployed(self) -> bool:
        return self.deploy_fraction >= 1.0

    def update(self, deploy: bool, dt_s: float) -> None:
        """Advance deployment and the collets; a deploy command cannot be withdrawn."""
        if deploy:
            self.commanded = True
        elif not self.commanded and self.deploy_fraction == 0.0 and not self.contact_driven:
            return  # stowed and not asked to deploy: nothing moves
        if self.commanded and self.deploy_fraction < 1.0:
            self.deploy_fraction = min(1.0, self.deploy_fraction + dt_s / self.deploy_time_s)
        if self.deploy_fraction >= 1.0:
            self.latch_s += dt_s
        for i, state in enumerate(self.state):
            if state in (LegState.STOWED, LegState.DEPLOYING) and self.commanded:
                self.state[i] = (LegState.UNLOCKED if self.deploy_fraction >= 1.0
                                 else LegState.DEPLOYING)
            elif state is LegState.UNLOCKED and self._can_latch(i):
                self.state[i] = LegState.LOCKED
        if not self.contact_driven:
            nominal = self.geometry.travel_for_deploy(self.deploy_fraction)
            for i, state in enumerate(self.state):
                if state < LegState.FOLDED:
                    self.travel_m[i] = max(nominal, self.crushed_travel_m[i])

    def _can_latch(self, i: int) -> bool:
        return (self.latch_s >= self.latch_time_s and not self.collet_failed[i]
                and self.travel_m[i] <= self.crushed_travel_m[i] + LATCH_TRAVEL_TOLERANCE_M)

    def set_collet_failed(self, i: int) -> None:
        """Leg i's collet will not latch, and lets go if it had."""
        if self.collet_failed[i]:
            return
        self.collet_failed[i] = True
        if self.state[i] is LegState.LOCKED:
            self.state[i] = LegState.UNLOCKED

    def foot_points_body(self) -> list[tuple[float, float, float]]:
        """Feet in body coordinates (station, y, z), each at its own travel (on the deck,
        where the touchdown model has put them)."""
        if self.contact_driven and self.contact_feet_body:
            return list(self.contact_feet_body)
        return [self.geometry.foot_body(i, t) for i, t in enumerate(self.travel_m)]

    # ---- on the deck --------------------------------------------------------------------
    def foot_force(self, i: int, travel_m: float, rate_mps: float, h_s: float,
                   mass_kg: float, time_s: float) -> float:
        """How hard leg i pushes its foot down (N, along the travel) at this travel and rate
        (m/s, positive folding), over a sub-step ``h_s`` of a foot of ``mass_kg`` (the
        damping is implicit). Crushes, bottoms, folds or breaks the leg as the force law
        says (module docstring)."""
        state = self.state[i]
        if state is LegState.LOCKED:
            c = self.damping_nspm / (1.0 + self.damping_nspm * h_s / mass_kg)
            return self._locked_force(i, travel_m, rate_mps, c, h_s, time_s)
        if state in (LegState.STOWED, LegState.BROKEN):
            return 0.0
        if state is LegState.UNLOCKED and (
                travel_m > self.crushed_travel_m[i] + self.crush_travel_m + FOLD_MARGIN_M):
            self.state[i] = LegState.FOLDED
            self._fail(time_s, i, "folded (its collet had not latched)")
        return self.pusher_force_n  # the open collet: the strut slides on its pusher alone

    def _locked_force(self, i: int, travel_m: float, rate_mps: float, c: float, h_s: float,
                      time_s: float) -> float:
        """Spring and damper in parallel, in series with the crush core (module docstring)."""
        k = self.stiffness_npm
        stretch = travel_m - self.crushed_travel_m[i]
        if stretch <= 0.0:
            return 0.0
        force = k * stretch + c * rate_mps
        if force > self.crush_force_n and not self.bottomed[i]:
            # the core flows by as much as brings spring and damper back to the crush force
            crushed = self.crushed_travel_m[i] + (force - self.crush_force_n) / (k + c / h_s)
            if crushed >= self.crush_travel_m:
                crushed = self.crush_travel_m
                self.bottomed[i] = True
                self._fail(time_s, i, "crush core bottomed")
            self.crushed_travel_m[i] = crushed
            force = self.crush_force_n
        if force > self.break_force_n:
            self.state[i] = LegState.BROKEN
            self._fail(time_s, i, "broke")
            return 0.0
        return max(0.0, force)

    def _fail(self, time_s: float, i: int, what: str) -> None:
        self.failures.append((time_s, i, what))

    def elastic_energy_j(self, i: int, travel_m: float) -> float:
        """Energy stored in leg i's strut spring at this travel (J)."""
        if self.state[i] is not LegState.LOCKED:
            return 0.0
        stretch = max(0.0, travel_m - self.crushed_travel_m[i])
        return 0.5 * self.stiffness_npm * stretch * stretch

    def crush_stroke_used_m(self, i: int) -> float:
        """Crush core used by leg i, along the strut (m)."""
        return self.crushed_travel_m[i] * self.geometry.strut_ratio

    def record_loads(self, loads_n) -> None:
        """The feet's normal loads this step (from the contact model)."""
        for i, load in enumerate(loads_n):
            self.load_n[i] = load
            if load > self.peak_load_n[i]:
                self.peak_load_n[i] = load

    def intact(self, i: int) -> bool:
        """Locked, its crush core not bottomed."""
        return self.state[i] is LegState.LOCKED and not self.bottomed[i]

    def damage(self) -> str:
        """The first thing wrong with the legs, in words ("" if nothing is)."""
        failed = self.first_failure
        if failed is not None:
            return f"leg {failed[0]} {failed[1]}"
        for i, state in enumerate(self.state):
            if state is LegState.UNLOCKED:
                return f"leg {i + 1}'s collet did not latch"
            if state is not LegState.LOCKED:
                return f"leg {i + 1} {state.label}"
        return ""

    @property
    def first_failure(self) -> tuple[int, str] | None:
        """(leg number from 1, what happened) of the first leg to fail, or None."""
        if not self.failures:
            return None
        _, i, what = self.failures[0]
        return i + 1, what

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(s.label for s in self.state)
