"""Admin for superusers. The event log is read-only here: lifecycle changes go through the
services (the site's forms), which validate the whole history before writing."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Member, MemberEvent, MembershipPeriod, Person


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["full_name", "birth_date", "gender", "ethnicity"]
    list_filter = ["gender", "ethnicity", "general_education", "political_theory"]
    search_fields = ["search_name", "full_name", "national_id"]
    readonly_fields = ["sort_key", "search_name"]


class EventInline(admin.TabularInline):
    model = MemberEvent
    extra = 0
    can_delete = False
    readonly_fields = [
        "kind",
        "effective_on",
        "seq",
        "organization",
        "decision_number",
        "decision_date",
        "note",
        "extra",
        "actor",
        "recorded_at",
    ]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Member)
class MemberAdmin(SimpleHistoryAdmin):
    list_display = ["person", "card_number", "organization", "state", "admitted_on", "official_on"]
    list_filter = ["state", "is_exempt"]
    search_fields = ["person__search_name", "card_number"]
    list_select_related = ["person", "organization"]
    readonly_fields = [
        "person",
        "organization",
        "state",
        "admitted_on",
        "official_on",
        "is_exempt",
        "is_away",
        "left_on",
    ]
    inlines = [EventInline]

    def has_add_permission(self, request):
        return False


@admin.register(MembershipPeriod)
class MembershipPeriodAdmin(admin.ModelAdmin):
    list_display = ["member", "organization", "start", "end", "standing", "exempt", "guest"]
    list_select_related = ["member__person", "organization"]
    search_fields = ["member__person__search_name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
