"""The stage's motion out of the tipping plane, on floats, the reference spring-damper way.

pymunk (game/sim/contact.py) solves the motion in the plane: surge u, heave z and the pitch
about p. The rest is solved here, each step after the in-plane step, explicitly from the
state at the start of the step (frame: game/sim/contact_plane.py, u along the plane, z up, p
across it):
- sideways (along p) the stage feels the external force's p component (gravity included), the
  deck normal's p component of the contact load N (feet and structure), and Coulomb friction
  at the feet, coefficient mu of the pads, limit mu N, solved implicitly for the feet's slip
  (the stage sticks unless the limit is reached);
- its lean beta out of the plane, relative to the deck's, is held by the legs in contact as
  linear springs and dampers: each LOCKED leg at lever R sin(phi) (R the feet's radius, phi
  the leg's angle from the plane) adds its strut stiffness times its push (how far the lean
  presses the foot into the deck) and its damping times the lean rate at that lever, clipped
  so that no foot pulls; the load's lever on the leaning stage, N h sin(beta) with h from the
  feet's station to the centre of mass, tips it further; friction at the feet acts on it too;
- its spin about the vertical is held by friction, limit mu N R.
Assumptions: small leans out of the plane (the lean's springs are linear in sin(beta)); the
out-of-plane motion does not feed back into the plane's within the step; the inertias are the
mass model's (transverse about u, roll about z for an upright stage). A lean past the touchdown
model's re-plan threshold means the springs cannot hold it, and the plane is chosen again.
Units: metres, kilograms, seconds, radians, newtons; Python floats.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from game.sim.legs import LegState
from game.sim.rigid_body import quat_rotate

if TYPE_CHECKING:
    from game.sim.contact import PlaneContact
    from game.sim.contact_plane import PlaneFrame, StepReport
    from game.sim.world import World


def lean_rad(frame: PlaneFrame, state, deck_normal) -> float:
    """Lean of the stage out of the plane relative to the deck's (rad)."""
    ap = frame.vector_to_plane(quat_rotate(state[6:10], 1.0, 0.0, 0.0))[2]
    n_p = frame.vector_to_plane(deck_normal)[2]
    return math.asin(max(-1.0, min(1.0, ap))) - math.asin(max(-1.0, min(1.0, n_p)))


class OutOfPlane:
    """The out-of-plane model of one tipping plane (see the module docstring); ``leg_sin`` is
    each leg's sin(phi), the out-of-plane component of its direction (body radial unit)."""

    def __init__(self, w: World, frame: PlaneFrame, contact: PlaneContact,
                 leg_sin: list[float]) -> None:
        self.world = w
        self.frame = frame
        self.contact = contact
        self.leg_sin = leg_sin

    def pushes(self, report: StepReport, sin_beta: float) -> list[float | None]:
        """How far leaning out of the plane pushes each foot into the deck (negative: lifts
        a loaded foot); None where it leaves a foot in the air."""
        radius = self.world.legs.geometry.foot_radius_m
        out: list[float | None] = []
        for i, gap in enumerate(self.contact.foot_gaps()):
            push = None
            if gap is not None:
                touching = report.legs_in_contact[i]
                push = radius * self.leg_sin[i] * sin_beta - (0.0 if touching else gap)
                push = push if touching or push > 0.0 else None
            out.append(push)
        return out

    def step(self, report: StepReport, motion, load, t0: float, dt_s: float):
        """Sideways velocity, lean and spin rates after the step, and the legs' loads with
        the share that the lean at the start of the step puts on them.

        ``motion``: (v_p m/s, omega_u, omega_z rad/s, the deck's Surface at the start);
        ``load``: (external force along p N, external torques about u and z N m)."""
        w, frame, legs = self.world, self.frame, self.world.legs
        vp, wu, wz, before = motion
        force_p, torque_u, torque_z = load
        m = w.mass
        mass, inertia = m.mass_kg, m.inertia_transverse_kgm2
        s = w.state
        after = w.ship.surface_at(t0 + dt_s, s[0:3])
        n_p = frame.vector_to_plane(before.normal)[2]
        beta = lean_rad(frame, s, before.normal)
        beta_rate = wu - frame.vector_to_plane(before.angular_velocity_radps)[0]
        loads, torque = self._lean_springs(report, beta, beta_rate, torque_u)
        normal = sum(loads) + report.structure_load_n
        lever = m.com_station_m - legs.geometry.deployed_station_m
        torque += normal * lever * math.sin(beta)
        vp1 = vp + dt_s * (force_p + normal * n_p) / mass
        wu1 = wu + dt_s * torque / inertia
        wz1 = wz + dt_s * torque_z / m.inertia_roll_kgm2
        if normal > 0.0:  # friction at the feet: stick, up to mu N
            vp1, wu1, wz1 = self._friction(after, normal, lever, (vp1, wu1, wz1), dt_s)
        return vp1, wu1, wz1, loads

    def _lean_springs(self, report: StepReport, beta: float, beta_rate: float,
                      torque_nm: float) -> tuple[list[float], float]:
        """The feet's loads with the locked legs' spring and damper shares of the lean, and
        the torque about u less their moments."""
        legs = self.world.legs
        radius = legs.geometry.foot_radius_m
        loads = list(report.leg_loads_n)
        torque = torque_nm
        for i, push in enumerate(self.pushes(report, math.sin(beta))):
            if push is not None and legs.state[i] is LegState.LOCKED:
                arm = radius * self.leg_sin[i]
                extra = legs.stiffness_npm * push + legs.damping_nspm * arm * beta_rate
                extra = max(extra, -loads[i])
                loads[i] += extra
                torque -= extra * arm
        return loads, torque

    def _friction(self, after, normal_n: float, lever_m: float, rates, dt_s: float):
        """Coulomb friction at the feet, implicit: the feet's sideways slip relative to the
        deck (``after``, its Surface at the end of the step) and the spin relative to the
        deck's are stopped, each up to its limit (mu N dt; mu N R dt for the spin)."""
        frame, legs, m = self.frame, self.world.legs, self.world.mass
        mass, inertia = m.mass_kg, m.inertia_transverse_kgm2
        vp1, wu1, wz1 = rates
        deck_w = frame.vector_to_plane(after.angular_velocity_radps)
        limit = legs.foot_friction * normal_n * dt_s
        slip = vp1 - lever_m * wu1 - frame.vector_to_plane(after.velocity_mps)[2]
        j = -slip / (1.0 / mass + lever_m * lever_m / inertia)
        j = max(-limit, min(limit, j))
        vp1 += j / mass
        wu1 -= lever_m * j / inertia
        radius = legs.geometry.foot_radius_m
        spin = (wz1 - deck_w[1]) * m.inertia_roll_kgm2
        spin = max(-limit * radius, min(limit * radius, spin))
        wz1 -= spin / m.inertia_roll_kgm2
        return vp1, wu1, wz1
