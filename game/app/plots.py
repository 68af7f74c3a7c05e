"""The debrief's plots: altitude, speeds, throttle and propellant against time (matplotlib).

``flight_figure(series, ...)`` builds a four-panel figure from a ``FlightRecorder``'s series
with matplotlib's non-interactive Agg back end (no window of its own). ``plot_rgba`` renders
it to an RGBA byte string of a given size for the game's overlay; ``save_plots`` writes it as a
PNG atomically. Stretches flown by the autopilot are shaded in the throttle panel.
"""

from __future__ import annotations

import io
import os

import matplotlib

matplotlib.use("Agg")
from matplotlib.figure import Figure

from game.app.files import write_atomic

BACKGROUND = "#0b1117"
FOREGROUND = "#d8dee6"


def flight_figure(series: dict[str, list[float]], width_px: int = 960, height_px: int = 540,
                  dpi: int = 100) -> Figure:
    fig = Figure(figsize=(width_px / dpi, height_px / dpi), dpi=dpi, facecolor=BACKGROUND)
    axes = fig.subplots(2, 2, sharex=True)
    t = series["time_s"]
    panels = (
        (axes[0][0], "altitude above deck (m)", (("altitude_m", "altitude", "#7dffa0"),)),
        (axes[0][1], "speed relative to deck (m/s)",
         (("vertical_speed_mps", "vertical", "#6ad2ff"),
          ("horizontal_speed_mps", "horizontal", "#ffbe3c"))),
        (axes[1][0], "throttle (%)", (("throttle_norm", "actual", "#7dffa0"),
                                      ("throttle_cmd_norm", "commanded", "#ffffff"))),
        (axes[1][1], "propellant (kg)", (("propellant_kg", "propellant", "#ff8a6a"),)),
    )
    for ax, title, lines in panels:
        _style(ax, title)
        for key, label, color in lines:
            values = series[key]
            if key.startswith("throttle"):
                values = [100.0 * v for v in values]
            ax.plot(t, values, color=color, linewidth=1.4, label=label)
        if len(lines) > 1:
            ax.legend(loc="best", fontsize=8, facecolor=BACKGROUND, edgecolor="#445",
                      labelcolor=FOREGROUND)
    axes[1][0].set_ylim(-2.0, 105.0)
    _shade_autopilot(axes[1][0], t, series.get("autopilot", []))
    axes[0][1].axhline(0.0, color="#445", linewidth=0.8)
    for ax in axes[1]:
        ax.set_xlabel("time (s)", color=FOREGROUND, fontsize=9)
    fig.tight_layout()
    return fig


def _style(ax, title: str) -> None:
    ax.set_facecolor("#111a22")
    ax.set_title(title, color=FOREGROUND, fontsize=10)
    ax.tick_params(colors=FOREGROUND, labelsize=8)
    ax.grid(True, color="#2a3540", linewidth=0.6)
    for spine in ax.spines.values():
        spine.set_color("#445")


def _shade_autopilot(ax, t: list[float], flags: list[float]) -> None:
    start = None
    for time_s, flag in zip(t, flags, strict=False):
        if flag and start is None:
            start = time_s
        elif not flag and start is not None:
            ax.axvspan(start, time_s, color="#6ad2ff", alpha=0.12, linewidth=0)
            start = None
    if start is not None and t:
        ax.axvspan(start, t[-1], color="#6ad2ff", alpha=0.12, linewidth=0, label="autopilot")


def plot_rgba(series: dict[str, list[float]], width_px: int, height_px: int) -> bytes:
    """The figure rendered to ``width_px x height_px`` RGBA bytes (row-major, top row first)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = flight_figure(series, width_px, height_px)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    return bytes(canvas.buffer_rgba())


def save_plots(series: dict[str, list[float]], path: str | os.PathLike) -> None:
    """Write the figure as a PNG (temp file, fsync, rename)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = flight_figure(series, 1200, 720)
    FigureCanvasAgg(fig)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", facecolor=BACKGROUND)
    write_atomic(path, buffer.getvalue())
