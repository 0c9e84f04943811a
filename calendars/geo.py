"""A venue's coordinates (WGS 84 degrees), checked and written one way, so a feed's GEO and a map
link name the same point with the same digits."""
from __future__ import annotations

import math

#: Six decimals is about 11 cm: finer than any venue, and RFC 5545 3.8.1.6 asks for no more.
DECIMALS = 6


def check(lat: float, lon: float) -> tuple[float, float]:
    """Return ``(lat, lon)`` as floats; ValueError for a value that is not a finite number, a
    latitude outside -90..90 or a longitude outside -180..180 (a swapped pair usually fails here)."""
    for value in (lat, lon):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise ValueError(f"{value!r} is not a coordinate in degrees")
    if not -90 <= lat <= 90:
        raise ValueError(f"latitude {lat} is outside -90..90")
    if not -180 <= lon <= 180:
        raise ValueError(f"longitude {lon} is outside -180..180")
    return float(lat), float(lon)


def degrees(value: float) -> str:
    """``23.129110``: always six decimals, and never ``-0.000000``, so one place always reads the same."""
    return f"{round(value, DECIMALS) + 0.0:.{DECIMALS}f}"  # adding 0.0 turns -0.0 into 0.0
