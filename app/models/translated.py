"""Rows whose texts organisers may write in several languages."""
from __future__ import annotations

from typing import ClassVar

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column


class Translated:
    """Each field named in ``TRANSLATED`` keeps its programme's language in its own column; the
    other languages live in ``translations`` (read them with ``app.content.text``)."""

    TRANSLATED: ClassVar[tuple[str, ...]] = ()
    #: ``{field: {language code: text}}`` for languages other than the column's, e.g.
    #: ``{"title": {"zh_Hans": "超越智慧城市", "es": "Más allá de la ciudad inteligente"}}``.
    #: Always assigned whole (a new dict), so the change is seen and the programme's version moves.
    translations: Mapped[dict] = mapped_column(sa.JSON, default=dict, server_default=sa.text("'{}'"))
