"""Django admin, for the administrator: accounts and memberships; master data read-mostly."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Cadre, Commune, Membership, Unit, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["unit"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [MembershipInline]
    list_display = ["username", "full_name", "email", "is_active", "last_login"]
    search_fields = ["username", "full_name", "email"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Portal"), {"fields": ["full_name"]}),
    )

    def get_queryset(self, request):
        # Accounts are no tenant rows: a commune's administrator sees their commune's only.
        users = super().get_queryset(request)
        if request.user.commune_id is not None:
            users = users.filter(commune_id=request.user.commune_id)
        return users


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "parent", "advises_cchc", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "search_name"]


@admin.register(Cadre)
class CadreAdmin(admin.ModelAdmin):
    list_display = ["full_name", "unit", "position", "category", "is_active"]
    list_filter = ["category", "is_active"]
    search_fields = ["search_name"]
    list_select_related = ["unit"]

    def has_change_permission(self, request, obj=None):
        # People change through the portal's forms, which keep the transfer history.
        return False


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ["name", "place_name", "chairman_name"]

    def get_queryset(self, request):
        communes = super().get_queryset(request)
        if request.user.commune_id is not None:
            communes = communes.filter(pk=request.user.commune_id)
        return communes
