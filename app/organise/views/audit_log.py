"""The audit log page: the latest changes, who made them, before and after."""
from __future__ import annotations

from flask import render_template

from app import audit


def audit_log():
    return render_template("organise/audit.html", entries=audit.recent(500))
