"""The vote job: forget the requests to vote that can no longer count (and the addresses in them)."""
from __future__ import annotations

from flask import Flask

from app.vote.service import forget_requests


def forget_vote_requests(app: Flask) -> None:
    with app.app_context():
        forget_requests(app.config["CLOCK"]())
