"""The audit log page: the latest changes of every programme (or of one, ?programme=<slug>), who
made them, before and after."""
from __future__ import annotations

import sqlalchemy as sa
from flask import render_template, request

from app import audit
from app.extensions import db
from app.models import Programme


def audit_log():
    programme = request.args.get("programme") or None
    return render_template("organise/audit.html", entries=audit.recent(500, programme=programme), shown=programme,
                           programmes=db.session.scalars(sa.select(Programme.slug).order_by(Programme.slug)).all())
