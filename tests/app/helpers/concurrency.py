"""Run one action per item in its own thread, all released together, as concurrent requests would."""
from __future__ import annotations

import threading

from app.extensions import db


def at_once(app, action, items) -> tuple[list, list[str]]:
    """``action(item)`` for every item, each in its own thread and app context, released by one
    barrier: what each returned, and the errors raised (as reprs)."""
    start, returned, errors = threading.Barrier(len(items)), [], []

    def run(item):
        with app.app_context():
            try:
                start.wait()
                returned.append(action(item))
            except Exception as error:  # noqa: BLE001  (collected for the test to assert)
                errors.append(repr(error))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(item,)) for item in items]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return returned, errors
