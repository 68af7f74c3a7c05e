"""Thin OpenGL 3.3 core helpers: shader programs from ``assets/shaders``, meshes, buffers.

Shaders are GLSL 330 core files; a line ``#include "name.glsl"`` is replaced by that file
(one level, for the shared fog, light and frame-uniform code). Meshes are numpy arrays in
vertex buffer objects with one vertex array object each; nothing is drawn in immediate mode.
Every GL object created here is owned by a ``GLObjects`` registry so the renderer can delete
them all (``rebuild``, ``close``).
"""

from __future__ import annotations

import ctypes
import re
from pathlib import Path

import numpy as np
from OpenGL import GL

from game.data.loader import project_root

_INCLUDE = re.compile(r'^\s*#include\s+"([^"]+)"\s*$', re.MULTILINE)


class ShaderError(RuntimeError):
    """A shader failed to compile or link (the message names the file and the GL log)."""


def shader_dir() -> Path:
    return project_root() / "assets" / "shaders"


def load_source(name: str) -> str:
    """Shader text with its ``#include`` lines expanded."""
    path = shader_dir() / name
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ShaderError(f"{path}: cannot read shader ({exc.strerror})") from None
    return _INCLUDE.sub(lambda m: load_source(m.group(1)), text)


def _compile(kind, name: str):
    shader = GL.glCreateShader(kind)
    GL.glShaderSource(shader, load_source(name))
    GL.glCompileShader(shader)
    if not GL.glGetShaderiv(shader, GL.GL_COMPILE_STATUS):
        log = GL.glGetShaderInfoLog(shader).decode(errors="replace").strip()
        GL.glDeleteShader(shader)
        raise ShaderError(f"{shader_dir() / name}: compile error: {log}")
    return shader


class Program:
    """A linked shader program with cached uniform locations."""

    def __init__(self, vertex: str, fragment: str) -> None:
        vs, fs = _compile(GL.GL_VERTEX_SHADER, vertex), _compile(GL.GL_FRAGMENT_SHADER, fragment)
        self.id = GL.glCreateProgram()
        GL.glAttachShader(self.id, vs)
        GL.glAttachShader(self.id, fs)
        GL.glLinkProgram(self.id)
        GL.glDeleteShader(vs)
        GL.glDeleteShader(fs)
        if not GL.glGetProgramiv(self.id, GL.GL_LINK_STATUS):
            log = GL.glGetProgramInfoLog(self.id).decode(errors="replace").strip()
            raise ShaderError(f"{vertex} + {fragment}: link error: {log}")
        self._loc: dict[str, int] = {}
        block = GL.glGetUniformBlockIndex(self.id, "Frame")
        if block != GL.GL_INVALID_INDEX:
            GL.glUniformBlockBinding(self.id, block, FRAME_BINDING)

    def loc(self, name: str) -> int:
        if name not in self._loc:
            self._loc[name] = GL.glGetUniformLocation(self.id, name)
        return self._loc[name]

    def use(self) -> None:
        GL.glUseProgram(self.id)

    def mat4(self, name: str, m: np.ndarray) -> None:
        GL.glUniformMatrix4fv(self.loc(name), 1, GL.GL_TRUE, np.asarray(m, dtype=np.float32))

    def vec4(self, name: str, v) -> None:
        GL.glUniform4f(self.loc(name), *(float(c) for c in v))

    def vec2(self, name: str, v) -> None:
        GL.glUniform2f(self.loc(name), *(float(c) for c in v))

    def vec3(self, name: str, v) -> None:
        GL.glUniform3f(self.loc(name), *(float(c) for c in v))

    def vec4_array(self, name: str, arr: np.ndarray) -> None:
        a = np.ascontiguousarray(arr, dtype=np.float32)
        GL.glUniform4fv(self.loc(name), len(a), a)

    def float_array(self, name: str, arr) -> None:
        a = np.ascontiguousarray(arr, dtype=np.float32)
        GL.glUniform1fv(self.loc(name), len(a), a)

    def float(self, name: str, x: float) -> None:
        GL.glUniform1f(self.loc(name), float(x))

    def int(self, name: str, x: int) -> None:
        GL.glUniform1i(self.loc(name), int(x))

    def delete(self) -> None:
        GL.glDeleteProgram(self.id)


FRAME_BINDING = 0


def indexed(vertices: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Merge identical vertices: (unique vertices, uint32 indices). A software rasteriser
    shades each vertex of a non-indexed draw; indexed, a shared vertex is shaded once."""
    v = np.ascontiguousarray(vertices, dtype=np.float32)
    unique, inverse = np.unique(v, axis=0, return_inverse=True)
    return unique, inverse.reshape(-1).astype(np.uint32)


class Mesh:
    """Interleaved float32 vertices (attribute sizes given) with optional uint32 indices;
    ``merge=True`` turns a triangle list into unique vertices plus indices."""

    def __init__(self, vertices: np.ndarray, sizes: tuple[int, ...], indices=None,
                 mode=GL.GL_TRIANGLES, dynamic: bool = False, merge: bool = False) -> None:
        if merge and indices is None and len(vertices):
            vertices, indices = indexed(vertices)
        self.mode = mode
        self.vao = GL.glGenVertexArrays(1)
        GL.glBindVertexArray(self.vao)
        self.vbo = GL.glGenBuffers(1)
        self.ebo = None
        self.stride = sum(sizes) * 4
        usage = GL.GL_DYNAMIC_DRAW if dynamic else GL.GL_STATIC_DRAW
        v = np.ascontiguousarray(vertices, dtype=np.float32)
        GL.glBindBuffer(GL.GL_ARRAY_BUFFER, self.vbo)
        GL.glBufferData(GL.GL_ARRAY_BUFFER, v.nbytes, v if v.size else None, usage)
        offset = 0
        for i, size in enumerate(sizes):
            GL.glEnableVertexAttribArray(i)
            GL.glVertexAttribPointer(i, size, GL.GL_FLOAT, GL.GL_FALSE, self.stride,
                                     ctypes.c_void_p(offset))
            offset += size * 4
        self.count = v.size // sum(sizes)
        if indices is not None:
            ind = np.ascontiguousarray(indices, dtype=np.uint32)
            self.ebo = GL.glGenBuffers(1)
            GL.glBindBuffer(GL.GL_ELEMENT_ARRAY_BUFFER, self.ebo)
            GL.glBufferData(GL.GL_ELEMENT_ARRAY_BUFFER, ind.nbytes, ind, GL.GL_STATIC_DRAW)
            self.count = ind.size
        GL.glBindVertexArray(0)

    def update(self, vertices: np.ndarray) -> None:
        """Replace the vertices (a dynamic mesh without indices); the count follows."""
        v = np.ascontiguousarray(vertices, dtype=np.float32)
        GL.glBindBuffer(GL.GL_ARRAY_BUFFER, self.vbo)
        GL.glBufferData(GL.GL_ARRAY_BUFFER, v.nbytes, v if v.size else None,
                        GL.GL_DYNAMIC_DRAW)
        self.count = v.size * 4 // self.stride

    def draw(self, count: int | None = None, first: int = 0) -> None:
        """Draw ``count`` vertices (indices, if indexed) from ``first`` (default: all)."""
        n = self.count - first if count is None else count
        if n <= 0:
            return
        GL.glBindVertexArray(self.vao)
        if self.ebo is not None:
            GL.glDrawElements(self.mode, n, GL.GL_UNSIGNED_INT,
                              ctypes.c_void_p(4 * first) if first else None)
        else:
            GL.glDrawArrays(self.mode, first, n)

    def delete(self) -> None:
        GL.glDeleteVertexArrays(1, [self.vao])
        GL.glDeleteBuffers(1, [self.vbo])
        if self.ebo is not None:
            GL.glDeleteBuffers(1, [self.ebo])


class InstancedQuads:
    """A unit quad drawn once per instance; per-instance floats (sizes given) are streamed."""

    def __init__(self, instance_sizes: tuple[int, ...]) -> None:
        quad = np.array([-1, -1, 1, -1, 1, 1, -1, -1, 1, 1, -1, 1], dtype=np.float32)
        self.vao = GL.glGenVertexArrays(1)
        GL.glBindVertexArray(self.vao)
        self.quad_vbo, self.inst_vbo = GL.glGenBuffers(2)
        GL.glBindBuffer(GL.GL_ARRAY_BUFFER, self.quad_vbo)
        GL.glBufferData(GL.GL_ARRAY_BUFFER, quad.nbytes, quad, GL.GL_STATIC_DRAW)
        GL.glEnableVertexAttribArray(0)
        GL.glVertexAttribPointer(0, 2, GL.GL_FLOAT, GL.GL_FALSE, 8, ctypes.c_void_p(0))
        GL.glBindBuffer(GL.GL_ARRAY_BUFFER, self.inst_vbo)
        self.floats = sum(instance_sizes)
        offset = 0
        for i, size in enumerate(instance_sizes, start=1):
            GL.glEnableVertexAttribArray(i)
            GL.glVertexAttribPointer(i, size, GL.GL_FLOAT, GL.GL_FALSE, self.floats * 4,
                                     ctypes.c_void_p(offset))
            GL.glVertexAttribDivisor(i, 1)
            offset += size * 4
        GL.glBindVertexArray(0)
        self.count = 0

    def update(self, data: np.ndarray) -> None:
        d = np.ascontiguousarray(data, dtype=np.float32)
        self.count = d.size // self.floats
        if self.count == 0:
            return
        GL.glBindBuffer(GL.GL_ARRAY_BUFFER, self.inst_vbo)
        GL.glBufferData(GL.GL_ARRAY_BUFFER, d.nbytes, d, GL.GL_STREAM_DRAW)

    def draw(self) -> None:
        if self.count == 0:
            return
        GL.glBindVertexArray(self.vao)
        GL.glDrawArraysInstanced(GL.GL_TRIANGLES, 0, 6, self.count)

    def delete(self) -> None:
        GL.glDeleteVertexArrays(1, [self.vao])
        GL.glDeleteBuffers(2, [self.quad_vbo, self.inst_vbo])


class UniformBuffer:
    """A std140 uniform block (``Frame``) shared by every program, updated once a frame."""

    def __init__(self, size_bytes: int) -> None:
        self.id = GL.glGenBuffers(1)
        GL.glBindBuffer(GL.GL_UNIFORM_BUFFER, self.id)
        GL.glBufferData(GL.GL_UNIFORM_BUFFER, size_bytes, None, GL.GL_DYNAMIC_DRAW)
        GL.glBindBufferBase(GL.GL_UNIFORM_BUFFER, FRAME_BINDING, self.id)

    def update(self, data: np.ndarray) -> None:
        d = np.ascontiguousarray(data, dtype=np.float32)
        GL.glBindBuffer(GL.GL_UNIFORM_BUFFER, self.id)
        GL.glBufferSubData(GL.GL_UNIFORM_BUFFER, 0, d.nbytes, d)
        GL.glBindBufferBase(GL.GL_UNIFORM_BUFFER, FRAME_BINDING, self.id)

    def delete(self) -> None:
        GL.glDeleteBuffers(1, [self.id])
