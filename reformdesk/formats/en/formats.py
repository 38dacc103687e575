"""English pages of a Vietnamese system: day-first dates like the Vietnamese pages (an American
mm/dd reading of 03/04/2026 would be a different day). Numbers keep English separators."""

from reformdesk.formats.shared import DATE_INPUT_FORMATS, DATETIME_INPUT_FORMATS

SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
__all__ = ["DATETIME_INPUT_FORMATS", "DATE_INPUT_FORMATS", "SHORT_DATETIME_FORMAT", "SHORT_DATE_FORMAT"]
