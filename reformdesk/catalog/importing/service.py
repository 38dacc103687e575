"""``catalog_import``: read, check everything, then write all or nothing in one transaction."""

from __future__ import annotations

import time

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from reformdesk.catalog.importing.reader import FileRefused, read_catalog_file
from reformdesk.catalog.importing.report import ImportReport
from reformdesk.catalog.importing.validator import validate_file
from reformdesk.catalog.importing.writer import apply_import
from reformdesk.core.services.audit import Actor, audit_record
from reformdesk.org.permissions import Perm, require


def catalog_import(*, data: bytes, filename: str, actor: Actor, commit: bool = False) -> ImportReport:
    """Import a catalog workbook (or a CSV of its procedures sheet).

    Without ``commit`` it is a dry run: the whole import is carried out, services included, and
    rolled back, so the preview shows exactly what a commit would do and every refusal. With
    ``commit`` the changes are kept only if there was no error at all; the report says
    ``committed``. ``actor`` None (a management command) skips the permission check, as the
    services do.
    """
    started = time.perf_counter()
    if actor is not None:
        require(actor, Perm.MANAGE_CATALOG)
    report = ImportReport(filename=filename)
    try:
        raw = read_catalog_file(data, filename)
    except FileRefused as exc:
        report.add(exc.sheet, exc.row, "", exc.message)
        return report
    parsed = validate_file(raw, report)
    if parsed is None:
        report.seconds = time.perf_counter() - started
        return report
    try:
        with transaction.atomic():
            apply_import(parsed, actor=actor, report=report)
            if report.errors or not commit:
                transaction.set_rollback(True)
            else:
                audit_record(
                    actor=actor,
                    action="catalog.import",
                    object_type="catalog.procedure",
                    object_repr=filename,
                    changes={
                        "file": filename,
                        "procedures": {
                            key: {"create": c.create, "update": c.update, "unchanged": c.unchanged}
                            for key, c in report.counts.items()
                        },
                        "fields": {"create": report.fields_created, "update": report.fields_updated},
                        "versions_closed": report.versions_closed,
                    },
                )
                report.committed = True
    except IntegrityError:
        # Someone changed the catalog between the comparison and the write (a code taken meanwhile).
        report.committed = False
        report.add("", None, "", _("Danh mục vừa được người khác thay đổi trong lúc nhập. Hãy thử lại."))
    report.seconds = time.perf_counter() - started
    return report
