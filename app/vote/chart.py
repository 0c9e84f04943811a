"""The geometry of the results chart: horizontal bars, drawn by the template as SVG (no JavaScript).

Each row puts the city and its figures on one line and its bar below, so the chart stays legible
when a phone scales it down.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import ngettext

#: The SVG's own units; it scales to the width of the page.
WIDTH = 380
ROW = 42
BAR = 14
TOP = 2
#: Characters of a city's name that fit beside its figures; a longer name is cut with "…" (the
#: table and the bar's tooltip hold it whole).
LABEL = 24


@dataclass(frozen=True)
class Bar:
    name: str
    label: str
    figures: str
    #: Baseline of the text line, and top of the bar.
    text_y: int
    bar_y: int
    width: float
    leader: bool


@dataclass(frozen=True)
class Chart:
    bars: list[Bar]
    width: int
    height: int
    bar_height: int


def bar_chart(rows: list[tuple[str, int, float]]) -> Chart:
    """``rows`` are (label, votes, share percent), in display order; the leader's bar fills the width."""
    most = max((votes for _, votes, _ in rows), default=0)
    bars = []
    for index, (label, votes, share) in enumerate(rows):
        top = TOP + index * ROW
        short = label if len(label) <= LABEL else label[:LABEL - 1].rstrip() + "…"
        figures = ngettext("%(share)s%% · %(num)s vote", "%(share)s%% · %(num)s votes", votes, share=f"{share:.1f}")
        bars.append(Bar(name=label, label=short, figures=figures,
                        text_y=top + 15, bar_y=top + 21,
                        width=round(WIDTH * votes / most, 1) if most else 0.0, leader=most > 0 and votes == most))
    return Chart(bars, WIDTH, TOP + len(rows) * ROW, BAR)
