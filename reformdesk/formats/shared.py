"""The input formats every language shares: dd/mm/yyyy first, ISO for links and API callers."""

from reformdesk.core.dates import DAY_INPUT_FORMATS

DATE_INPUT_FORMATS = DAY_INPUT_FORMATS
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M",
]
