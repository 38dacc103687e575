"""Every integer a form reads is bounded: by the form, or by its model field's database range
(which a model form checks before saving). Found by walking every form class of the project."""

from __future__ import annotations

import importlib
import pkgutil

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator

import reformdesk


def project_forms() -> list[type[forms.BaseForm]]:
    for module in pkgutil.walk_packages(reformdesk.__path__, "reformdesk."):
        if not any(part in module.name for part in (".tests", ".migrations", "browser_testing", "conftest")):
            importlib.import_module(module.name)
    found, pending = [], [forms.BaseForm]
    while pending:
        for subclass in pending.pop().__subclasses__():
            pending.append(subclass)
            if subclass.__module__.startswith("reformdesk."):
                found.append(subclass)
    return found


def _model_bounds(form_class: type[forms.BaseForm], name: str) -> bool:
    model = getattr(getattr(form_class, "_meta", None), "model", None)
    if model is None:
        return False
    validators = model._meta.get_field(name).validators
    return any(isinstance(v, MaxValueValidator) for v in validators) and any(
        isinstance(v, MinValueValidator) for v in validators
    )


def test_every_integer_a_form_reads_is_bounded():
    classes = project_forms()
    assert len(classes) > 30  # the walk found the project's forms
    unbounded = [
        f"{form_class.__module__}.{form_class.__name__}.{name}"
        for form_class in classes
        for name, field in getattr(form_class, "base_fields", {}).items()
        if isinstance(field, forms.IntegerField)
        and not isinstance(field, forms.DecimalField | forms.FloatField)
        and (field.max_value is None or field.min_value is None)
        and not _model_bounds(form_class, name)
    ]
    assert unbounded == []
