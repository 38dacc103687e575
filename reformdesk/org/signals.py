"""Signals org sends for writes that bypass ``save()`` (bulk updates of the unit tree).

Apps that cache what they build from units (the public catalog pages) listen to them; org never
imports those apps.
"""

from django.dispatch import Signal

# Sent after ``unit_move`` re-hung a unit and its subtree with bulk UPDATEs; ``unit`` is the moved unit.
units_moved = Signal()
