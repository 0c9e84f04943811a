"""``python -m jobs``: the same as ``flask --app wsgi jobs run``."""
from app import create_app
from jobs import build_scheduler, log_to_stderr

if __name__ == "__main__":
    log_to_stderr()
    build_scheduler(create_app()).start()
