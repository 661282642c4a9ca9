from django.db import models
from django.utils.translation import gettext_lazy as _


class OrgKind(models.TextChoices):
    COMMUNE_COMMITTEE = "commune_committee", _("Đảng bộ xã")
    BASE_COMMITTEE = "base_committee", _("Đảng bộ cơ sở")
    BASE_CELL = "base_cell", _("Chi bộ cơ sở")
    SUB_COMMITTEE = "sub_committee", _("Đảng bộ bộ phận")
    CELL = "cell", _("Chi bộ")
    GROUP = "group", _("Tổ đảng")


class Category(models.TextChoices):
    LOCALITY = "locality", _("Thôn, bản, tổ dân phố")
    SCHOOL = "school", _("Trường học")
    HEALTH = "health", _("Y tế")
    POLICE = "police", _("Công an")
    MILITARY = "military", _("Quân sự")
    PARTY_AGENCY = "party_agency", _("Cơ quan Đảng, Mặt trận, đoàn thể")
    GOVERNMENT = "government", _("Cơ quan chính quyền")
    PUBLIC_SERVICE = "public_service", _("Đơn vị sự nghiệp")
    STATE_ENTERPRISE = "state_enterprise", _("Doanh nghiệp nhà nước")
    PRIVATE_ENTERPRISE = "private_enterprise", _("Doanh nghiệp ngoài nhà nước")
    OTHER = "other", _("Khác")


class LocalityKind(models.TextChoices):
    VILLAGE = "thon", _("Thôn")
    HAMLET = "ban", _("Bản")
    RESIDENTIAL_GROUP = "to_dan_pho", _("Tổ dân phố")


class PostTitle(models.TextChoices):
    SECRETARY = "secretary", _("Bí thư")
    DEPUTY_SECRETARY = "deputy_secretary", _("Phó Bí thư")
    STANDING_COMMITTEE_MEMBER = "standing_committee_member", _("Ủy viên Ban Thường vụ")
    COMMITTEE_MEMBER = "committee_member", _("Cấp ủy viên / Chi ủy viên")
    INSPECTION_COMMITTEE_MEMBER = "inspection_committee_member", _("Ủy viên Ủy ban Kiểm tra")
    VILLAGE_HEAD = "village_head", _("Trưởng thôn, bản, tổ dân phố")
    FRONT_COMMITTEE_HEAD = "front_committee_head", _("Trưởng ban công tác Mặt trận")
    AGENCY_HEAD = "agency_head", _("Thủ trưởng cơ quan, đơn vị")
    PEOPLES_COMMITTEE_CHAIR = "peoples_committee_chair", _("Chủ tịch UBND")
    OTHER = "other", _("Chức vụ khác")


# Which kinds may sit under which: the shape of DOMAIN.md §2.
ALLOWED_PARENT_KINDS: dict[str, set[str]] = {
    OrgKind.COMMUNE_COMMITTEE: set(),
    OrgKind.BASE_COMMITTEE: {OrgKind.COMMUNE_COMMITTEE},
    OrgKind.BASE_CELL: {OrgKind.COMMUNE_COMMITTEE},
    OrgKind.SUB_COMMITTEE: {OrgKind.BASE_COMMITTEE},
    OrgKind.CELL: {OrgKind.COMMUNE_COMMITTEE, OrgKind.BASE_COMMITTEE, OrgKind.SUB_COMMITTEE},
    OrgKind.GROUP: {OrgKind.CELL, OrgKind.BASE_CELL},
}
# Members belong to cells (chi bộ); committees hold cells, not members.
MEMBER_HOLDING_KINDS = {OrgKind.BASE_CELL, OrgKind.CELL}
# Posts tied to a locality rather than to a party organization.
LOCALITY_POSTS = {PostTitle.VILLAGE_HEAD, PostTitle.FRONT_COMMITTEE_HEAD}
# Posts one person holds at a time in a given place.
SINGLE_HOLDER_POSTS = {
    PostTitle.SECRETARY,
    PostTitle.VILLAGE_HEAD,
    PostTitle.FRONT_COMMITTEE_HEAD,
    PostTitle.AGENCY_HEAD,
    PostTitle.PEOPLES_COMMITTEE_CHAIR,
}
