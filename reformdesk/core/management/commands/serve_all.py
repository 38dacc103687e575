"""manage.py serve_all — the web server and the task worker as one command (make run, make serve).

Without a worker the queued jobs (deadline warnings, notifications) wait and /healthz turns 503
after fifteen minutes; so the everyday commands start both. Each child runs in its own process
group: Ctrl-C (SIGINT) or SIGTERM here is passed on to both groups, a child that has not stopped
after STOP_SECONDS is killed, and when either child exits the other is stopped too, so the pair
never outlives one of its halves.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

STOP_SECONDS = 20  # gunicorn's graceful timeout is shorter; the worker finishes its current task


class Command(BaseCommand):
    help = (
        "Run the web server (runserver, or gunicorn with --gunicorn) and the task worker; Ctrl-C stops both."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", default="127.0.0.1:8000", help="HOST:PORT to serve on")
        parser.add_argument(
            "--gunicorn", action="store_true", help="serve with gunicorn (production) instead of runserver"
        )
        parser.add_argument(
            "--web-workers", type=int, default=4, help="gunicorn worker processes (about 2 per core)"
        )

    def handle(self, *args: Any, bind: str, gunicorn: bool, web_workers: int, **options: Any) -> None:
        if web_workers < 1:
            raise CommandError("--web-workers must be at least 1")
        manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]
        if gunicorn:
            web = [
                sys.executable,
                "-m",
                "gunicorn",
                "reformdesk.wsgi",
                f"--bind={bind}",
                f"--workers={web_workers}",
            ]
            web += ["--access-logfile=-", "--graceful-timeout=10"]
        else:
            web = [*manage, "runserver", bind]
        children = {
            "web": self._start(web),
            "worker": self._start([*manage, "db_worker"]),
        }
        self.stdout.write(
            f"web (pid {children['web'].pid}) on http://{bind} and worker (pid {children['worker'].pid}) "
            "started; Ctrl-C stops both.",
        )
        self.stdout.flush()
        stopping: list[int] = []

        def on_signal(signum: int, frame: object) -> None:
            stopping.append(signum)

        previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            exited = None
            while not stopping and exited is None:
                exited = next((name for name, child in children.items() if child.poll() is not None), None)
                time.sleep(0.2)
            if exited is not None:
                self.stderr.write(f"{exited} exited with {children[exited].returncode}; stopping the other.")
        finally:
            self._stop(list(children.values()))
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        if exited is not None:
            raise CommandError(f"{exited} stopped", returncode=children[exited].returncode or 1)

    def _start(self, command: list[str]) -> subprocess.Popen[bytes]:
        # Its own process group, so that one signal reaches runserver's reloader or gunicorn's workers too.
        return subprocess.Popen(command, stdin=subprocess.DEVNULL, start_new_session=True)  # noqa: S603

    def _stop(self, children: list[subprocess.Popen[bytes]]) -> None:
        for child in children:
            if child.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(child.pid, signal.SIGTERM)
        deadline = time.monotonic() + STOP_SECONDS
        for child in children:
            try:
                child.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(child.pid, signal.SIGKILL)
                child.wait()
