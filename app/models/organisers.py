"""Organiser accounts (who may edit the programme) and the audit log of what they changed."""
from __future__ import annotations

import datetime as dt
import enum

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.types import UTCDateTime, utc_now


class Role(str, enum.Enum):
    EDITOR = "editor"  #: edits the programmes granted to it (programme_editors): registrants, imports, exports
    ADMIN = "admin"  #: edits every programme, adds programmes and manages organiser accounts


class Organiser(UserMixin, db.Model):
    __tablename__ = "organisers"
    __table_args__ = (sa.CheckConstraint("role IN ('editor', 'admin')", name="role_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Normalised and lower-cased like registrants' addresses.
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    name: Mapped[str] = mapped_column(sa.String(120), default="")
    #: werkzeug's ``generate_password_hash`` (scrypt): the password itself is never stored.
    password_hash: Mapped[str] = mapped_column(sa.String(256))
    role: Mapped[str] = mapped_column(sa.String(20), default=Role.EDITOR.value)
    #: The console's language for this organiser (chosen on their account page).
    language: Mapped[str] = mapped_column(sa.String(8), default="en", server_default="en")
    #: A deactivated account cannot sign in, and its open sessions stop working.
    active: Mapped[bool] = mapped_column(default=True)
    #: Part of the session's user id: changing it (new password, deactivation) signs out every
    #: browser that holds an older session.
    session_version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)
    last_sign_in_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN.value

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    @property
    def display_name(self) -> str:
        return self.name or self.email

    def __repr__(self) -> str:
        return f"<Organiser {self.email} {self.role}>"


class AuditEntry(db.Model):
    """One change by an organiser: what, to which entry, and the fields' values before and after."""

    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now, index=True)
    organiser_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organisers.id", ondelete="SET NULL"),
                                                     index=True)
    #: The organiser's address at the time, kept if the account is later removed.
    actor: Mapped[str] = mapped_column(sa.String(254))
    #: "added", "changed", "removed", "moved", "cancelled", "announced", "imported" …
    action: Mapped[str] = mapped_column(sa.String(20))
    #: "seminar", "event", "city", "initiative", "programme", "organiser".
    kind: Mapped[str] = mapped_column(sa.String(20))
    #: The slug of the programme the change belongs to; None for an account or a shared city.
    programme: Mapped[str | None] = mapped_column(sa.String(80), index=True)
    #: The entry's slug (or "seminar-2/jakarta" for an initiative, an address for an account).
    key: Mapped[str] = mapped_column(sa.String(200), index=True)
    #: {field: [before, after]} with values as text; empty for additions and removals.
    changes: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    #: One line for people: "12 registrants told", "3 added, 1 changed, 0 removed".
    summary: Mapped[str] = mapped_column(sa.Text, default="")

    organiser: Mapped[Organiser | None] = relationship()
