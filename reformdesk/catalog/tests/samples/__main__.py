"""``python -m reformdesk.catalog.tests.samples``: rewrite the sample workbook and CSV."""

import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reformdesk.settings")
django.setup()

from reformdesk.catalog.tests.samples import write_samples  # noqa: E402 - needs Django set up

write_samples()
