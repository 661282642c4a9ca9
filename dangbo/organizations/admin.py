"""Admin for superusers: reading and repairs. Tree changes go through the site's forms, which
call the services (moves and dissolutions must keep the dated placements true)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Locality, Organization, OrganizationName, OrganizationPlacement, Post


class NameInline(admin.TabularInline):
    model = OrganizationName
    extra = 0
    readonly_fields = ["name", "valid_from", "valid_to"]
    can_delete = False


class PlacementInline(admin.TabularInline):
    model = OrganizationPlacement
    fk_name = "organization"
    extra = 0
    readonly_fields = ["parent", "path", "valid_from", "valid_to"]
    can_delete = False


@admin.register(Organization)
class OrganizationAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "kind", "category", "parent", "established_on", "dissolved_on"]
    list_filter = ["kind", "category"]
    search_fields = ["code", "name"]
    readonly_fields = ["parent", "path", "depth", "established_on", "dissolved_on"]
    inlines = [NameInline, PlacementInline]

    def has_add_permission(self, request):
        return False


@admin.register(Locality)
class LocalityAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "committee", "cell"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["committee", "cell"]


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["title", "person", "organization", "locality", "started_on", "ended_on"]
    list_filter = ["title"]
    search_fields = ["person__full_name", "organization__name", "locality__name"]
    autocomplete_fields = ["person", "organization", "locality"]
