"""What the mail page shows of one caught message: its parts, its HTML part, its text with links."""
from __future__ import annotations

import email.message
import mimetypes
import re
from dataclasses import dataclass

from markupsafe import Markup, escape
from werkzeug.utils import secure_filename

#: Only these schemes become links; anything else (javascript:, data:) stays text.
_URL = re.compile(r"https?://[^\s<>\"'`]+", re.IGNORECASE)
#: Sentence punctuation right after an address belongs to the sentence, not to the address.
_TRAILING = ".,;:!?"
#: A MIME type or charset as this page passes it on; anything odder is served as bytes.
_TOKEN = re.compile(r"^[a-z0-9][a-z0-9!#$&^_.+-]*$")


@dataclass(frozen=True)
class Part:
    index: int
    content_type: str
    filename: str | None
    size: int


def leaves(message: email.message.EmailMessage) -> list[email.message.EmailMessage]:
    """Every non-multipart part, in the order the message holds them; a part's index is its place here."""
    return [part for part in message.walk() if not part.is_multipart()]


def listed(message: email.message.EmailMessage) -> list[Part]:
    return [Part(index, part.get_content_type(), part.get_filename(), len(payload(part)))
            for index, part in enumerate(leaves(message))]


def payload(part: email.message.EmailMessage) -> bytes:
    """The part's bytes with the transfer encoding (base64, quoted-printable) undone."""
    data = part.get_payload(decode=True)
    return data if isinstance(data, bytes) else b""


def content_type(part: email.message.EmailMessage) -> str:
    """The type a download is served with: the part's own, with its charset, when both look sane."""
    kind = part.get_content_type()
    if not all(_TOKEN.match(half) for half in kind.split("/")):
        return "application/octet-stream"
    charset = part.get_content_charset()
    return f"{kind}; charset={charset}" if charset and _TOKEN.match(charset) else kind


def download_name(part: email.message.EmailMessage, index: int) -> str:
    """A file name no browser reads as a path: the part's own, cleaned, or part-<index> with an extension."""
    name = secure_filename(part.get_filename() or "")
    return name or f"part-{index}{mimetypes.guess_extension(part.get_content_type()) or '.bin'}"


def html_body(message: email.message.EmailMessage) -> str | None:
    body = message.get_body(preferencelist=("html",))
    return body.get_content() if body is not None else None


def text_body(message: email.message.EmailMessage) -> str:
    body = message.get_body(preferencelist=("plain",))
    return body.get_content() if body is not None else ""


def linked(text: str) -> Markup:
    """The text escaped, with each http(s) address made a link that opens outside this page."""
    out, start = [], 0
    for match in _URL.finditer(text):
        url = _trimmed(match.group())
        out.append(escape(text[start:match.start()]))
        out.append(Markup('<a href="{0}" rel="noopener noreferrer" target="_blank">{0}</a>').format(url))
        start = match.start() + len(url)
    out.append(escape(text[start:]))
    return Markup("").join(out)


def _trimmed(url: str) -> str:
    """The address without the sentence around it: a closing bracket stays only if it closes one the address opened
    (https://en.wikipedia.org/wiki/Canton_(city) keeps it, "(see https://example.org)" does not)."""
    while url:
        last = url[-1]
        pair = {")": "(", "]": "[", "}": "{"}.get(last)
        if last in _TRAILING or (pair is not None and url.count(last) > url.count(pair)):
            url = url[:-1]
        else:
            return url
    return url
