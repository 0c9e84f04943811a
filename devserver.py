"""Run the whole service locally, as `make run` does: the web server (gunicorn), the scheduler
(reminders and mail delivery) and a local SMTP catcher whose mail shows at /dev/mail.

Each part runs in its own process, as in production; Ctrl+C stops them all.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

BIN = os.path.dirname(sys.executable)


def web_command(port: str) -> list[str]:
    """One gunicorn worker with threads: the rate limits' in-memory storage is then one count for
    the whole site (several workers would each count their own; production uses Redis)."""
    return [os.path.join(BIN, "gunicorn"), "--bind", f"127.0.0.1:{port}", "--workers", "1", "--threads", "8",
            "--access-logfile", "-", "wsgi:app"]


def main() -> int:
    port = os.environ.get("PORT", "5000")
    env = dict(os.environ)
    env.setdefault("BASE_URL", f"http://127.0.0.1:{port}")
    parts = {
        "web": web_command(port),
        "jobs": [os.path.join(BIN, "flask"), "--app", "wsgi", "jobs", "run"],
        "mail": [os.path.join(BIN, "flask"), "--app", "wsgi", "devmail", "run"],
    }
    procs = {name: subprocess.Popen(cmd, env=env) for name, cmd in parts.items()}
    print(f"\n  Seminar service on {env['BASE_URL']}  (mail it sends: {env['BASE_URL']}/dev/mail/)"
          "  Ctrl+C to stop\n", flush=True)

    def stop(*_):
        for proc in procs.values():
            if proc.poll() is None:
                proc.terminate()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        while all(proc.poll() is None for proc in procs.values()):
            time.sleep(0.5)
    finally:
        stop()
        for proc in procs.values():
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
    failed = [name for name, proc in procs.items() if proc.returncode not in (0, -signal.SIGTERM)]
    if failed:
        print(f"stopped because {', '.join(failed)} exited", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
