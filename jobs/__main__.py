"""``python -m jobs``: the same as ``flask --app wsgi jobs run``."""
from app import create_app
from jobs import build_scheduler

if __name__ == "__main__":
    build_scheduler(create_app()).start()
