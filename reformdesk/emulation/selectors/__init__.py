"""Reads of the emulation app: training (``training``), the evaluation form's pre-fill
(``prefill``) and evaluations (``evaluations``)."""
