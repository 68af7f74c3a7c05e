"""The game window and everything a player touches: the fixed-step loop, screens, HUD, input,
settings, sound and the debrief plots. It is a client of ``game.sim`` (which never imports
it) and of ``game.render`` (the OpenGL renderer, which only reads snapshots).
"""

import os

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
