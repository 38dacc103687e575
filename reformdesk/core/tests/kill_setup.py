"""The data the kill test loads, made in the child's own database:

    manage.py shell -c "from reformdesk.core.tests.kill_setup import main; main()"

A commune with its one-stop officer, birth registration posted at its desk, a personal access
token of the officer for the dossier API, and KILL_DEVICES approved attendance devices allowed to
send from the loopback address. Prints one JSON line: the token, the unit's code and the devices'
serial numbers.
"""

from __future__ import annotations

import json
import os


def main() -> None:
    from reformdesk.attendance.services.devices import device_set_networks
    from reformdesk.attendance.tests.factories import make_device
    from reformdesk.core.services.tokens import token_create
    from reformdesk.dossiers.tests.factories import desk_procedure
    from reformdesk.org.choices import Role
    from reformdesk.org.tests.factories import make_official, make_unit

    unit = make_unit(name="Xã Phú Sơn", code="000.30.31.H41")
    officer = make_official(unit=unit, role=Role.ONE_STOP, username="motcua_kill", full_name="Nguyễn Thị Hoa")
    desk_procedure(units=[unit])
    _token, secret = token_create(actor=None, user=officer.user, name="Kiểm thử tắt tiến trình")
    serials = []
    for n in range(int(os.environ.get("KILL_DEVICES", "1"))):
        device = make_device(unit=unit, serial=f"KILLTEST{n:04d}")
        device_set_networks(actor=None, device=device, networks=["127.0.0.1/32"])
        serials.append(device.serial)
    print(json.dumps({"token": secret, "unit": unit.code, "devices": serials}), flush=True)
