"""The OpenGL renderer: ``from game.render.renderer import Renderer, SceneInfo``.

Reads ``Snapshot``s only (never a World); see ``renderer.py`` for the frame, ``cameras.py``
for the five cameras and ``assets/shaders/`` for the GLSL.
"""
