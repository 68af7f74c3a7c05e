"""Shared pydantic building blocks for the vehicle and level schemas.

Every model forbids unknown keys (a typo must not silently fall back to a default), refuses
NaN and infinities, and validates strictly (a string is not a number).
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

Positive = Annotated[float, Field(gt=0.0, allow_inf_nan=False)]
NonNegative = Annotated[float, Field(ge=0.0, allow_inf_nan=False)]
Finite = Annotated[float, Field(allow_inf_nan=False)]
Fraction = Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False)]
Angle180 = Annotated[float, Field(ge=-180.0, le=180.0, allow_inf_nan=False)]
Azimuth = Annotated[float, Field(ge=0.0, le=360.0, allow_inf_nan=False)]


class Strict(BaseModel):
    """Base for every schema model: frozen, no unknown keys, no NaN or infinity."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        allow_inf_nan=False,
        strict=True,
        validate_default=True,
    )
