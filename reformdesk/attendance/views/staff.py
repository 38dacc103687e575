"""Staff pages: the device registry, approving devices and setting whom to trust (networks, key),
deciding on held uploads, punches, unknown PINs, a punch's photo."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from reformdesk.attendance import selectors
from reformdesk.attendance.choices import CommandKind, DeviceStatus
from reformdesk.attendance.filters import DailyRecordFilter, DeviceFilter, PunchFilter, UnknownPinFilter
from reformdesk.attendance.forms import ApproveForm, CommandForm, CommKeyForm, NetworksForm, PinMapForm
from reformdesk.attendance.models import Device, DeviceCommand, DevicePerson, PunchPhoto
from reformdesk.attendance.models.devices import offline_minutes
from reformdesk.attendance.receiver import VN_TZ
from reformdesk.attendance.services import devices as device_services
from reformdesk.attendance.services.access import days_viewed, photo_viewed, punches_viewed
from reformdesk.attendance.services.people import person_map
from reformdesk.attendance.tables import DailyRecordTable, DeviceTable, PunchTable, UnknownPinTable
from reformdesk.core.views.generic import FilteredTableView
from reformdesk.org.models import Unit
from reformdesk.org.permissions import AnyUser, Perm, has_perm, unit_filter

View = Callable[..., HttpResponse]


def may_see_devices(user: AnyUser) -> bool:
    return has_perm(user, Perm.VIEW_ATTENDANCE) or has_perm(user, Perm.MANAGE_DEVICES)


def _requiring(test: Callable[[AnyUser], bool]) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not test(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return login_required(wrapped)

    return decorator


class _Guarded(LoginRequiredMixin):
    allowed: Callable[[AnyUser], bool] = staticmethod(may_see_devices)

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not type(self).allowed(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class DeviceListView(_Guarded, FilteredTableView):
    template_name = "attendance/device_list.html"
    table_class = DeviceTable
    filterset_class = DeviceFilter
    page_title = gettext_lazy("Máy chấm công")
    page_intro = gettext_lazy(
        "Máy chấm công vân tay, khuôn mặt gửi dữ liệu về hệ thống; máy mới phải được duyệt."
    )

    def get_queryset(self) -> QuerySet[Device]:
        return selectors.device_list(user=self.request.user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["offline"] = list(selectors.device_offline(user=self.request.user))
        context["offline_minutes"] = offline_minutes()
        context["pending_count"] = selectors.device_pending(user=self.request.user).count()
        context["foreign"] = list(selectors.device_held_untrusted(user=self.request.user))
        return context


class PunchListView(_Guarded, FilteredTableView):
    """Punches of the units the user may read; each page shown writes access-log rows."""

    template_name = "attendance/punch_list.html"
    table_class = PunchTable
    filterset_class = PunchFilter
    allowed = staticmethod(lambda user: has_perm(user, Perm.VIEW_ATTENDANCE))
    page_title = gettext_lazy("Lượt chấm công")
    page_intro = gettext_lazy("Dữ liệu cá nhân: mỗi lần xem được ghi nhật ký truy cập.")

    def get_queryset(self) -> QuerySet[Any]:
        return selectors.punch_list(user=self.request.user).prefetch_related("photos")

    def get_table_kwargs(self) -> dict[str, Any]:
        if has_perm(self.request.user, Perm.VIEW_PUNCH_PHOTOS):
            return {}
        return {"exclude": ("photo",)}

    def get_filterset_kwargs(self, filterset_class: Any) -> dict[str, Any]:
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["units"] = Unit.objects.filter(unit_filter(self.request.user, Perm.VIEW_ATTENDANCE)).order_by(
            "path"
        )
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        table = context["table"]
        punches_viewed(
            actor=self.request.user, punches=list(table.page.object_list.data) if table.page else []
        )
        return context


class DailyRecordListView(_Guarded, FilteredTableView):
    """Each official's days: in, out, late, early, missing punches, absence (access logged)."""

    template_name = "attendance/day_list.html"
    table_class = DailyRecordTable
    filterset_class = DailyRecordFilter
    allowed = staticmethod(lambda user: has_perm(user, Perm.VIEW_ATTENDANCE))
    page_title = gettext_lazy("Ngày công")
    page_intro = gettext_lazy(
        "Tính từ lượt chấm công và giờ làm việc của đơn vị; ngày đã chốt không tính lại."
    )

    def get_queryset(self) -> QuerySet[Any]:
        return selectors.daily_record_visible(user=self.request.user)

    def get_table_kwargs(self) -> dict[str, Any]:
        if has_perm(self.request.user, Perm.DECIDE_ATTENDANCE):
            return {}
        return {"exclude": ("explain",)}

    def get_filterset_kwargs(self, filterset_class: Any) -> dict[str, Any]:
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["units"] = Unit.objects.filter(unit_filter(self.request.user, Perm.VIEW_ATTENDANCE)).order_by(
            "path"
        )
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        table = context["table"]
        days_viewed(
            actor=self.request.user,
            records=list(table.page.object_list.data) if table.page else [],
            purpose="days.view",
        )
        return context


class UnknownPinListView(_Guarded, FilteredTableView):
    template_name = "attendance/pin_list.html"
    table_class = UnknownPinTable
    filterset_class = UnknownPinFilter
    allowed = staticmethod(lambda user: has_perm(user, Perm.MANAGE_DEVICE_PEOPLE))
    page_title = gettext_lazy("Mã chấm công chưa xác định")
    page_intro = gettext_lazy("Mã chấm công có trên máy nhưng chưa gắn với cán bộ nào.")

    def get_queryset(self) -> QuerySet[DevicePerson]:
        return selectors.unknown_pins(user=self.request.user)


def _manageable_units(user: AnyUser) -> QuerySet[Unit]:
    return Unit.objects.active().filter(unit_filter(user, Perm.MANAGE_DEVICES)).order_by("path")


@_requiring(lambda user: has_perm(user, Perm.MANAGE_DEVICES))
def device_approve(request: HttpRequest, serial: str) -> HttpResponse:
    device = get_object_or_404(Device, serial=serial, status=DeviceStatus.PENDING)
    form = ApproveForm(request.POST or None, units=_manageable_units(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            replayed = device_services.device_approve(
                actor=request.user,
                device=device,
                unit=form.cleaned_data["unit"],
                location=form.cleaned_data["location"],
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request,
                _("Đã duyệt máy %(serial)s; %(count)s dòng dữ liệu chờ đã được ghi nhận.")
                % {"serial": device.serial, "count": replayed},
            )
            return redirect("attendance:device_detail", serial=device.serial)
    held = device.held.filter(replayed_at__isnull=True).count()
    return render(
        request,
        "attendance/device_approve.html",
        {
            "form": form,
            "device": device,
            "held": held,
            "page_title": _("Duyệt máy %(serial)s") % {"serial": serial},
        },
    )


def _visible_device(request: HttpRequest, serial: str) -> Device:
    device = selectors.device_list(user=request.user).filter(serial=serial).first()
    if device is None:
        raise Http404
    return device


def _render_detail(
    request: HttpRequest,
    device: Device,
    *,
    networks_form: NetworksForm | None = None,
    key_form: CommKeyForm | None = None,
) -> HttpResponse:
    """The device page; a networks or key form sent back with its errors when given."""
    held = selectors.device_held_summary(device=device)
    return render(
        request,
        "attendance/device_detail.html",
        {
            "device": device,
            "page_title": _("Máy %(serial)s") % {"serial": device.serial},
            "commands": device.commands.order_by("-id")[:20],
            "operations": device.operations.all()[:20],
            "can_manage": device.unit is not None
            and has_perm(request.user, Perm.MANAGE_DEVICES, device.unit),
            "offline": device.is_offline(),
            "command_form": CommandForm(),
            "networks_form": networks_form
            or NetworksForm(initial={"allowed_networks": "\n".join(device.allowed_networks)}),
            "key_form": key_form or CommKeyForm(),
            "held": held,
            "untrusted_held": any(row.untrusted for row in held),
        },
    )


@_requiring(may_see_devices)
def device_detail(request: HttpRequest, serial: str) -> HttpResponse:
    return _render_detail(request, _visible_device(request, serial))


@require_POST
@_requiring(lambda user: has_perm(user, Perm.MANAGE_DEVICES))
def device_networks(request: HttpRequest, serial: str) -> HttpResponse:
    """Set the networks the device may send from; a wrong entry is shown beside the field."""
    device = _visible_device(request, serial)
    form = NetworksForm(request.POST)
    if form.is_valid():
        try:
            device_services.device_set_networks(
                actor=request.user, device=device, networks=form.cleaned_data["allowed_networks"].splitlines()
            )
        except ValidationError as error:
            if not hasattr(error, "error_dict"):  # about the device, not the field (not approved)
                messages.error(request, " ".join(error.messages))
                return redirect("attendance:device_detail", serial=device.serial)
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Đã lưu mạng được phép gửi dữ liệu của máy %(serial)s.") % {"serial": device.serial},
            )
            return redirect("attendance:device_detail", serial=device.serial)
    return _render_detail(request, device, networks_form=form)


@require_POST
@_requiring(lambda user: has_perm(user, Perm.MANAGE_DEVICES))
def device_comm_key(request: HttpRequest, serial: str) -> HttpResponse:
    """Set a new communication key (never shown back), or remove it (``clear``)."""
    device = _visible_device(request, serial)
    clear = "clear" in request.POST
    form = CommKeyForm(request.POST)
    if clear or form.is_valid():
        try:
            device_services.device_set_comm_key(
                actor=request.user, device=device, key="" if clear else form.cleaned_data["comm_key"]
            )
        except ValidationError as error:
            if clear or not hasattr(error, "error_dict"):  # about the device, not the field
                messages.error(request, " ".join(error.messages))
                return redirect("attendance:device_detail", serial=device.serial)
            form.add_error(None, error)
        else:
            if clear:
                messages.success(
                    request, _("Đã bỏ khóa giao tiếp của máy %(serial)s.") % {"serial": device.serial}
                )
            else:
                messages.success(
                    request,
                    _(
                        "Đã đặt khóa giao tiếp cho máy %(serial)s. Hãy nhập đúng khóa này trên máy "
                        "rồi khởi động lại máy; đến lúc đó dữ liệu máy gửi được giữ lại."
                    )
                    % {"serial": device.serial},
                )
            return redirect("attendance:device_detail", serial=device.serial)
    return _render_detail(request, device, key_form=form)


@require_POST
@_requiring(lambda user: has_perm(user, Perm.MANAGE_DEVICES))
def device_held_release(request: HttpRequest, serial: str) -> HttpResponse:
    """Store the uploads held for failing a trust check, as if they had come from the device."""
    device = _visible_device(request, serial)
    try:
        lines = device_services.device_held_release(actor=request.user, device=device)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Đã nhận dữ liệu đang giữ của máy %(serial)s: %(count)s dòng được ghi nhận.")
            % {"serial": device.serial, "count": lines},
        )
    return redirect("attendance:device_detail", serial=device.serial)


@require_POST
@_requiring(lambda user: has_perm(user, Perm.MANAGE_DEVICES))
def device_held_discard(request: HttpRequest, serial: str) -> HttpResponse:
    """Delete the uploads held for failing a trust check (the audit row keeps what they were)."""
    device = _visible_device(request, serial)
    try:
        count = device_services.device_held_discard(actor=request.user, device=device)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Đã bỏ %(count)s lần gửi dữ liệu đang giữ của máy %(serial)s.")
            % {"serial": device.serial, "count": count},
        )
    return redirect("attendance:device_detail", serial=device.serial)


def _enqueue(request: HttpRequest, device: Device, data: dict[str, Any]) -> DeviceCommand:
    kind, actor = data["kind"], request.user
    if kind in {CommandKind.QUERY_ATTLOG, CommandKind.VERIFY_SUM}:
        start = dt.datetime.combine(data["day"], dt.time.min, tzinfo=VN_TZ)
        service = (
            device_services.command_query_attlog
            if kind == CommandKind.QUERY_ATTLOG
            else device_services.command_verify_sum
        )
        return service(actor=actor, device=device, start=start, end=start + dt.timedelta(days=1))
    if kind == CommandKind.USER_UPDATE:
        person = DevicePerson.objects.filter(
            unit=device.unit, pin=data["pin"].strip(), official__isnull=False
        ).first()
        if person is None or person.official is None:
            raise ValidationError(
                _("Mã chấm công %(pin)s chưa gắn với cán bộ nào.") % {"pin": data["pin"][:32]}
            )
        return device_services.command_push_user(
            actor=actor, device=device, pin=person.pin, official=person.official
        )
    if kind == CommandKind.USER_DELETE:
        return device_services.command_delete_user(actor=actor, device=device, pin=data["pin"])
    if kind == CommandKind.REBOOT:
        return device_services.command_reboot(actor=actor, device=device)
    return device_services.command_check(actor=actor, device=device)


@require_POST
@_requiring(lambda user: has_perm(user, Perm.MANAGE_DEVICES))
def device_command(request: HttpRequest, serial: str) -> HttpResponse:
    """Queue one command; the device picks it up at its next poll."""
    device = _visible_device(request, serial)
    form = CommandForm(request.POST)
    if not form.is_valid():
        errors = [str(message) for messages_ in form.errors.values() for message in messages_]
        messages.error(request, " ".join([str(_("Lệnh không hợp lệ.")), *errors]))
        return redirect("attendance:device_detail", serial=device.serial)
    try:
        command = _enqueue(request, device, form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã xếp lệnh %(command)s chờ máy nhận.") % {"command": command.command})
    return redirect("attendance:device_detail", serial=device.serial)


@_requiring(lambda user: has_perm(user, Perm.MANAGE_DEVICE_PEOPLE))
def pin_map(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(DevicePerson.objects.select_related("unit"), pk=pk)
    if not has_perm(request.user, Perm.MANAGE_DEVICE_PEOPLE, person.unit):
        raise PermissionDenied
    form = PinMapForm(request.POST or None, officials=selectors.officials_of_unit(unit=person.unit))
    if request.method == "POST" and form.is_valid():
        try:
            person_map(
                actor=request.user, unit=person.unit, pin=person.pin, official=form.cleaned_data["official"]
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Đã gắn mã chấm công %(pin)s với cán bộ.") % {"pin": person.pin})
            return redirect("attendance:pin_list")
    return render(
        request,
        "attendance/pin_map.html",
        {
            "form": form,
            "person": person,
            "page_title": _("Xác định mã chấm công %(pin)s") % {"pin": person.pin},
        },
    )


@_requiring(lambda user: has_perm(user, Perm.VIEW_PUNCH_PHOTOS))
def photo(request: HttpRequest, pk: int) -> FileResponse:
    """A punch photo, for leaders and inspectors of the device's unit; every view is logged."""
    row = get_object_or_404(PunchPhoto.objects.select_related("device__unit"), pk=pk)
    unit = row.device.unit
    if unit is None or not has_perm(request.user, Perm.VIEW_PUNCH_PHOTOS, unit):
        raise PermissionDenied
    photo_viewed(actor=request.user, photo=row)
    response = FileResponse(row.image.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, no-store"
    return response
