"""Which programmes an organiser may change: an admin every one, an editor those an admin granted
(programme_editors). Grants change on the accounts page, one audit entry per programme."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from app import audit
from app.extensions import db
from app.models import Organiser, Programme, programme_editors


def granted_ids(organiser: Organiser) -> set[int]:
    """The ids of the programmes granted to ``organiser`` (whatever its role)."""
    return set(db.session.scalars(sa.select(programme_editors.c.programme_id)
                                  .where(programme_editors.c.organiser_id == organiser.id)))


def may_edit(organiser: Organiser, programme: Programme) -> bool:
    return organiser.is_admin or programme.id in granted_ids(organiser)


def programmes_for(organiser: Organiser) -> list[Programme]:
    """The programmes the console lists for ``organiser``, latest first: all for an admin."""
    query = sa.select(Programme).order_by(Programme.first_day.desc(), Programme.slug)
    if not organiser.is_admin:
        query = query.join(programme_editors).where(programme_editors.c.organiser_id == organiser.id)
    return list(db.session.scalars(query))


def set_programmes(organiser: Organiser, programme_ids: set[int], now: dt.datetime) -> list[str]:
    """Grant exactly ``programme_ids`` to ``organiser`` (the caller commits); the slugs of the
    programmes granted or revoked come back, each audited under its programme."""
    before = granted_ids(organiser)
    slugs = dict(db.session.execute(sa.select(Programme.id, Programme.slug)
                                    .where(Programme.id.in_(before ^ programme_ids))).all())
    changed, table = [], programme_editors.c
    for programme_id, slug in sorted(slugs.items(), key=lambda item: item[1]):
        if programme_id in programme_ids:
            db.session.execute(sa.insert(programme_editors).values(organiser_id=organiser.id,
                                                                   programme_id=programme_id))
            audit.record("granted", "organiser", organiser.email, summary="may edit this programme", now=now,
                         programme=slug)
        else:
            db.session.execute(sa.delete(programme_editors).where(table.organiser_id == organiser.id,
                                                                  table.programme_id == programme_id))
            audit.record("revoked", "organiser", organiser.email, summary="may no longer edit this programme",
                         now=now, programme=slug)
        changed.append(slug)
    return changed
