"""Which camera looks: the player's choice, or the demo's director cutting by itself.

``CameraDirector.manual`` cycles through the renderer's cameras on a key. In demo mode
``update`` cuts on its own, the way a launch webcast does: a shot lasts ``MIN_SHOT_S`` to
``MAX_SHOT_S`` (drawn from the director's own generator, never the simulation's), and the next
camera is picked from those that suit the moment:

- high up and fast: chase or tracking;
- under ``ONBOARD_BELOW_M`` with the engines lit: the onboard leg camera is a favourite;
- under ``DECK_BELOW_M``: the deck camera looking up, then the tracking shot;
- after the flight ends: the deck or orbit camera to see the outcome.

A cut also comes early when the moment changes (the landing burn lights, the flight ends).
"""

from __future__ import annotations

import random

CAMERAS = ("chase", "deck", "onboard", "orbit", "tracking")
MIN_SHOT_S = 5.0
MAX_SHOT_S = 11.0
ONBOARD_BELOW_M = 2500.0
DECK_BELOW_M = 800.0


def suitable(obs) -> tuple[str, ...]:
    """Cameras that show something worth seeing at this moment."""
    if obs.outcome != "flying":
        return ("deck", "orbit", "tracking")
    h = obs.altitude_above_deck_m
    if h < DECK_BELOW_M:
        return ("deck", "tracking", "onboard", "chase")
    if h < ONBOARD_BELOW_M and obs.engines_lit:
        return ("onboard", "chase", "deck")
    if h < 15_000.0:
        return ("chase", "tracking", "orbit")
    return ("chase", "orbit")


def _moment(obs) -> tuple:
    return (obs.outcome != "flying", bool(obs.engines_lit),
            obs.altitude_above_deck_m < DECK_BELOW_M)


class CameraDirector:
    def __init__(self, cameras=CAMERAS, camera: str = "chase", auto: bool = False,
                 seed: int = 0) -> None:
        self.cameras = tuple(cameras)
        self.camera = camera if camera in self.cameras else self.cameras[0]
        self.auto = auto
        self._rng = random.Random(seed)
        self._shot_left_s = 0.0
        self._moment: tuple | None = None

    def manual(self, step: int) -> str:
        """Next (+1) or previous (-1) camera; the player's choice ends automatic cutting."""
        self.auto = False
        index = (self.cameras.index(self.camera) + step) % len(self.cameras)
        self.camera = self.cameras[index]
        return self.camera

    def update(self, obs, frame_s: float) -> str:
        """Advance the shot clock; cut when the shot is over or the moment changed."""
        if not self.auto:
            return self.camera
        self._shot_left_s -= frame_s
        moment = _moment(obs)
        if self._shot_left_s <= 0.0 or moment != self._moment:
            self._moment = moment
            self._cut(obs)
        return self.camera

    def _cut(self, obs) -> None:
        choices = [c for c in suitable(obs) if c in self.cameras] or list(self.cameras)
        others = [c for c in choices if c != self.camera] or choices
        self.camera = self._rng.choice(others)
        self._shot_left_s = self._rng.uniform(MIN_SHOT_S, MAX_SHOT_S)
