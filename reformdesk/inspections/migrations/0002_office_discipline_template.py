"""The shipped checklist for office discipline, version 1 (``inspections.shipped``)."""

from django.db import migrations

from reformdesk.inspections.shipped import ITEMS, LEGAL_BASIS, TEMPLATE_CODE, TEMPLATE_NAME


def install(apps, schema_editor):
    Template = apps.get_model("inspections", "ChecklistTemplate")
    Item = apps.get_model("inspections", "ChecklistItem")
    template, _created = Template.objects.get_or_create(
        code=TEMPLATE_CODE, version=1, defaults={"name": TEMPLATE_NAME, "legal_basis": LEGAL_BASIS}
    )
    for position, (code, text, guidance, method, source, kind, rule) in enumerate(ITEMS, start=1):
        Item.objects.update_or_create(
            template=template,
            code=code,
            defaults={
                "position": position,
                "text": text,
                "guidance": guidance,
                "method": method,
                "data_source": source,
                "finding_kind": kind,
                "rule": rule,
            },
        )


def uninstall(apps, schema_editor):
    Template = apps.get_model("inspections", "ChecklistTemplate")
    Template.objects.filter(code=TEMPLATE_CODE, version=1, inspections__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("inspections", "0001_initial")]

    operations = [migrations.RunPython(install, uninstall)]
