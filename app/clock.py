"""The current instant, from the CLOCK setting: tests and the demo set the time there, so every
view asks this one function rather than the system clock."""
from __future__ import annotations

import datetime as dt

from flask import current_app


def now() -> dt.datetime:
    """The app's current aware UTC instant (CLOCK() of the active app)."""
    return current_app.config["CLOCK"]()
