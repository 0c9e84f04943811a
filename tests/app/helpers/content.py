"""Organisers' texts in another language, set on rows the factories made (as the import would)."""
from __future__ import annotations

from app import content
from app.extensions import db

#: Seminar 1's title in Chinese, as ``in_chinese`` sets it.
CHINESE_TITLE = "让城市和区域安全、有韧性、惠及所有人"


def in_chinese(seminar) -> None:
    """Seminar 1 (``seminar_one``) with a Chinese title, and Kazan, its second presenter, with Chinese names."""
    content.with_text(seminar, "title", {"zh_Hans": CHINESE_TITLE})
    kazan = seminar.initiatives[1]
    content.with_text(kazan.city, "name", {"zh_Hans": "喀山"})
    content.with_text(kazan.city, "country", {"zh_Hans": "俄罗斯"})
    content.with_text(kazan, "title", {"zh_Hans": "休憩公园"})
    db.session.commit()
