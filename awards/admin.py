"""Django admin, for the administrator: the table of base salaries (lương cơ sở)."""

from django.contrib import admin

from .models import BaseSalary


@admin.register(BaseSalary)
class BaseSalaryAdmin(admin.ModelAdmin):
    """A new lương cơ sở is a new row from its decree's effective date; an issued decision
    keeps the value frozen on it whatever is changed here."""

    list_display = ["effective_from", "amount", "legal_basis"]
    ordering = ["-effective_from"]
