"""Small 3-D math for the renderer: quaternions to matrices, look-at, perspective, projection.

Conventions (as GLSL, column vectors): ``clip = P @ V @ M @ p``. Matrices are numpy float64
(4, 4) in row-major storage; upload with ``transpose=GL_TRUE``. Quaternions are scalar first,
body to world, as in ``game.sim``. Rendering is *camera-relative*: every model matrix is built
in float64 with the eye subtracted and only then cast to float32, so a stage 600 km from the
origin draws without float32 jitter; the view matrix is then a pure rotation. Camera frame:
x right, y up, looking down -z (OpenGL). Pixel coordinates: x to the right, y down from the
top row (as ``Renderer.read_pixels`` returns them).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np


def quat_to_matrix(q) -> np.ndarray:
    """3x3 rotation matrix of the unit quaternion (w, x, y, z) (body to world)."""
    w, x, y, z = (float(c) for c in q)
    n = w * w + x * x + y * y + z * z
    s = 2.0 / n if n > 0.0 else 0.0
    return np.array([
        [1.0 - s * (y * y + z * z), s * (x * y - w * z), s * (x * z + w * y)],
        [s * (x * y + w * z), 1.0 - s * (x * x + z * z), s * (y * z - w * x)],
        [s * (x * z - w * y), s * (y * z + w * x), 1.0 - s * (x * x + y * y)],
    ])


def axis_angle_matrix(axis, angle_rad: float) -> np.ndarray:
    """3x3 rotation about ``axis`` (need not be unit) by ``angle_rad`` (right hand)."""
    a = np.asarray(axis, dtype=float)
    n = float(np.linalg.norm(a))
    if n == 0.0:
        return np.eye(3)
    x, y, z = a / n
    c, s = math.cos(angle_rad), math.sin(angle_rad)
    t = 1.0 - c
    return np.array([
        [t * x * x + c, t * x * y - s * z, t * x * z + s * y],
        [t * x * y + s * z, t * y * y + c, t * y * z - s * x],
        [t * x * z - s * y, t * y * z + s * x, t * z * z + c],
    ])


def affine(rotation: np.ndarray, translation) -> np.ndarray:
    """4x4 matrix applying ``rotation`` (3x3, may include scale) then ``translation``."""
    m = np.eye(4)
    m[:3, :3] = rotation
    m[:3, 3] = translation
    return m


def look_rotation(forward, up_hint) -> np.ndarray:
    """3x3 world-to-camera rotation for a camera looking along ``forward``.

    Rows are the camera's right, up and backward axes in world coordinates. When ``forward``
    is parallel to ``up_hint`` another hint is used, so the result is always a rotation.
    """
    f = np.asarray(forward, dtype=float)
    f = f / max(float(np.linalg.norm(f)), 1e-12)
    u = np.asarray(up_hint, dtype=float)
    right = np.cross(f, u)
    if float(np.linalg.norm(right)) < 1e-6:
        alt = (1.0, 0.0, 0.0) if abs(f[0]) < 0.9 else (0.0, 1.0, 0.0)
        right = np.cross(f, alt)
    right /= np.linalg.norm(right)
    cam_up = np.cross(right, f)
    return np.array([right, cam_up, -f])


def perspective(fov_y_rad: float, aspect: float, near_m: float, far_m: float) -> np.ndarray:
    """OpenGL perspective projection (depth -1..1 between near and far)."""
    f = 1.0 / math.tan(0.5 * fov_y_rad)
    p = np.zeros((4, 4))
    p[0, 0] = f / aspect
    p[1, 1] = f
    p[2, 2] = (far_m + near_m) / (near_m - far_m)
    p[2, 3] = 2.0 * far_m * near_m / (near_m - far_m)
    p[3, 2] = -1.0
    return p


@dataclass(frozen=True)
class View:
    """Where a camera is and where it looks: everything the renderer needs from a camera."""

    eye_m: np.ndarray  # world frame, float64
    rotation: np.ndarray  # 3x3 world-to-camera
    fov_y_rad: float
    near_m: float
    far_m: float

    def view_matrix(self) -> np.ndarray:
        """Camera-relative view matrix (rotation only: positions are already eye-relative)."""
        return affine(self.rotation, (0.0, 0.0, 0.0))

    def projection(self, aspect: float) -> np.ndarray:
        return perspective(self.fov_y_rad, aspect, self.near_m, self.far_m)

    def view_projection(self, aspect: float) -> np.ndarray:
        return self.projection(aspect) @ self.view_matrix()

    def project_px(self, point_world, width_px: int, height_px: int):
        """Pixel (x right, y down from the top row) of a world point, or None behind the eye."""
        rel = np.asarray(point_world, dtype=float) - self.eye_m
        clip = self.view_projection(width_px / height_px) @ np.append(rel, 1.0)
        if clip[3] <= 1e-9:
            return None
        ndc = clip[:3] / clip[3]
        x = (ndc[0] + 1.0) * 0.5 * width_px
        y = (1.0 - ndc[1]) * 0.5 * height_px
        return (float(x), float(y))


def finite(values) -> bool:
    """True when every number in ``values`` (a number or a flat sequence) is finite."""
    try:
        return all(math.isfinite(float(v)) for v in values)
    except TypeError:
        return math.isfinite(float(values))
