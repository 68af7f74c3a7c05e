"""The pymunk model against a small pure-numpy spring-damper reference (design.md, seam 4).

The reference: the stage is one rigid body in a vertical plane (u, z, theta) over a flat,
still deck; each leg is a massless strut at its foot's place across the plane that pushes
along the stage's axis with the same force law (game/sim/legs.py: spring, damper, crush core)
while its undeformed foot would be below the deck; Coulomb friction (regularised) acts at the
feet. Integrated with numpy in small fixed steps. What the two must agree on: how much crush
stroke a drop uses, when the compression peaks, and where the stage comes to rest. (pymunk's
feet carry mass and stop dead on the deck: a few per cent of the energy the reference's
massless feet leave to the struts.)
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from game.sim.legs import LegSet
from game.sim.outcome import Outcome
from game.sim.rigid_body import quat_from_axis_angle, quat_multiply
from game.sim.world import World
from tests.sim.test_touchdown import UPRIGHT, stand, touchdown_level

G = 9.8203  # at the ship (mu / R^2)
GAP_M = 0.3


class ReferenceContact:
    """The planar spring-damper reference model (module docstring)."""

    def __init__(self, legs: LegSet, mass_kg: float, inertia_kgm2: float, reach_m: float,
                 feet_u_m: list[float], friction: float) -> None:
        self.legs, self.mass, self.inertia, self.reach = legs, mass_kg, inertia_kgm2, reach_m
        self.feet_u = np.array(feet_u_m)
        self.friction = friction
        self.state = np.zeros(6)  # u, z (centre of mass above the deck), theta, and rates
        self.loads = np.zeros(len(feet_u_m))
        self.time_s = 0.0

    def _feet(self, s):
        u, z, th, vu, vz, w = s
        c, sn = math.cos(th), math.sin(th)
        # foot i at body offset (u_i across, -reach along the axis); axis = (-sin, cos)
        px = u + c * self.feet_u + sn * self.reach
        pz = z + sn * self.feet_u - c * self.reach
        vx = vu - w * (pz - z)
        vzf = vz + w * (px - u)
        return px, pz, vx, vzf, c, sn

    def forces(self, dt_s: float):
        s = self.state
        px, pz, vx, vzf, c, _ = self._feet(s)
        fu = fz = torque = 0.0
        self.loads[:] = 0.0
        for i in range(len(self.feet_u)):
            travel = -pz[i] / c  # how far the undeformed foot is below the deck, along the axis
            self.legs.travel_m[i] = max(travel, self.legs.crushed_travel_m[i])
            if travel <= 0.0:
                continue
            rate = -vzf[i] / c
            force = self.legs.foot_force(i, travel, rate, dt_s, self.mass / 4.0, self.time_s)
            normal = force * c
            tangential = -np.clip(1e5 * vx[i], -self.friction * normal, self.friction * normal)
            fx, fzi = tangential, normal
            fu += fx
            fz += fzi
            torque += (px[i] - s[0]) * fzi - (pz[i] - s[1]) * fx
            self.loads[i] = normal
        return fu, fz, torque

    def step(self, dt_s: float) -> None:
        fu, fz, torque = self.forces(dt_s)
        s = self.state
        s[3] += dt_s * fu / self.mass
        s[4] += dt_s * (fz / self.mass - G)
        s[5] += dt_s * torque / self.inertia
        s[0:3] += dt_s * s[3:6]
        self.time_s += dt_s


def _drop_reference(world: World, sink_mps: float, tilt_deg: float, seconds: float):
    legs = LegSet(world.level.vehicle.legs, deployed=True)
    legs.update(False, 0.01)
    geo = legs.geometry
    reach = world.mass.com_station_m - geo.deployed_station_m
    # legs 1..4 point N, W, S, E; the plane runs east (u) and the stage leans toward +u
    ref = ReferenceContact(legs, world.mass.mass_kg, world.mass.inertia_transverse_kgm2, reach,
                           [0.0, -geo.foot_radius_m, 0.0, geo.foot_radius_m],
                           legs.foot_friction)
    th = -math.radians(tilt_deg)
    ref.state[:] = [0.0, 0.0, th, 0.0, -sink_mps, 0.0]
    _, pz, *_ = ref._feet(ref.state)
    ref.state[1] = -min(pz) + GAP_M
    history, start = [], None
    while start is None or ref.time_s - start < seconds:
        ref.step(2e-4)
        if start is None and ref.loads.any():
            start = ref.time_s
        if start is not None:
            history.append((ref.time_s - start, ref.state[1], max(legs.crushed_travel_m)))
    return ref, legs, history


def _drop_pymunk(make_level, sink_mps: float, tilt_deg: float, seconds: float):
    world = World()
    world.reset(touchdown_level(make_level, success={"settle_time_s": 100.0}))
    stand(world, gap_m=GAP_M, sink_mps=sink_mps)
    if tilt_deg:
        lean = quat_from_axis_angle(0.0, 1.0, 0.0, math.radians(tilt_deg))  # toward east
        q = quat_multiply(lean, UPRIGHT)
        s = list(world.state)
        s[6:10] = q
        reach = world.mass.com_station_m - world.legs.geometry.deployed_station_m
        s[2] += world.legs.geometry.foot_radius_m * math.sin(math.radians(tilt_deg)) + (
            reach * (math.cos(math.radians(tilt_deg)) - 1.0))
        world.state = tuple(s)
    history = []
    start = None
    while world.time_s < 8.0:
        if world.step(__import__("game.sim.controls", fromlist=["Controls"]).Controls()).done:
            break
        if world.touchdown is not None and start is None:
            start = world.touchdown.time_s
        if start is not None:
            height = world.ship.deck_local(world.time_s, world.state[0:3])[2]
            history.append((world.time_s - start, height, max(world.legs.crushed_travel_m)))
            if world.time_s - start > seconds:
                break
    return world, history


def _peak_time(history) -> float:
    return min(history, key=lambda row: row[1])[0]


@pytest.mark.parametrize("sink_mps, tilt_deg", [(5.0, 0.0), (6.0, 0.0), (4.5, 3.0)])
def test_pymunk_and_the_numpy_reference_agree_on_a_drop(make_level, sink_mps, tilt_deg):
    world, ours = _drop_pymunk(make_level, sink_mps, tilt_deg, 3.0)
    assert world.outcome == Outcome.FLYING
    ref, ref_legs, theirs = _drop_reference(world, sink_mps, tilt_deg, 3.0)
    crush, ref_crush = ours[-1][2], theirs[-1][2]
    assert crush > 0.05  # the drop really crushed the cores
    assert crush == pytest.approx(ref_crush, rel=0.12, abs=0.01)
    assert _peak_time(ours) == pytest.approx(_peak_time(theirs), rel=0.15, abs=0.02)
    # at rest both carry the weight, and with equal crush they would stand equally high
    weight = world.mass.mass_kg * G
    assert ref.loads.sum() == pytest.approx(weight, rel=0.02)
    assert sum(world.legs.load_n) == pytest.approx(weight, rel=0.02)
    if not tilt_deg:  # each strut compressed by a quarter of what it carries over its
        # stiffness: the whole weight in the reference, less the feet's in pymunk
        feet_kg = 4.0 * world.contact.episode.contact.foot_mass_kg
        for model, carried in ((world.legs, weight - feet_kg * G), (ref_legs, weight)):
            stretch = [t - c for t, c in zip(model.travel_m, model.crushed_travel_m,
                                             strict=True)]
            assert stretch == pytest.approx([carried / 4.0 / model.stiffness_npm] * 4, rel=0.01)
        assert ours[-1][1] - theirs[-1][1] == pytest.approx(ref_crush - crush, abs=0.005)
    else:  # the leg on the low side (east, leg 4) crushed most, in both
        assert np.argmax(world.legs.crushed_travel_m) == np.argmax(ref_legs.crushed_travel_m) == 3
