"""6-DOF rigid-body state and its fixed-step integrator.

Model: the stage is a rigid body whose state is the centre-of-mass position and velocity in
the world frame (m, m/s), the body-to-world attitude quaternion (scalar first) and the angular
velocity in the body frame (rad/s). Principal axes are the body axes (the stage is
axisymmetric, so the inertia is diagonal: roll about x, transverse about y and z).

Integrator: one classical Runge-Kutta 4 step of the whole 13-element state per fixed ``dt``.
Gravity is re-evaluated at each RK stage (it is cheap and dominates ballistic coasts); the
other external forces (world frame) and torques (body frame) are held constant over the step
(they come from models with their own actuator dynamics and are evaluated once per step).
Euler's equations use the current inertia and ignore its rate of change (the usual rocket
approximation without jet damping). The quaternion is renormalised after every step.

Accuracy at dt = 1/120 s: a torque-free tumble stays within about 1e-9 rad/s of a reference
solution over 30 s and its rotational energy drifts by far less than 1e-6 over 100 s
(tests/sim/test_rigid_body.py).

Everything here works on Python floats and tuples: a 13-element numpy array costs more in
call overhead than the arithmetic itself.
"""

from __future__ import annotations

import math
from collections.abc import Callable

State = tuple[float, ...]  # (px, py, pz, vx, vy, vz, qw, qx, qy, qz, wx, wy, wz)
GravityFn = Callable[[float, float, float], tuple[float, float, float]]


def quat_rotate(q: tuple[float, float, float, float], vx: float, vy: float, vz: float):
    """Rotate the body-frame vector (vx, vy, vz) into the world frame by unit quaternion q."""
    w, x, y, z = q
    # t = 2 q_vec x v ; v' = v + w t + q_vec x t
    tx = 2.0 * (y * vz - z * vy)
    ty = 2.0 * (z * vx - x * vz)
    tz = 2.0 * (x * vy - y * vx)
    return (
        vx + w * tx + (y * tz - z * ty),
        vy + w * ty + (z * tx - x * tz),
        vz + w * tz + (x * ty - y * tx),
    )


def quat_rotate_inverse(q: tuple[float, float, float, float], vx: float, vy: float, vz: float):
    """Rotate the world-frame vector (vx, vy, vz) into the body frame by unit quaternion q."""
    w, x, y, z = q
    return quat_rotate((w, -x, -y, -z), vx, vy, vz)


def quat_multiply(a, b) -> tuple[float, float, float, float]:
    """Hamilton product a * b of scalar-first quaternions."""
    aw, ax, ay, az = a
    bw, bx, by, bz = b
    return (
        aw * bw - ax * bx - ay * by - az * bz,
        aw * bx + ax * bw + ay * bz - az * by,
        aw * by - ax * bz + ay * bw + az * bx,
        aw * bz + ax * by - ay * bx + az * bw,
    )


def quat_from_axis_angle(ax: float, ay: float, az: float, angle_rad: float):
    """Unit quaternion for a rotation of angle_rad about the (not necessarily unit) axis."""
    n = math.sqrt(ax * ax + ay * ay + az * az)
    if n == 0.0:
        return (1.0, 0.0, 0.0, 0.0)
    s = math.sin(0.5 * angle_rad) / n
    return (math.cos(0.5 * angle_rad), ax * s, ay * s, az * s)


def _derivative(s: State, ax: float, ay: float, az: float, torque, inertia, gravity: GravityFn):
    """Time derivative of the state for constant non-gravity acceleration and body torque."""
    px, py, pz, vx, vy, vz, qw, qx, qy, qz, wx, wy, wz = s
    gx, gy, gz = gravity(px, py, pz)
    ixx, iyy, izz = inertia
    tx, ty, tz = torque
    return (
        vx, vy, vz,
        gx + ax, gy + ay, gz + az,
        -0.5 * (qx * wx + qy * wy + qz * wz),
        0.5 * (qw * wx + qy * wz - qz * wy),
        0.5 * (qw * wy - qx * wz + qz * wx),
        0.5 * (qw * wz + qx * wy - qy * wx),
        (tx - (wy * izz * wz - wz * iyy * wy)) / ixx,
        (ty - (wz * ixx * wx - wx * izz * wz)) / iyy,
        (tz - (wx * iyy * wy - wy * ixx * wx)) / izz,
    )


def _add_scaled(s: State, d: State, h: float) -> list[float]:
    return [a + h * b for a, b in zip(s, d)]  # noqa: B905 (hot path; lengths are fixed)


def rk4_step(
    state: State,
    force_world_n: tuple[float, float, float],
    torque_body_nm: tuple[float, float, float],
    mass_kg: float,
    inertia_kgm2: tuple[float, float, float],
    dt_s: float,
    gravity: GravityFn,
) -> State:
    """Advance the state by one fixed step ``dt_s`` (see the module docstring)."""
    inv_m = 1.0 / mass_kg
    ax = force_world_n[0] * inv_m
    ay = force_world_n[1] * inv_m
    az = force_world_n[2] * inv_m
    k1 = _derivative(state, ax, ay, az, torque_body_nm, inertia_kgm2, gravity)
    k2 = _derivative(_add_scaled(state, k1, 0.5 * dt_s), ax, ay, az,
                     torque_body_nm, inertia_kgm2, gravity)
    k3 = _derivative(_add_scaled(state, k2, 0.5 * dt_s), ax, ay, az,
                     torque_body_nm, inertia_kgm2, gravity)
    k4 = _derivative(_add_scaled(state, k3, dt_s), ax, ay, az,
                     torque_body_nm, inertia_kgm2, gravity)
    h6 = dt_s / 6.0
    new = [
        s + h6 * (a + 2.0 * (b + c) + d)
        for s, a, b, c, d in zip(state, k1, k2, k3, k4)  # noqa: B905 (hot path)
    ]
    qn = 1.0 / math.sqrt(new[6] ** 2 + new[7] ** 2 + new[8] ** 2 + new[9] ** 2)
    new[6] *= qn
    new[7] *= qn
    new[8] *= qn
    new[9] *= qn
    return tuple(new)


def rotational_energy_j(omega_body_radps, inertia_kgm2) -> float:
    """Kinetic energy of rotation, 0.5 * w . I w (J)."""
    return 0.5 * sum(i * w * w for i, w in zip(inertia_kgm2, omega_body_radps, strict=True))
