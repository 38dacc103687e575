"""Forms of the regulation and commitment pages. Forms parse; the services decide, and their
refusals come back beside the field they name (``forms.ServiceErrors``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reformdesk.core.dates import DayField
from reformdesk.core.forms import BootstrapMixin, TextInputMixin
from reformdesk.documents.choices import Confidentiality, OutgoingStatus
from reformdesk.documents.choices_regulations import CommitmentKind, RegulationKind
from reformdesk.documents.forms import ServiceErrors
from reformdesk.documents.models import CommitmentItem, OutgoingDocument, RegulationVersion
from reformdesk.documents.models.commitments import SOURCE_MAX_CHARS, TEMPLATE_TITLE_MAX_CHARS
from reformdesk.documents.models.regulations import DECISION_MAX_CHARS, TITLE_MAX_CHARS
from reformdesk.documents.selectors_regulations import replaceable_versions
from reformdesk.documents.services.commitments import DESCRIPTION_MAX_CHARS, PREAMBLE_MAX_CHARS
from reformdesk.documents.services.regulations import BODY_MAX_CHARS
from reformdesk.org.models import Unit


class _VersionChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: RegulationVersion) -> str:
        return f"{obj.title} — {obj.effective_on:%d/%m/%Y}"


class _DecisionChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: OutgoingDocument) -> str:
        return f"{obj.symbol} — {obj.summary[:80]}"


class RegulationForm(TextInputMixin, BootstrapMixin, ServiceErrors, forms.Form):
    """A new version of one of the unit's regulations, entered as a draft."""

    kind = forms.ChoiceField(label=_("Loại quy chế"), choices=RegulationKind.choices)
    title = forms.CharField(label=_("Tên quy chế"), max_length=TITLE_MAX_CHARS)
    effective_on = DayField(label=_("Có hiệu lực từ ngày"))
    issuing_document = _DecisionChoice(
        label=_("Quyết định ban hành (sổ văn bản đi)"),
        queryset=OutgoingDocument.objects.none(),
        required=False,
        help_text=_("Chọn trong sổ văn bản đi của đơn vị, hoặc ghi số, ký hiệu ở ô bên dưới."),
    )
    decision_symbol = forms.CharField(
        label=_("Số, ký hiệu quyết định"),
        max_length=DECISION_MAX_CHARS,
        required=False,
        help_text=_("Ví dụ: 05/QĐ-UBND"),
    )
    replaces = _VersionChoice(
        label=_("Thay thế phiên bản"), queryset=RegulationVersion.objects.none(), required=False
    )
    body = forms.CharField(
        label=_("Nội dung (văn bản để tra cứu)"),
        max_length=BODY_MAX_CHARS,
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    pdf = forms.FileField(label=_("Văn bản quy chế (PDF)"), required=False, help_text=_("Tối đa 10 MB."))
    is_public = forms.BooleanField(
        label=_("Công khai trên trang của đơn vị ở cổng thông tin"),
        required=False,
        help_text=_("Ví dụ: nội quy tiếp công dân, nội quy Bộ phận Một cửa."),
    )

    def __init__(self, *args: Any, unit: Unit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        decision = self.fields["issuing_document"]
        assert isinstance(decision, forms.ModelChoiceField)
        decision.queryset = OutgoingDocument.objects.filter(
            unit=unit, status=OutgoingStatus.REGISTERED, confidentiality=Confidentiality.NORMAL
        ).order_by("-year", "-number")
        replaces = self.fields["replaces"]
        assert isinstance(replaces, forms.ModelChoiceField)
        replaces.queryset = replaceable_versions(unit=unit)


class CommitmentTemplateForm(TextInputMixin, BootstrapMixin, ServiceErrors, forms.Form):
    """A year's commitment template: one item a line."""

    kind = forms.ChoiceField(label=_("Loại cam kết"), choices=CommitmentKind.choices)
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Tiêu đề"), max_length=TEMPLATE_TITLE_MAX_CHARS)
    preamble = forms.CharField(
        label=_("Lời mở đầu"),
        max_length=PREAMBLE_MAX_CHARS,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    items = forms.CharField(
        label=_("Nội dung cam kết"),
        help_text=_("Mỗi dòng một nội dung; được đánh số theo thứ tự."),
        max_length=60_000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    def item_lines(self) -> list[str]:
        return str(self.cleaned_data["items"]).splitlines()


class BreachForm(TextInputMixin, BootstrapMixin, ServiceErrors, forms.Form):
    item = forms.ModelChoiceField(
        label=_("Nội dung cam kết bị vi phạm"), queryset=CommitmentItem.objects.none()
    )
    occurred_on = DayField(label=_("Ngày vi phạm"))
    description = forms.CharField(
        label=_("Nội dung vi phạm"),
        max_length=DESCRIPTION_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    source = forms.CharField(
        label=_("Nguồn ghi nhận"),
        max_length=SOURCE_MAX_CHARS,
        required=False,
        help_text=_("Ví dụ: biên bản kiểm tra, phát hiện số…"),
    )

    def __init__(self, *args: Any, template_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["item"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = CommitmentItem.objects.filter(template_id=template_id).order_by("number")
        field.label_from_instance = lambda obj: f"{obj.number}. {obj.text[:90]}"  # type: ignore[method-assign]


def default_year() -> int:
    return timezone.localdate().year


def year_from(value: str | None) -> int:
    """The ``?year=`` of a page, this year when absent or not a plausible year."""
    try:
        year = int(value or "")
    except ValueError:
        return default_year()
    return year if 2000 <= year <= 2100 else default_year()
