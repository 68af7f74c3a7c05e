"""Targeting: where the stage will come down, and which velocity change puts it on the deck.

``Targeting.solve`` predicts the touchdown point from the measured state (``impact.py``, with
the entry burn still to come if it is, and the landing burn) and the miss e = predicted -
target, in the deck frame (east, north). It then finds the sensitivity of the touchdown point
to an instantaneous velocity change, J = d(touchdown) / d(v) (2 x 3, by central-free forward
differences of ``probe_mps`` along the local east, north and up axes at the stage), and the
smallest velocity change that cancels the miss to first order, dv = -J^T (J J^T)^-1 e (the
minimum-norm solution). Boostback and entry burn point their thrust along dv; the descent uses
the miss alone.

Assumptions: the touchdown point is smooth in the velocity over the probe size; the target is
the ship's station point (the deck drifts within a few metres of it).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from game.pilots.autopilot.navigation import local_to_world, world_state

if TYPE_CHECKING:
    from game.pilots.autopilot.impact import EntryBurn, ImpactPredictor, Prediction
    from game.sim.observation import Observation

Vec3 = tuple[float, float, float]


@dataclass(slots=True)
class Solution:
    """A prediction, its miss (m, deck frame) and the correcting velocity change (local)."""

    prediction: Prediction
    miss_m: tuple[float, float]
    dv_local_mps: Vec3
    jacobian: tuple[Vec3, Vec3] | None

    @property
    def miss_distance_m(self) -> float:
        return math.hypot(*self.miss_m)

    @property
    def dv_mps(self) -> float:
        return math.sqrt(sum(c * c for c in self.dv_local_mps))


class Targeting:
    """Touchdown prediction and velocity corrections for the burns (see the module doc)."""

    def __init__(self, predictor: ImpactPredictor, target_altitude_m: float,
                 probe_mps: float = 10.0) -> None:
        self.predictor = predictor
        self.target_altitude_m = target_altitude_m
        self.probe_mps = probe_mps

    def predict(self, obs: Observation, entry_burn: EntryBurn | None,
                landing_burn: bool = True) -> Prediction:
        pos, vel = world_state(obs)
        return self.predictor.predict(
            pos, vel, obs.mass_kg, target_altitude_m=self.target_altitude_m,
            entry_burn=entry_burn, landing_burn=landing_burn,
            fins_deployed=obs.grid_fins_deploy_fraction > 0.0 or entry_burn is not None)

    def solve(self, obs: Observation, entry_burn: EntryBurn | None,
              with_jacobian: bool = True) -> Solution:
        pos, vel = world_state(obs)
        fins = True
        base = self.predictor.predict(pos, vel, obs.mass_kg,
                                      target_altitude_m=self.target_altitude_m,
                                      entry_burn=entry_burn, fins_deployed=fins)
        miss = (base.east_m, base.north_m)
        if not with_jacobian:
            return Solution(base, miss, (0.0, 0.0, 0.0), None)
        columns = []
        for axis in ((1.0, 0.0, 0.0), (0.0, 1.0, 0.0), (0.0, 0.0, 1.0)):
            dv = local_to_world(pos, tuple(self.probe_mps * c for c in axis))
            v2 = (vel[0] + dv[0], vel[1] + dv[1], vel[2] + dv[2])
            p = self.predictor.predict(pos, v2, obs.mass_kg,
                                       target_altitude_m=self.target_altitude_m,
                                       entry_burn=entry_burn, fins_deployed=fins)
            columns.append(((p.east_m - miss[0]) / self.probe_mps,
                            (p.north_m - miss[1]) / self.probe_mps))
        jac = ((columns[0][0], columns[1][0], columns[2][0]),
               (columns[0][1], columns[1][1], columns[2][1]))
        return Solution(base, miss, min_norm_correction(jac, miss), jac)


def min_norm_correction(jac: tuple[Vec3, Vec3], miss: tuple[float, float]) -> Vec3:
    """dv = -J^T (J J^T)^-1 e: the smallest velocity change that cancels the miss."""
    a, b = jac
    m11 = sum(x * x for x in a)
    m12 = sum(x * y for x, y in zip(a, b, strict=True))
    m22 = sum(y * y for y in b)
    det = m11 * m22 - m12 * m12
    if abs(det) < 1e-12 * max(m11 * m22, 1e-30):
        return (0.0, 0.0, 0.0)
    ex, ey = miss
    lx = (m22 * ex - m12 * ey) / det
    ly = (-m12 * ex + m11 * ey) / det
    return tuple(-(a[i] * lx + b[i] * ly) for i in range(3))
