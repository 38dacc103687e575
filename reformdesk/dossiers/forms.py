"""Forms of the one-stop desk's pages: intake at the counter and the actions on a dossier.

Forms parse; the services decide. A service's refusal comes back beside the field it names.
"""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from reformdesk.catalog.choices import Channel
from reformdesk.catalog.forms import ServiceErrorsMixin
from reformdesk.catalog.models import ProcedureCase, ProcedureVersion, RequiredPaper
from reformdesk.core.dates import MomentField
from reformdesk.core.forms import BootstrapMixin, DigitsField, TextInputMixin
from reformdesk.dossiers.actions import ActionData
from reformdesk.dossiers.choices import ApplicantKind, DeliveryMethod
from reformdesk.dossiers.models.dossier import MAX_FEE_VND
from reformdesk.dossiers.services import Applicant, Digitisation
from reformdesk.dossiers.workflow import WORKFLOW
from reformdesk.org.models import Official, Unit

COUNTER_CHANNELS = [
    (Channel.IN_PERSON.value, Channel.IN_PERSON.label),
    (Channel.POST.value, Channel.POST.label),
]


class PaperChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: RequiredPaper) -> str:
        extra = f" — {obj.get_form_display()}, {obj.quantity}"
        return f"{obj.name_vi}{extra}" + ("" if obj.is_required else f" ({_('không bắt buộc')})")


class ApplicantFields(TextInputMixin, forms.Form):
    applicant_kind = forms.ChoiceField(
        label=_("Người nộp là"), choices=ApplicantKind.choices, initial=ApplicantKind.PERSON
    )
    name = forms.CharField(label=_("Họ và tên (tên tổ chức)"), max_length=200)
    id_number = DigitsField(
        label=_("Số định danh cá nhân / mã số thuế"),
        max_length=14,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    phone = DigitsField(
        label=_("Số điện thoại"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
    )
    email = forms.CharField(label=_("Thư điện tử"), max_length=254, required=False)
    address = forms.CharField(label=_("Địa chỉ"), max_length=300, required=False)
    representative_name = forms.CharField(label=_("Người được ủy quyền nộp"), max_length=200, required=False)
    representative_id_number = DigitsField(
        label=_("Số định danh người được ủy quyền"), max_length=12, required=False
    )

    def applicant(self) -> Applicant:
        data = self.cleaned_data
        return Applicant(
            name=data["name"],
            kind=data["applicant_kind"],
            id_number=data["id_number"],
            phone=data["phone"],
            email=data["email"],
            address=data["address"],
            representative_name=data["representative_name"],
            representative_id_number=data["representative_id_number"],
        )


# The service's applicant errors are keyed by the Applicant's field names.
APPLICANT_FIELD_NAMES = {"kind": "applicant_kind"}


class DigitisationFields(TextInputMixin, forms.Form):
    """The digitisation flags the desk records at intake (``services.Digitisation``)."""

    papers_digitised = forms.BooleanField(
        label=_("Thành phần hồ sơ đã được số hóa"),
        required=False,
        help_text=_("Giấy tờ nộp trực tiếp đã được quét, lưu thành bản điện tử trong hồ sơ."),
    )
    reused_from = forms.CharField(
        label=_("Mã hồ sơ trước được tái sử dụng dữ liệu"),
        required=False,
        max_length=32,
        help_text=_(
            "Hồ sơ đã tiếp nhận trước đây của chính người nộp này mà dữ liệu, giấy tờ đã số hóa"
            " được dùng lại (không yêu cầu nộp lại). Để trống nếu không có."
        ),
    )
    population_data_used = forms.BooleanField(
        label=_("Đã khai thác Cơ sở dữ liệu quốc gia về dân cư"),
        required=False,
        help_text=_("Thông tin của người nộp được lấy, đối chiếu từ dữ liệu dân cư thay cho giấy tờ."),
    )

    def digitisation(self) -> Digitisation:
        data = self.cleaned_data
        return Digitisation(
            papers_digitised=data["papers_digitised"],
            reused_from=data["reused_from"].strip(),
            population_data_used=data["population_data_used"],
        )


class IntakeForm(BootstrapMixin, ServiceErrorsMixin, DigitisationFields, ApplicantFields):
    channel = forms.TypedChoiceField(
        label=_("Hình thức nộp"), choices=COUNTER_CHANNELS, coerce=int, initial=1
    )
    case = forms.ModelChoiceField(
        label=_("Trường hợp"),
        queryset=ProcedureCase.objects.none(),
        required=False,
        empty_label=_("Trường hợp chung"),
    )
    processing_unit = forms.ModelChoiceField(
        label=_("Cơ quan giải quyết"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("Đơn vị tiếp nhận"),
        help_text=_(
            "Thủ tục tiếp nhận không phụ thuộc địa giới: chọn nơi giải quyết nếu khác nơi tiếp nhận."
        ),
    )
    papers = PaperChoiceField(
        label=_("Giấy tờ đã nhận"),
        queryset=RequiredPaper.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Thiếu giấy tờ bắt buộc thì hệ thống lập phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (một lần)."
        ),
    )
    note = forms.CharField(
        label=_("Ghi chú"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    client_token = forms.UUIDField(widget=forms.HiddenInput)
    refuse_reasons = forms.CharField(
        label=_("Lý do từ chối tiếp nhận"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Chỉ điền khi từ chối: hệ thống lập phiếu từ chối tiếp nhận giải quyết hồ sơ."),
    )

    def __init__(self, *args: Any, version: ProcedureVersion, desks: list[Unit], **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("client_token", uuid.uuid4())
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = version.cases.all()
        self.fields["papers"].queryset = RequiredPaper.objects.filter(version=version).select_related("case")
        if not version.cases.exists():
            del self.fields["case"]
        if desks:
            self.fields["processing_unit"].queryset = Unit.objects.filter(pk__in=[u.pk for u in desks])
        else:
            del self.fields["processing_unit"]
        self.fields["papers"].widget.attrs["class"] = "form-check-input"

    def add_service_error(self, error: Any) -> None:
        if hasattr(error, "error_dict"):
            error.error_dict = {APPLICANT_FIELD_NAMES.get(k, k): v for k, v in error.error_dict.items()}
        super().add_service_error(error)


def official_label(official: Official) -> str:
    """The name, title and unit of one of the people a dossier can be handed to."""
    title = official.position or official.job_title
    unit = getattr(official, "unit_name", "")
    details = ", ".join(part for part in (title, unit) if part)
    return f"{official.full_name} — {details}" if details else official.full_name


class ActionForm(TextInputMixin, BootstrapMixin, ServiceErrorsMixin, forms.Form):
    """Every field an action may need; each action's panel shows its own."""

    note = forms.CharField(
        label=_("Ý kiến"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    to_official = forms.ModelChoiceField(
        label=_("Chuyển cho"),
        queryset=Official.objects.none(),
        required=False,
        to_field_name="employee_code",
        empty_label=_("Người được phân công theo quy trình"),
    )
    missing = forms.CharField(
        label=_("Giấy tờ phải bổ sung (mỗi dòng một giấy tờ)"),
        required=False,
        max_length=4000,
        help_text=_(
            "Mỗi dòng: tên giấy tờ | số lượng | nội dung cần bổ sung, hoàn thiện. Số lượng và nội dung "
            "có thể để trống, ví dụ: Giấy chứng sinh | 1 | Bản chụp, cần bản chính."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    amount_vnd = forms.IntegerField(
        label=_("Số tiền (đồng)"), required=False, min_value=1, max_value=MAX_FEE_VND
    )
    reasons = forms.CharField(
        label=_("Lý do"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    new_due_at = MomentField(label=_("Ngày hẹn trả mới"), required=False)
    method = forms.ChoiceField(
        label=_("Hình thức trả"),
        required=False,
        choices=DeliveryMethod.choices,
        initial=DeliveryMethod.COUNTER,
    )
    collected_by = forms.CharField(label=_("Người nhận kết quả"), required=False, max_length=200)
    papers = forms.MultipleChoiceField(
        label=_("Giấy tờ hợp lệ"), required=False, choices=[], widget=forms.CheckboxSelectMultiple
    )
    papers_digitised = DigitisationFields.base_fields["papers_digitised"]
    reused_from = DigitisationFields.base_fields["reused_from"]
    population_data_used = DigitisationFields.base_fields["population_data_used"]
    electronic_result = forms.BooleanField(
        label=_("Đã cấp kết quả điện tử"),
        required=False,
        help_text=_("Kết quả giải quyết được ký số và trả dưới dạng bản điện tử."),
    )
    paid_online = forms.BooleanField(
        label=_("Nộp qua thanh toán trực tuyến"),
        required=False,
        help_text=_("Phí, lệ phí được thanh toán trực tuyến, không nộp tiền mặt tại Bộ phận Một cửa."),
    )
    attachment = forms.FileField(
        label=_("Tệp đính kèm"),
        required=False,
        help_text=_("PDF, JPEG hoặc PNG, tối đa 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
    )

    def __init__(
        self,
        *args: Any,
        officials: list[Official] | None = None,
        papers: list[RequiredPaper] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if officials is not None:
            # In the order given (the dossier's own unit first), each named with title and unit.
            field = self.fields["to_official"]
            field.queryset = Official.objects.filter(pk__in=[o.pk for o in officials])
            field.choices = [
                ("", field.empty_label),
                *((o.employee_code, official_label(o)) for o in officials),
            ]
        self.fields["papers"].choices = [(str(p.pk), p.name_vi) for p in papers or []]
        self.fields["papers"].widget.attrs["class"] = "form-check-input"

    def action_data(self) -> ActionData:
        data = self.cleaned_data
        official = data.get("to_official")
        # A flag the action's panel does not show is left as recorded.
        shown = set(WORKFLOW[self.prefix].fields) if self.prefix in WORKFLOW else set()

        def flag(name: str) -> Any:
            return data.get(name) if name in shown else None

        reused_from = flag("reused_from")
        return ActionData(
            papers_digitised=flag("papers_digitised"),
            reused_from=reused_from.strip() if reused_from is not None else None,
            population_data_used=flag("population_data_used"),
            electronic_result=flag("electronic_result"),
            paid_online=bool(flag("paid_online")),
            note=data.get("note", ""),
            to_official=official.employee_code if official else None,
            missing=[line for line in (data.get("missing") or "").splitlines() if line.strip()],
            papers=[int(p) for p in data.get("papers") or []],
            amount_vnd=data.get("amount_vnd"),
            reasons=data.get("reasons", ""),
            new_due_at=data.get("new_due_at"),
            method=data.get("method", ""),
            collected_by=data.get("collected_by", ""),
        )
