from django.contrib import admin

from reformdesk.org.models import Membership, Official, ReceptionSlot, Unit, UnitSuccession


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["unit"]


class ReceptionSlotInline(admin.TabularInline):
    model = ReceptionSlot
    extra = 0
    autocomplete_fields = ["host"]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name_vi", "code", "kind", "parent", "valid_from", "valid_to"]
    list_filter = ["kind"]
    search_fields = ["name_vi", "name_en", "code"]
    autocomplete_fields = ["parent", "leader"]
    readonly_fields = ["path", "depth"]
    inlines = [ReceptionSlotInline]

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        # The tree path is kept by services; editing parents here would break it.
        return request.user.is_superuser


@admin.register(Official)
class OfficialAdmin(admin.ModelAdmin):
    list_display = ["full_name", "employee_code", "position", "category", "is_active"]
    list_filter = ["category", "is_active"]
    search_fields = ["full_name", "employee_code", "position"]
    raw_id_fields = ["user"]
    inlines = [MembershipInline]


@admin.register(UnitSuccession)
class UnitSuccessionAdmin(admin.ModelAdmin):
    list_display = ["predecessor", "successor", "kind", "effective_on", "legal_basis"]
    autocomplete_fields = ["predecessor", "successor"]
