"""The OpenGL 3.3 renderer: ``from game.render.renderer import Renderer, SceneInfo``.

It reads ``Snapshot``s only (never a World). Modules: ``renderer`` (the frame), ``passes``
(the draw passes), ``cameras`` (chase, deck, onboard, orbit, tracking), ``interpolate``
(snapshot blending, NaN guards), ``stage_model`` / ``ship_model`` / ``meshes`` / ``batch``
(geometry), ``ocean`` (the sea from the ship's wave components), ``environment`` (sky, light,
fog, the shared uniform block), ``plume``, ``effects`` / ``particles`` (RCS, spray, fire),
``overlay`` (the app's HUD surface, uploaded by changed tiles), ``compose`` (scene and
overlay onto the window in one pass), ``scene_info``, ``context`` (a GL 3.3 window),
``virtual_display`` (Xvfb for headless runs), ``gl_util`` / ``gl_targets`` / ``resources``
(GL objects). Shaders: ``assets/shaders/*.glsl``.
"""

import os as _os

import OpenGL as _OpenGL

# PyOpenGL checks glGetError after every call by default, which doubles the cost of each of the
# frame's few hundred calls. The renderer checks its shaders and framebuffers itself; set
# HOVERSLAM_GL_DEBUG=1 to turn the per-call checks back on while developing.
if not _os.environ.get("HOVERSLAM_GL_DEBUG"):
    _OpenGL.ERROR_CHECKING = False
