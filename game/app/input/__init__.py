"""Keyboard and joystick input: the function registry, the keyboard map, axis shaping,
joystick hot-plug, the per-frame mapper that feeds the human pilot and the game, and the
"move the control you want" binding capture.
"""
