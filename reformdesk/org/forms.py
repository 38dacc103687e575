"""Form pieces other apps reuse when a page is about one unit."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reformdesk.core.forms import TextInputMixin
from reformdesk.org.models import Unit
from reformdesk.org.selectors import unit_get_by_code


class UnitQueryForm(TextInputMixin, forms.Form):
    """A ``unit`` code chosen among ``choices`` (the default when left empty), cleaned to a
    :class:`Unit`; statistics pages add their own dates."""

    unit = forms.CharField(label=gettext_lazy("Đơn vị"), max_length=40, required=False)

    def __init__(self, *args: Any, default_unit: Unit | None, choices: list[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.default_unit = default_unit
        options = [(u.code, f"{u.name} ({u.code})") for u in choices]
        self.fields["unit"].widget = forms.Select(choices=options, attrs={"class": "form-select"})

    def clean_unit(self) -> Unit:
        code = (self.cleaned_data.get("unit") or "").strip()
        if not code:
            if self.default_unit is None:
                raise forms.ValidationError(_("Hãy chọn đơn vị cần thống kê."), code="required")
            return self.default_unit
        unit = unit_get_by_code(code=code)
        if unit is None:
            raise forms.ValidationError(
                _("Không tìm thấy đơn vị có mã «%(code)s».") % {"code": code[:20]}, code="unknown_unit"
            )
        return unit
