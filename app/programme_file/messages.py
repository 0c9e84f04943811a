"""pydantic's own refusals in a programme file (a missing field, a wrong type), worded in the
reader's language."""
from __future__ import annotations

from flask_babel import gettext as _


def pydantic_message(error: dict) -> str | None:
    """pydantic's own refusals (a missing field, a wrong type) in the reader's language; None for
    the file's checks (value errors), already worded through gettext, and for rarer kinds."""
    ctx, kind = error.get("ctx") or {}, error["type"]
    if kind == "missing":
        return _("this field is required")
    if kind == "extra_forbidden":
        return _("this field is not part of the format (docs/data-format.md)")
    if kind in ("string_type", "string_sub_type"):
        return _("must be text")
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return _("must be a whole number")
    if kind in ("float_type", "float_parsing"):
        return _("must be a number")
    if kind in ("bool_type", "bool_parsing"):
        return _("must be true or false")
    if kind in ("date_type", "date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact"):
        return _("must be a date (YYYY-MM-DD)")
    if kind in ("time_type", "time_parsing"):
        return _("must be a time (HH:MM)")
    if kind in ("list_type", "tuple_type"):
        return _("must be a list")
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return _("must be a mapping")
    if kind in ("literal_error", "enum"):
        return _("must be one of %(expected)s", expected=ctx.get("expected", ""))
    if kind == "string_too_long":
        return _("must be at most %(max)s characters", max=ctx.get("max_length", ""))
    if kind in ("string_too_short", "too_short"):
        return _("must not be empty")
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        limit = next((ctx[k] for k in ("gt", "ge", "lt", "le") if k in ctx), "")
        return {"greater_than": _("must be greater than %(limit)s", limit=limit),
                "greater_than_equal": _("must be at least %(limit)s", limit=limit),
                "less_than": _("must be less than %(limit)s", limit=limit),
                "less_than_equal": _("must be at most %(limit)s", limit=limit)}[kind]
    return None
