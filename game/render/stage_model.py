"""The Falcon 9 first stage to scale: meshes in the body frame and their per-frame poses.

Body frame as in ``game.sim``: x along the axis toward the interstage, stations measured from
the nozzle exit plane; the stage's position is its centre of mass at ``com_station_m``.
Geometry (SceneInfo, with published figures for the rest): a 3.66 m white tank section with
soot toward the base and a faint frost band over the LOX tank, a black interstage (the top
``INTERSTAGE_LENGTH_M``), an octaweb heat shield with nine engine bells (Merlin 1D exit
0.92 m) that gimbal about ``gimbal_station_m``: thrust direction (cos p cos y, -sin y,
sin p cos y) as in ``game.sim.propulsion``; four grid fins at ``fin_station_m``, azimuth
45 + 90 k deg from +y toward +z, that fold up along the interstage when stowed and turn about
their long axis by their deflection; four legs hinged at ``leg_hinge_station_m`` at azimuth
90 k deg that swing out through the angle ``game.sim.legs`` uses, each pushed by a
telescoping strut (sleeve and rod) from the body.
"""

from __future__ import annotations

import math
from itertools import pairwise

import numpy as np

from game.render import meshes as m
from game.render.math3d import axis_angle_matrix

INTERSTAGE_LENGTH_M = 6.7
NOZZLE_EXIT_RADIUS_M = 0.46
NOZZLE_LENGTH_M = 1.6  # exit plane to throat region
FIN_LENGTH_M, FIN_WIDTH_M, FIN_DEPTH_M = 1.5, 1.2, 0.25
LEG_WIDTH_M, LEG_THICKNESS_M = 0.95, 0.4
STRUT_BODY_FRACTION = 0.85  # strut's body end, as a fraction of the leg length above the hinge
STRUT_LEG_FRACTION = 0.55  # strut's leg end, as a fraction of the leg length from the hinge
WHITE = np.array([0.86, 0.86, 0.84])
SOOT = np.array([0.16, 0.13, 0.11])
BLACK = np.array([0.035, 0.035, 0.04])
CARBON = np.array([0.06, 0.06, 0.065])
METAL = np.array([0.3, 0.3, 0.32])
BODY_RINGS_M = (2.6, 4.0, 5.5, 7.0, 9.0, 11.5, 14.0, 18.0, 22.0, 26.0, 30.0, 34.0)
Z_TO_X = np.array([[0.0, 0.0, 1.0], [1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])  # local z -> body x


def _body_colour(scene, axis: int):
    """Paint as a function of position; ``axis``: which coordinate is the station (2 for
    primitives built along +z before ``_on_axis``, 0 in the body frame)."""
    length = scene.stage_length_m
    top = length - INTERSTAGE_LENGTH_M

    def colour(pos: np.ndarray) -> np.ndarray:
        station = pos[:, axis]
        a, b = (pos[:, 0], pos[:, 1]) if axis == 2 else (pos[:, 1], pos[:, 2])
        az = np.arctan2(b, a)
        soot = np.clip((13.0 - station) / 10.0, 0.0, 1.0) ** 1.5 * 0.85
        streak = 0.12 * (0.5 + 0.5 * np.sin(7.0 * az + 0.3 * station)) * (station < top)
        frost = 0.5 * np.exp(-(((station - 0.5 * (18.0 + top)) / 8.0) ** 2))
        white = WHITE * (1.0 - 0.04 * frost[:, None]) + np.array([0.0, 0.01, 0.04]) * frost[:, None]
        c = white * (1.0 - soot[:, None] - streak[:, None]) + SOOT * (soot + streak)[:, None]
        return np.where((station >= top)[:, None], BLACK, c)
    return colour


def _on_axis(mesh: np.ndarray, station0: float = 0.0) -> np.ndarray:
    """Built along +z from 0: turn onto body x starting at ``station0``."""
    return m.transform(mesh, Z_TO_X, (station0, 0.0, 0.0))


def body_mesh(scene) -> np.ndarray:
    r = 0.5 * scene.stage_diameter_m
    length = scene.stage_length_m
    top = length - INTERSTAGE_LENGTH_M
    col = _body_colour(scene, 2)
    base = 2.6
    parts = [
        *(_on_axis(m.frustum(r, r, z0, z1, col, segments=24))
          for z0, z1 in pairwise(BODY_RINGS_M) if z1 <= top),
        _on_axis(m.frustum(r, r, BODY_RINGS_M[-1], top, col, segments=24)),
        _on_axis(m.frustum(r, r, top, length, col, segments=24)),
        _on_axis(m.frustum(r - 0.05, r - 0.05, top, length, BLACK * 0.6, 24, inside=True)),
        _on_axis(m.disk(0.0, r - 0.05, top + 0.4, METAL * 0.5, 24)),  # the LOX dome, inside
        _on_axis(m.disk(r - 0.05, r, length, BLACK, 32)),  # interstage rim
        _on_axis(m.disk(0.0, r, base, np.array([0.12, 0.11, 0.1]), 32, up=False)),  # heat shield
        _on_axis(m.frustum(r * 0.98, r, base - 0.3, base, METAL * 0.5, 32)),
    ]
    # Raceway along the side (azimuth 180 deg), leg hinge fairings, fin actuators, RCS pods.
    parts.append(m.box((top - 5.0, 0.35, 0.3), (0.5 * (top + 5.0), -r - 0.12, 0.0),
                       _body_colour(scene, 0)))
    for k in range(scene.leg_count):
        az = 2.0 * math.pi * k / scene.leg_count
        er = np.array([0.0, math.cos(az), math.sin(az)])
        parts.append(_radial_box((1.4, 1.1, 0.35), scene.leg_hinge_station_m + 0.5, er, r + 0.1,
                                 CARBON))
    for k in range(scene.fin_count):
        az = math.radians(45.0 + 360.0 * k / scene.fin_count)
        er = np.array([0.0, math.cos(az), math.sin(az)])
        parts.append(_radial_box((0.7, 0.6, 0.3), scene.fin_station_m - 0.2, er, r + 0.08,
                                 BLACK * 1.5))
    for side in (1.0, -1.0):
        er = np.array([0.0, 0.0, side])
        parts.append(_radial_box((0.6, 0.8, 0.3), scene.rcs_station_m, er, r + 0.1, BLACK * 2))
    return m.concat(*parts)


def _radial_box(size, station: float, er: np.ndarray, radius: float, colour) -> np.ndarray:
    """A box (axial, tangential, radial sizes) sitting on the skin at ``radius`` (axes
    turned, not mirrored: its faces keep their outward winding)."""
    et = np.cross(er, (1.0, 0.0, 0.0))
    rot = np.stack([np.array([1.0, 0.0, 0.0]), et, er], axis=1)
    return m.transform(m.box(size, (0, 0, 0), colour), rot, station * np.array([1, 0, 0]) +
                       radius * er)


def engine_mesh(scene) -> np.ndarray:
    """One Merlin 1D with its gimbal pivot at the origin, thrust along +x, exit at -x."""
    exit_z = -scene.gimbal_station_m
    throat_z = exit_z + NOZZLE_LENGTH_M
    soot = np.array([0.09, 0.08, 0.075])
    parts = [
        m.frustum(NOZZLE_EXIT_RADIUS_M, 0.3, exit_z, exit_z + 0.8, soot, 20),
        m.frustum(0.3, 0.17, exit_z + 0.8, throat_z, METAL * 0.7, 20),
        m.frustum(NOZZLE_EXIT_RADIUS_M * 0.97, 0.16, exit_z, throat_z,
                  np.array([1.0, 0.55, 0.25]), 20, material=-1.0, inside=True),
        m.frustum(0.26, 0.26, throat_z, 0.35, METAL * 0.6, 12),
        m.box((0.35, 0.35, 0.6), (0.25, 0.1, -0.3), METAL * 0.4),
    ]
    return m.transform(m.concat(*parts), Z_TO_X)


def fin_mesh() -> np.ndarray:
    """A grid fin: long axis +z from the hinge, width along y, depth along -x."""
    grey = np.array([0.42, 0.42, 0.44])
    lat = m.lattice(FIN_LENGTH_M, FIN_WIDTH_M, FIN_DEPTH_M, 5, 0.09, grey)
    root = m.box((0.2, 0.3, 0.25), (-0.5 * FIN_DEPTH_M, 0.0, -0.1), BLACK * 2)
    return m.concat(lat, root)


def leg_mesh(scene) -> np.ndarray:
    """A leg: local z from the hinge (0) to the foot (length), thickness along +x (out)."""
    length = scene.leg_length_m
    beam = m.concat(
        m.beam((0.2, -0.3, 0.0), (0.2, -0.12, length), 0.22, 0.3, CARBON, side_hint=(1, 0, 0)),
        m.beam((0.2, 0.3, 0.0), (0.2, 0.12, length), 0.22, 0.3, CARBON, side_hint=(1, 0, 0)),
        m.box((0.25, LEG_WIDTH_M, 0.9), (0.15, 0.0, 0.45), CARBON),
        m.box((0.2, 0.5, 0.3), (0.2, 0.0, 0.6 * length), CARBON),
    )
    foot = m.box((0.25, 1.0, 0.9), (0.35, 0.0, length - 0.1), np.array([0.25, 0.25, 0.27]))
    return m.concat(beam, foot)


def strut_mesh(radius: float, colour) -> np.ndarray:
    """A unit-length tube along +z (scaled along z per frame)."""
    return m.frustum(radius, radius, 0.0, 1.0, colour, 10)


# ---------------------------------------------------------------- per-frame poses
def engine_positions(scene) -> list[np.ndarray]:
    """Gimbal points (body frame, stations): the centre engine first, then the ring."""
    pts = [np.array([scene.gimbal_station_m, 0.0, 0.0])]
    ring = scene.engine_count - 1
    for k in range(ring):
        az = 2.0 * math.pi * k / max(ring, 1)
        rr = scene.engine_ring_radius_m
        pts.append(np.array([scene.gimbal_station_m, rr * math.cos(az), rr * math.sin(az)]))
    return pts


def lit_engines(engines_lit: int, count: int) -> list[int]:
    """Which engines burn: 1 the centre, 3 the centre and two opposite outer, else all."""
    if engines_lit <= 0:
        return []
    if engines_lit == 1 or count == 1:
        return [0]
    if engines_lit <= 3 and count >= 3:
        return [0, 1, 1 + (count - 1) // 2]
    return list(range(min(engines_lit, count)))


def gimbal_rotation(pitch_rad: float, yaw_rad: float) -> np.ndarray:
    """Rotation taking body +x to the thrust direction (cos p cos y, -sin y, sin p cos y)."""
    return axis_angle_matrix((0.0, 1.0, 0.0), -pitch_rad) @ axis_angle_matrix(
        (0.0, 0.0, 1.0), -yaw_rad)


X_AXIS = np.array([1.0, 0.0, 0.0])


def _radial(azimuth_rad) -> tuple[np.ndarray, np.ndarray]:
    """Unit radial (0, cos, sin) and tangential (x cross radial) axes, (n, 3) each."""
    c, s = np.cos(azimuth_rad), np.sin(azimuth_rad)
    zero = np.zeros_like(c)
    return np.stack([zero, c, s], axis=1), np.stack([zero, -s, c], axis=1)


def _affines(cols: tuple, translation: np.ndarray) -> np.ndarray:
    """(n, 4, 4) matrices with the given (n, 3) columns and (n, 3) translations."""
    out = np.zeros((len(translation), 4, 4))
    for j, col in enumerate(cols):
        out[:, :3, j] = col
    out[:, :3, 3] = translation
    out[:, 3, 3] = 1.0
    return out


def engine_matrices(scene, pitch_rad: float, yaw_rad: float) -> np.ndarray:
    """(engines, 4, 4): every engine turned by the gimbal about its own gimbal point."""
    out = np.zeros((scene.engine_count, 4, 4))
    out[:, :3, :3] = gimbal_rotation(pitch_rad, yaw_rad)
    out[:, :3, 3] = engine_positions(scene)
    out[:, 3, 3] = 1.0
    return out


def fin_matrices(scene, deploy: float, deflections) -> np.ndarray:
    """(fins, 4, 4): stowed (folded up along the interstage) to deployed (straight out) about
    each hinge's tangential axis, then turned about the fin's long axis by its deflection.

    Fin k stands at azimuth 45 + 360 k / fins deg; deployed, its local axes are (body x,
    -tangential, radial); folding turns them about the tangential axis by ``fold``."""
    n = scene.fin_count
    er, et = _radial(np.radians(45.0 + 360.0 * np.arange(n) / n))
    hinge = scene.fin_station_m * X_AXIS + (0.5 * scene.stage_diameter_m + 0.1) * er
    fold = -(1.0 - deploy) * 0.5 * math.pi
    cf, sf = math.cos(fold), math.sin(fold)
    c0, c1, c2 = cf * X_AXIS + sf * er, -et, cf * er - sf * X_AXIS
    delta = np.zeros(n)
    given = np.asarray(deflections, dtype=float)[:n]
    delta[:len(given)] = given
    c, s = np.cos(delta)[:, None], np.sin(delta)[:, None]
    return _affines((c * c0 + s * c1, c * c1 - s * c0, c2), hinge)


def leg_swing_rad(scene, deploy: float) -> float:
    """The hinge angle of ``game.sim.legs``: 0 folded up, swing_rad fully out."""
    r = scene.leg_hinge_radius_m
    swing = math.pi - math.asin(min(1.0, max(0.0, (0.5 * scene.leg_span_m - r)
                                             / scene.leg_length_m)))
    return deploy * swing


def leg_matrices(scene, deploy: float, feet=None) -> tuple[np.ndarray, np.ndarray]:
    """Per leg, its matrix and its strut's sleeve and rod matrices as (legs * 3, 4, 4), leg
    by leg, and the feet (legs, 3) (body frame).

    Leg k hangs from its hinge at azimuth 90 k deg, folded along body x, and swings out
    about the hinge's tangential axis by the angle of ``deploy``. ``feet``: the
    simulation's foot points (station, y, z) per leg, when it reports them (a crushed,
    folded or unlatched leg then shows as it is), which set each leg's azimuth and angle."""
    n, r, length = scene.leg_count, scene.leg_hinge_radius_m, scene.leg_length_m
    az = 2.0 * math.pi * np.arange(n) / n
    angle = np.full(n, leg_swing_rad(scene, deploy))
    if feet is not None:
        for k, (station, y, z) in enumerate(list(feet)[:n]):
            az[k] = math.atan2(z, y)
            angle[k] = math.atan2(math.hypot(y, z) - r, station - scene.leg_hinge_station_m)
    er, et = _radial(az)
    hinge = scene.leg_hinge_station_m * X_AXIS + r * er
    ca, sa = np.cos(angle)[:, None], np.sin(angle)[:, None]
    c0, c2 = ca * er - sa * X_AXIS, ca * X_AXIS + sa * er  # folded (er, et, x) swung by angle
    leg_end = hinge + 0.25 * c0 + STRUT_LEG_FRACTION * length * c2
    body_end = hinge + STRUT_BODY_FRACTION * length * X_AXIS + 0.15 * er
    out = np.empty((n, 3, 4, 4))
    out[:, 0] = _affines((c0, et, c2), hinge)
    out[:, 1] = _tubes(body_end, leg_end, 0.5 * length)
    out[:, 2] = _tubes(leg_end, body_end, 0.5 * length)
    return out.reshape(3 * n, 4, 4), hinge + length * c2


def _tubes(start: np.ndarray, end: np.ndarray, max_length_m: float) -> np.ndarray:
    """(n, 4, 4) matrices for the unit tube from each ``start`` toward its ``end``, at most
    ``max_length_m`` long (a zero matrix where the two points meet)."""
    d = end - start
    n = np.sqrt(np.einsum("ij,ij->i", d, d))
    z = d / np.maximum(n, 1e-12)[:, None]
    zero = np.zeros(len(z))
    x = np.stack([zero, z[:, 2], -z[:, 1]], axis=1)  # z cross body x
    along = np.einsum("ij,ij->i", x, x) < 1e-12
    x[along] = np.stack([-z[along, 2], zero[along], z[along, 0]], axis=1)  # z cross body y
    x /= np.maximum(np.sqrt(np.einsum("ij,ij->i", x, x)), 1e-12)[:, None]
    y = _cross(z, x)
    out = _affines((x, y, z * np.minimum(n, max_length_m)[:, None]), start)
    out[n < 1e-6, :3, :3] = 0.0
    return out


def _cross(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Row-wise cross product of two (n, 3) arrays (``np.cross`` costs more on small ones)."""
    return np.stack([a[:, 1] * b[:, 2] - a[:, 2] * b[:, 1], a[:, 2] * b[:, 0] - a[:, 0] * b[:, 2],
                     a[:, 0] * b[:, 1] - a[:, 1] * b[:, 0]], axis=1)
