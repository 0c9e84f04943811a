"""Email addresses as stored and compared everywhere: registrants, organisers, voters."""
from __future__ import annotations

from email_validator import validate_email


def normalise_email(address: str) -> str:
    """The address as stored and compared: validated (no DNS lookup), normalised, lower-cased.

    email-validator normalises the domain (an IDNA ``xn--`` form and its Unicode form are one
    domain); lower-casing the whole address then makes the comparison case-insensitive.
    """
    # allow_smtputf8=False: an address with non-ASCII characters needs SMTPUTF8, which neither
    # Flask-Mail nor many mail servers speak; refuse it on the form rather than fail at delivery.
    return validate_email(address.strip(), check_deliverability=False, allow_smtputf8=False).normalized.lower()
