"""Screenshots: the renderer's pixels written as a PNG, atomically (temp file, fsync, rename)."""

from __future__ import annotations

import io
import time
from pathlib import Path

import numpy as np
import pygame

from game.app.files import write_atomic


def default_path() -> Path:
    """``Hoverslam/hoverslam-YYYYmmdd-HHMMSS.png`` in the user's pictures folder."""
    import platformdirs

    folder = Path(platformdirs.user_pictures_dir()) / "Hoverslam"
    return folder / time.strftime("hoverslam-%Y%m%d-%H%M%S.png")


def save_png(pixels: np.ndarray, path: Path) -> None:
    """Write (H, W, 3) uint8 pixels, top row first, as a PNG at ``path``."""
    height, width = pixels.shape[:2]
    image = pygame.image.frombuffer(np.ascontiguousarray(pixels).tobytes(), (width, height),
                                    "RGB")
    buffer = io.BytesIO()
    pygame.image.save(image, buffer, "png")
    write_atomic(path, buffer.getvalue())
