"""Mass, centre of mass and inertia of the first stage as its tanks drain.

Model: a rigid structure plus two propellant tanks, LOX above RP-1 (Falcon 9 layout; the
stations come from the vehicle file, so any order works). The structure has ``dry_mass_kg`` at
``dry_com_station_m`` and its own inertias about its own centre of mass (a rigid body, not a
point). Each tank is a right circular cylinder of radius ``tank_radius_m`` between its bottom
and top stations.

Assumptions:

- The liquid is settled aft: it fills each tank from the tank bottom up, to a height
  ``h = m / (rho * pi * r^2)`` (clamped to the tank's length). That holds whenever the stage
  accelerates toward its nose in the body frame: under thrust, and in engines-first descent
  where drag pushes along body +x. In a ballistic coast the real liquid floats (ullage); the
  model ignores that, and ignores slosh, domes, the common bulkhead and the ullage gas mass.
- For inertia each liquid slug is a solid cylinder of its current height: transverse
  ``m (3 r^2 + h^2) / 12`` about its own centre, roll ``m r^2 / 2``. Real liquid does not spin
  with the tank (a roll rate barely drags it along), so the roll figure overstates the liquid's
  share; with a near-empty stage the structure dominates anyway.
- Propellant is always drawn at the engine mixture ratio (oxidiser to fuel, by mass).
- The RCS nitrogen and the grid-fin fluid are not part of this model (a few hundred kg).

Frames and units: SI; stations are metres along body x from the nozzle exit plane; inertias
are in kg m^2 about the current total centre of mass, in the body frame (the stage is axially
symmetric, so the tensor is diag(roll, transverse, transverse)).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from game.data.vehicle_schema import MassSpec

# Relative slack on the capacity check, so that a level filled "to the brim" from rounded
# figures is not refused.
_CAPACITY_TOLERANCE = 1e-9


class MassModel:
    """Stage mass properties; ``drain`` removes propellant and updates the cached figures."""

    def __init__(self, spec: MassSpec, propellant_kg: float) -> None:
        self._dry_kg = float(spec.dry_mass_kg)
        self._dry_com_m = float(spec.dry_com_station_m)
        self._dry_i_trans = float(spec.dry_inertia_transverse_kgm2)
        self._dry_i_roll = float(spec.dry_inertia_roll_kgm2)
        r = float(spec.tank_radius_m)
        self._r2 = r * r
        area_m2 = math.pi * self._r2
        self._mr = float(spec.mixture_ratio_ox_to_fuel)
        self._ox_fraction = self._mr / (1.0 + self._mr)
        self._lox_bottom_m = float(spec.lox_tank_bottom_station_m)
        self._lox_len_m = float(spec.lox_tank_top_station_m) - self._lox_bottom_m
        self._rp1_bottom_m = float(spec.rp1_tank_bottom_station_m)
        self._rp1_len_m = float(spec.rp1_tank_top_station_m) - self._rp1_bottom_m
        self._lox_kg_per_m = float(spec.lox_density_kgm3) * area_m2
        self._rp1_kg_per_m = float(spec.rp1_density_kgm3) * area_m2
        self.lox_capacity_kg = self._lox_kg_per_m * self._lox_len_m
        self.rp1_capacity_kg = self._rp1_kg_per_m * self._rp1_len_m
        # Largest load at the mixture ratio: the tank that fills first limits it.
        self.capacity_kg = min(
            self.lox_capacity_kg / self._ox_fraction,
            self.rp1_capacity_kg / (1.0 - self._ox_fraction),
        )

        propellant_kg = float(propellant_kg)
        if not math.isfinite(propellant_kg) or propellant_kg < 0.0:
            raise ValueError(f"propellant_kg must be finite and >= 0, got {propellant_kg}")
        if propellant_kg > self.capacity_kg * (1.0 + _CAPACITY_TOLERANCE):
            raise ValueError(
                f"propellant_kg {propellant_kg:.1f} exceeds the tanks' capacity "
                f"{self.capacity_kg:.1f} kg at mixture ratio {self._mr}"
            )
        self.lox_kg = propellant_kg * self._ox_fraction
        self.rp1_kg = propellant_kg - self.lox_kg
        self._recompute()

    @property
    def propellant_kg(self) -> float:
        return self.lox_kg + self.rp1_kg

    def drain(self, kg: float) -> float:
        """Remove up to ``kg`` of propellant at the mixture ratio; return what was removed."""
        if not kg > 0.0:
            return 0.0
        available = self.lox_kg + self.rp1_kg
        if kg >= available:
            self.lox_kg = 0.0
            self.rp1_kg = 0.0
            self._recompute()
            return available
        lox = self.lox_kg - kg * self._ox_fraction
        rp1 = self.rp1_kg - (kg - kg * self._ox_fraction)
        self.lox_kg = lox if lox > 0.0 else 0.0
        self.rp1_kg = rp1 if rp1 > 0.0 else 0.0
        self._recompute()
        return kg

    def _slug(self, m: float, kg_per_m: float, bottom_m: float, length_m: float):
        """Return (centre station, transverse inertia about own centre) of a settled slug."""
        h = m / kg_per_m
        if h > length_m:
            h = length_m
        return bottom_m + 0.5 * h, m * (3.0 * self._r2 + h * h) / 12.0

    def _recompute(self) -> None:
        lox, rp1, dry = self.lox_kg, self.rp1_kg, self._dry_kg
        x_lox, i_lox = self._slug(lox, self._lox_kg_per_m, self._lox_bottom_m, self._lox_len_m)
        x_rp1, i_rp1 = self._slug(rp1, self._rp1_kg_per_m, self._rp1_bottom_m, self._rp1_len_m)
        total = dry + lox + rp1
        com = (dry * self._dry_com_m + lox * x_lox + rp1 * x_rp1) / total
        d_dry = self._dry_com_m - com
        d_lox = x_lox - com
        d_rp1 = x_rp1 - com
        self.mass_kg = total
        self.com_station_m = com
        self.lox_level_station_m = self._lox_bottom_m + (x_lox - self._lox_bottom_m) * 2.0
        self.rp1_level_station_m = self._rp1_bottom_m + (x_rp1 - self._rp1_bottom_m) * 2.0
        self.inertia_transverse_kgm2 = (
            self._dry_i_trans
            + dry * d_dry * d_dry
            + i_lox
            + lox * d_lox * d_lox
            + i_rp1
            + rp1 * d_rp1 * d_rp1
        )
        self.inertia_roll_kgm2 = self._dry_i_roll + 0.5 * (lox + rp1) * self._r2
