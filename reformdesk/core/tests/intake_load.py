"""Intakes for the backup test, run in a process of their own against its own database:

    manage.py shell -c "from reformdesk.core.tests.intake_load import main; main()"

Sets up a commune desk, then THREADS threads record dossiers through the intake service until the
file named by INTAKE_STOP_FILE exists. Each intake first stores a media file named by its
client_token (as an upload is stored before its row commits), then the dossier. Prints ``ready``
after the first dossier, and the number recorded at the end.
"""

from __future__ import annotations

import os
import threading
import uuid
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection

THREADS = 3


def main() -> None:
    from reformdesk.dossiers.services import dossier_receive
    from reformdesk.dossiers.tests.factories import applicant, desk_procedure
    from reformdesk.org.choices import Role
    from reformdesk.org.tests.factories import make_official, make_unit

    stop = Path(os.environ["INTAKE_STOP_FILE"])
    unit = make_unit(name="Xã Phú Sơn", code="000.30.31.H41")
    officer = make_official(
        unit=unit, role=Role.ONE_STOP, username="motcua_backup", full_name="Nguyễn Thị Hoa"
    )
    desk = desk_procedure(units=[unit])
    recorded: list[str] = []
    errors: list[BaseException] = []
    first = threading.Event()

    def intake() -> None:
        try:
            while not stop.exists():
                token = uuid.uuid4()
                default_storage.save(f"intake/{token.hex}.txt", ContentFile(token.hex.encode()))
                dossier = dossier_receive(
                    actor=officer.user,
                    unit=unit,
                    procedure=desk.procedure,
                    applicant=applicant(),
                    submitted_papers=desk.required_ids,
                    client_token=token,
                )
                recorded.append(dossier.code)
                first.set()
        except BaseException as exc:
            errors.append(exc)
            first.set()
        finally:
            connection.close()

    workers = [threading.Thread(target=intake) for _ in range(THREADS)]
    for worker in workers:
        worker.start()
    first.wait()
    print("ready", flush=True)
    for worker in workers:
        worker.join()
    if errors:
        raise errors[0]
    print(len(recorded), flush=True)
