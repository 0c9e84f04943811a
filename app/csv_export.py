"""CSV files for organisers to open in a spreadsheet: one writer, every cell neutralised, one download
response. Shared by the registrant list and the vote tally."""
from __future__ import annotations

import csv
import io

from flask import Response

#: A spreadsheet reads a cell starting with one of these as a formula (OWASP: CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """Make a cell a spreadsheet shows as text: a leading ' before a formula character."""
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def csv_text(rows) -> str:
    """Rows as UTF-8 CSV text with CRLF line ends, every cell neutralised (the caller adds the BOM
    that Excel needs)."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows([neutralise(str(cell)) for cell in row] for row in rows)
    return out.getvalue()


def csv_download(text: str, filename: str) -> Response:
    """A CSV file to save, never cached; the BOM makes Excel read it as UTF-8 (São Paulo stays intact)."""
    return Response(("\ufeff" + text).encode("utf-8"), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"})
