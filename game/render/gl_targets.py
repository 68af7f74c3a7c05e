"""Textures and the off-screen scene framebuffer (GL 3.3 core, through PyOpenGL)."""

from __future__ import annotations

from OpenGL import GL

from game.render.gl_util import Program


class Texture2D:
    """An RGBA8 texture, re-specified when the size changes (for the overlay)."""

    def __init__(self) -> None:
        self.id = GL.glGenTextures(1)
        self.size = (0, 0)
        GL.glBindTexture(GL.GL_TEXTURE_2D, self.id)
        for p, v in ((GL.GL_TEXTURE_MIN_FILTER, GL.GL_LINEAR),
                     (GL.GL_TEXTURE_MAG_FILTER, GL.GL_LINEAR),
                     (GL.GL_TEXTURE_WRAP_S, GL.GL_CLAMP_TO_EDGE),
                     (GL.GL_TEXTURE_WRAP_T, GL.GL_CLAMP_TO_EDGE)):
            GL.glTexParameteri(GL.GL_TEXTURE_2D, p, v)

    def upload(self, width: int, height: int, data, pixel_format) -> None:
        GL.glBindTexture(GL.GL_TEXTURE_2D, self.id)
        GL.glPixelStorei(GL.GL_UNPACK_ALIGNMENT, 4)
        if (width, height) != self.size:
            GL.glTexImage2D(GL.GL_TEXTURE_2D, 0, GL.GL_RGBA8, width, height, 0, pixel_format,
                            GL.GL_UNSIGNED_BYTE, data)
            self.size = (width, height)
        else:
            GL.glTexSubImage2D(GL.GL_TEXTURE_2D, 0, 0, 0, width, height, pixel_format,
                               GL.GL_UNSIGNED_BYTE, data)

    def upload_region(self, x: int, y: int, width: int, height: int, data, pixel_format) -> None:
        """Replace a rectangle of the (already sized) texture with tightly packed pixels."""
        GL.glBindTexture(GL.GL_TEXTURE_2D, self.id)
        GL.glPixelStorei(GL.GL_UNPACK_ALIGNMENT, 4)
        GL.glTexSubImage2D(GL.GL_TEXTURE_2D, 0, x, y, width, height, pixel_format,
                           GL.GL_UNSIGNED_BYTE, data)

    def delete(self) -> None:
        GL.glDeleteTextures(1, [self.id])


class SceneTarget:
    """An off-screen colour texture + depth buffer for drawing the 3-D scene at a reduced
    resolution; ``present`` stretches it over the window with one textured triangle (a
    software rasteriser does that several times faster than ``glBlitFramebuffer``).

    The stretch samples the nearest texel when the window is a whole multiple of the
    target in both directions (each scene pixel then covers an exact square of window
    pixels: the picture is the one drawn, with no blur and no uneven pixels), bilinearly
    otherwise. On a software rasteriser nearest costs about two-thirds of bilinear, and the
    stretch covers every pixel of the window."""

    def __init__(self, width: int, height: int) -> None:
        self.size = (width, height)
        self.fbo = GL.glGenFramebuffers(1)
        self.color = Texture2D()
        GL.glTexImage2D(GL.GL_TEXTURE_2D, 0, GL.GL_RGBA8, width, height, 0, GL.GL_RGBA,
                        GL.GL_UNSIGNED_BYTE, None)
        self.color.size = (width, height)
        self._filter = GL.GL_LINEAR
        self.depth = GL.glGenRenderbuffers(1)
        GL.glBindRenderbuffer(GL.GL_RENDERBUFFER, self.depth)
        GL.glRenderbufferStorage(GL.GL_RENDERBUFFER, GL.GL_DEPTH_COMPONENT24, width, height)
        GL.glBindFramebuffer(GL.GL_FRAMEBUFFER, self.fbo)
        GL.glFramebufferTexture2D(GL.GL_FRAMEBUFFER, GL.GL_COLOR_ATTACHMENT0, GL.GL_TEXTURE_2D,
                                  self.color.id, 0)
        GL.glFramebufferRenderbuffer(GL.GL_FRAMEBUFFER, GL.GL_DEPTH_ATTACHMENT,
                                     GL.GL_RENDERBUFFER, self.depth)
        status = GL.glCheckFramebufferStatus(GL.GL_FRAMEBUFFER)
        GL.glBindFramebuffer(GL.GL_FRAMEBUFFER, 0)
        if status != GL.GL_FRAMEBUFFER_COMPLETE:
            self.delete()
            raise RuntimeError(f"scene framebuffer {width}x{height} incomplete ({status:#x})")

    def bind(self) -> None:
        GL.glBindFramebuffer(GL.GL_FRAMEBUFFER, self.fbo)
        GL.glViewport(0, 0, *self.size)

    def present(self, program: Program, triangle_vao, width: int, height: int,
                compositor=None, overlay=None) -> None:
        """Draw the scene texture over the whole window (see the class), with the overlay
        (``OverlayTiles``) composited in the same pass when given; the window's
        framebuffer is bound after."""
        GL.glBindFramebuffer(GL.GL_FRAMEBUFFER, 0)
        GL.glViewport(0, 0, width, height)
        GL.glDisable(GL.GL_DEPTH_TEST)
        GL.glDisable(GL.GL_BLEND)
        self._set_filter(stretch_filter(self.size, (width, height)))
        if overlay is not None:
            compositor.present(self.color.id, overlay, (width, height))
            GL.glEnable(GL.GL_DEPTH_TEST)
            return
        program.use()
        GL.glActiveTexture(GL.GL_TEXTURE0)
        GL.glBindTexture(GL.GL_TEXTURE_2D, self.color.id)
        program.int("u_scene", 0)
        GL.glBindVertexArray(triangle_vao)
        GL.glDrawArrays(GL.GL_TRIANGLES, 0, 3)
        GL.glEnable(GL.GL_DEPTH_TEST)

    def _set_filter(self, which) -> None:
        if which != self._filter:
            GL.glBindTexture(GL.GL_TEXTURE_2D, self.color.id)
            GL.glTexParameteri(GL.GL_TEXTURE_2D, GL.GL_TEXTURE_MIN_FILTER, which)
            GL.glTexParameteri(GL.GL_TEXTURE_2D, GL.GL_TEXTURE_MAG_FILTER, which)
            self._filter = which

    def delete(self) -> None:
        GL.glDeleteFramebuffers(1, [self.fbo])
        self.color.delete()
        GL.glDeleteRenderbuffers(1, [self.depth])


def stretch_filter(target_size, window_size):
    """``GL_NEAREST`` when the window is a whole multiple of the target in both directions,
    else ``GL_LINEAR`` (see ``SceneTarget``)."""
    (tw, th), (ww, wh) = target_size, window_size
    whole = tw > 0 and th > 0 and ww % tw == 0 and wh % th == 0
    return GL.GL_NEAREST if whole else GL.GL_LINEAR
