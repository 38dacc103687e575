"""Importing and exporting the procedure catalog as a workbook (docs/catalog-import.md).

``catalog_import`` reads an .xlsx (or a .csv of the procedures sheet), checks it completely,
previews or commits it in one transaction; ``catalog_export`` writes the catalog in the same layout,
so that exporting, importing and exporting again changes nothing.
"""

from reformdesk.catalog.importing.exporter import catalog_export
from reformdesk.catalog.importing.report import ImportReport, RowError, SheetCounts
from reformdesk.catalog.importing.service import catalog_import

__all__ = ["ImportReport", "RowError", "SheetCounts", "catalog_export", "catalog_import"]
