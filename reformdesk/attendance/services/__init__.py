"""Writes of the attendance app: what devices upload (``receiving``), what staff do (the others)."""
