from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """Roles a user holds on an organization; each covers the organization's whole subtree."""

    COMMUNE_ADMIN = "commune_admin", _("Quản trị đảng bộ xã")
    PARTY_BUILDING = "party_building", _("Ban Xây dựng Đảng")
    INSPECTION = "inspection", _("Ủy ban Kiểm tra")
    OFFICE = "office", _("Văn phòng Đảng ủy")
    CELL_SECRETARY = "cell_secretary", _("Bí thư chi bộ")
    MEMBER = "member", _("Đảng viên")


class Action(models.TextChoices):
    """What a role allows, checked by ``dangbo.core.scope``."""

    VIEW = "view", _("Xem")
    VIEW_SENSITIVE = "view_sensitive", _("Xem thông tin nhạy cảm")
    MANAGE_MEMBERS = "manage_members", _("Quản lý đảng viên")
    MANAGE_ORGANIZATIONS = "manage_organizations", _("Quản lý tổ chức")
    MANAGE_MEETINGS = "manage_meetings", _("Quản lý sinh hoạt, điểm danh")


STAFF_ROLES = {Role.COMMUNE_ADMIN, Role.PARTY_BUILDING, Role.INSPECTION, Role.OFFICE}

ROLE_ACTIONS: dict[str, set[str]] = {
    Role.COMMUNE_ADMIN: {a.value for a in Action},
    Role.PARTY_BUILDING: {
        Action.VIEW,
        Action.MANAGE_MEETINGS,
        Action.VIEW_SENSITIVE,
        Action.MANAGE_MEMBERS,
        Action.MANAGE_ORGANIZATIONS,
    },
    Role.INSPECTION: {Action.VIEW, Action.VIEW_SENSITIVE},
    Role.OFFICE: {Action.VIEW, Action.MANAGE_MEETINGS},
    Role.CELL_SECRETARY: {Action.VIEW, Action.VIEW_SENSITIVE, Action.MANAGE_MEETINGS},
    Role.MEMBER: {Action.VIEW},
}
