"""Vietnamese formats: Django's, but short dates as dd/mm/yyyy (Django's are dd-mm-yyyy), the way
Vietnamese administrative documents write them, and thousands grouped by three (Django's Vietnamese
formats name the separator "." but set no grouping, so nothing was grouped)."""

from reformdesk.formats.shared import DATE_INPUT_FORMATS, DATETIME_INPUT_FORMATS

SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
NUMBER_GROUPING = 3
__all__ = [
    "DATETIME_INPUT_FORMATS",
    "DATE_INPUT_FORMATS",
    "NUMBER_GROUPING",
    "SHORT_DATETIME_FORMAT",
    "SHORT_DATE_FORMAT",
]
