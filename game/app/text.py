"""Text and panels on the overlay surface: cached fonts, aligned text, translucent boxes.

Everything 2D (HUD, menus, help) is drawn with pygame onto one RGBA surface that the renderer
composites over the 3D view. Sizes are given for a 720-pixel-high window and scaled with
``Ui.scale`` so the layout reads the same at any resolution.
"""

from __future__ import annotations

import pygame

GREEN = (130, 255, 160)
WHITE = (235, 240, 245)
GREY = (150, 160, 170)
AMBER = (255, 190, 60)
RED = (255, 80, 70)
CYAN = (110, 210, 255)
PANEL = (8, 14, 20, 150)
PANEL_DARK = (6, 10, 14, 215)
RENDER_CACHE_SIZE = 1024  # rendered lines kept (cleared when full)


class Ui:
    """Fonts and drawing helpers for one overlay size."""

    def __init__(self, height_px: int) -> None:
        if not pygame.font.get_init():
            pygame.font.init()
        self.scale = max(0.5, height_px / 720.0)
        self._fonts: dict[int, pygame.font.Font] = {}
        self._rendered: dict[tuple, pygame.Surface] = {}

    def px(self, value: float) -> int:
        return round(value * self.scale)

    def font(self, size: int) -> pygame.font.Font:
        px = max(8, self.px(size))
        if px not in self._fonts:
            self._fonts[px] = pygame.font.Font(None, px)
        return self._fonts[px]

    def render(self, text: str, size: int, color) -> pygame.Surface:
        """The text as an image; the HUD's labels repeat every frame, so images are kept."""
        key = (text, size, tuple(color))
        image = self._rendered.get(key)
        if image is None:
            if len(self._rendered) > RENDER_CACHE_SIZE:
                self._rendered.clear()
            image = self._rendered[key] = self.font(size).render(text, True, color)
        return image

    def text(self, surface: pygame.Surface, text: str, pos: tuple[float, float], size: int = 22,
             color=WHITE, align: str = "left") -> pygame.Rect:
        """Draw one line; ``pos`` is the top-left, top-centre or top-right per ``align``."""
        image = self.render(text, size, color)
        rect = image.get_rect()
        x, y = round(pos[0]), round(pos[1])
        if align == "right":
            rect.topright = (x, y)
        elif align == "center":
            rect.midtop = (x, y)
        else:
            rect.topleft = (x, y)
        surface.blit(image, rect)
        return rect

    def lines(self, surface: pygame.Surface, lines, pos, size: int = 22, color=WHITE,
              spacing: float = 1.15) -> int:
        """Draw several lines downward; returns the y below the last."""
        x, y = pos
        step = self.font(size).get_linesize() * spacing
        for line in lines:
            if isinstance(line, tuple):
                text, line_color = line
            else:
                text, line_color = line, color
            self.text(surface, text, (x, y), size, line_color)
            y += step
        return round(y)

    def panel(self, surface: pygame.Surface, rect, color=PANEL, border=None) -> pygame.Rect:
        rect = pygame.Rect(rect)
        pygame.draw.rect(surface, color, rect, border_radius=self.px(6))
        if border:
            pygame.draw.rect(surface, border, rect, width=1, border_radius=self.px(6))
        return rect

    def fit(self, text: str, size: int, width_px: int, smallest: int = 16) -> tuple[int, str]:
        """A font size (down to ``smallest``) and the text, cut with an ellipsis if need be,
        that fit in ``width_px``."""
        while size > smallest and self.font(size).size(text)[0] > width_px:
            size -= 2
        if self.font(size).size(text)[0] <= width_px:
            return size, text
        while len(text) > 1 and self.font(size).size(text + "...")[0] > width_px:
            text = text[:-1]
        return size, text.rstrip() + "..."

    def wrap(self, text: str, size: int, width_px: int) -> list[str]:
        """Split ``text`` into lines no wider than ``width_px``."""
        font = self.font(size)
        out: list[str] = []
        for paragraph in text.split("\n"):
            line = ""
            for word in paragraph.split():
                trial = f"{line} {word}".strip()
                if font.size(trial)[0] <= width_px or not line:
                    line = trial
                else:
                    out.append(line)
                    line = word
            out.append(line)
        return out
