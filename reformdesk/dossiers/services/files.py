"""Files staff attach to an action on a dossier (a verification report, a signed decision…)."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from reformdesk.core.services.audit import audit_record
from reformdesk.core.uploads import CheckedFile
from reformdesk.dossiers.models import Dossier, DossierEvent, DossierFile
from reformdesk.org.permissions import AnyUser, Perm, has_perm


@transaction.atomic
def dossier_attach(
    *, actor: AnyUser, dossier: Dossier, event: DossierEvent, files: Sequence[CheckedFile]
) -> list[DossierFile]:
    """Keep ``files`` with ``event`` (an action the actor just took on the dossier)."""
    units = (dossier.receiving_unit, dossier.processing_unit)
    if not any(
        has_perm(actor, perm, unit)
        for unit in units
        for perm in (Perm.PROCESS_DOSSIERS, Perm.RECEIVE_DOSSIERS)
    ):
        raise PermissionDenied(_("Bạn không có quyền đính kèm tệp vào hồ sơ này."))
    stored = []
    for checked in files:
        row = DossierFile(
            dossier=dossier,
            event=event,
            original_name=(checked.upload.name or "")[:255],
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
        )
        row.file.save(checked.upload.name or "file", checked.upload, save=False)
        row.save()
        stored.append(row)
    if stored:
        audit_record(
            actor=actor,
            action="dossier.attach",
            obj=dossier,
            changes={"files": [None, [f.original_name for f in stored]], "event": [None, event.pk]},
        )
    return stored
