"""The keyboard map: ``assets/keymaps/default.toml`` plus the player's overrides.

The file has ``[held]``, ``[pilot]`` and ``[game]`` tables of ``function = [key names]``
(names as ``pygame.key.key_code`` reads them: "left shift", "space", "f1", ".") and a
``[tuning]`` table (``throttle_rate_per_s``: how fast the throttle keys move the throttle).
``Keymap.functions_for(key)`` answers which functions a key code drives.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from game.app.input.functions import HELD_FUNCTIONS, PRESS_FUNCTIONS
from game.data.errors import DataError
from game.data.loader import display_path, project_root

KEY_FUNCTIONS = (*HELD_FUNCTIONS, *PRESS_FUNCTIONS)
TABLES = ("held", "pilot", "game")


def default_keymap_path() -> Path:
    return project_root() / "assets" / "keymaps" / "default.toml"


@dataclass
class Keymap:
    """Function -> key names, and the reverse lookup by pygame key code."""

    keys: dict[str, list[str]]
    throttle_rate_per_s: float = 0.5
    notices: list[str] = field(default_factory=list)
    _by_code: dict[int, list[str]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.rebuild()

    def rebuild(self) -> None:
        """Recompute the key-code index (after ``keys`` changed)."""
        import pygame

        self._by_code = {}
        for function, names in self.keys.items():
            for name in names:
                try:
                    code = pygame.key.key_code(name)
                except ValueError:
                    continue  # checked when loading; an unknown name binds nothing
                self._by_code.setdefault(code, []).append(function)

    def functions_for(self, key_code: int) -> list[str]:
        return self._by_code.get(key_code, [])

    def names_for(self, function: str) -> list[str]:
        return list(self.keys.get(function, []))

    def bind(self, function: str, key_name: str) -> None:
        """Make ``key_name`` the first key of ``function`` (keeping the others)."""
        names = [n for n in self.keys.get(function, []) if n != key_name]
        self.keys[function] = [key_name, *names][:3]
        self.rebuild()


def load_keymap(path: Path | None = None, overrides: dict[str, list[str]] | None = None
                ) -> Keymap:
    """The keymap file (default: the shipped one) with ``overrides`` applied on top."""
    import pygame

    source = path or default_keymap_path()
    shown = display_path(source)
    try:
        data = tomllib.loads(source.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise DataError(shown, f"cannot read the keymap: {exc}") from None
    keys: dict[str, list[str]] = {}
    for table in TABLES:
        for function, names in dict(data.get(table, {})).items():
            keys[function] = _names(shown, f"{table}.{function}", function, names)
    for function, names in keys.items():
        for name in names:
            if not _known(pygame, name):
                raise DataError(shown, f"unknown key name '{name}' for {function}")
    notices = []
    for function, names in (overrides or {}).items():
        good = [n.lower() for n in names if _known(pygame, n)]
        if len(good) < len(names) or function not in KEY_FUNCTIONS:
            notices.append(f"settings: controls.keys.{function}: unknown function or key name "
                           f"in {names}; kept the default keys")
            continue
        keys[function] = good
    rate = data.get("tuning", {}).get("throttle_rate_per_s", 0.5)
    if not isinstance(rate, int | float) or not 0.0 < rate <= 10.0:
        raise DataError(shown, "tuning.throttle_rate_per_s: expected a number, 0 < rate <= 10")
    return Keymap(keys=keys, throttle_rate_per_s=float(rate), notices=notices)


def _known(pygame, name: str) -> bool:
    try:
        pygame.key.key_code(name)
    except ValueError:
        return False
    return True


def _names(shown: str, where: str, function: str, names) -> list[str]:
    if function not in KEY_FUNCTIONS:
        raise DataError(shown, f"{where}: unknown function '{function}'")
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise DataError(shown, f"{where}: expected a list of key names")
    return [n.lower() for n in names]
