"""The 2015 study tours (data/study-tours-2015.yaml), loaded as `flask demo load` does."""
from __future__ import annotations

import datetime as dt

from app.extensions import db
from app.programme_file.apply import apply_programme
from app.programme_file.parsing import parse
from tests.conftest import FILES

TOURS_FILE = FILES / "study-tours-2015.yaml"
PROGRAMME = "study-tours-2015"
EUROPE = f"/p/{PROGRAMME}/tours/study-tour-europe-2015"
AMERICAS = f"/p/{PROGRAMME}/tours/study-tour-americas-2015"


def load_study_tours(now: dt.datetime):
    report = apply_programme(parse(TOURS_FILE.read_text(encoding="utf-8")), now=now)
    db.session.commit()
    return report
