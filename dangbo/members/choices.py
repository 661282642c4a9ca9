"""Vocabularies of DOMAIN.md §3, with their Vietnamese labels."""

import re

from django.db import models
from django.utils.translation import gettext_lazy as _

from dangbo.core.text import fold


class Gender(models.TextChoices):
    MALE = "male", _("Nam")
    FEMALE = "female", _("Nữ")


class Ethnicity(models.TextChoices):
    """The 54 ethnic groups of Việt Nam, in the order of the official list (Tổng cục Thống kê)."""

    KINH = "kinh", "Kinh"
    TAY = "tay", "Tày"
    THAI = "thai", "Thái"
    HOA = "hoa", "Hoa"
    KHMER = "khmer", "Khmer"
    MUONG = "muong", "Mường"
    NUNG = "nung", "Nùng"
    MONG = "mong", "Mông"
    DAO = "dao", "Dao"
    GIA_RAI = "gia_rai", "Gia Rai"
    NGAI = "ngai", "Ngái"
    E_DE = "e_de", "Ê Đê"
    BA_NA = "ba_na", "Ba Na"
    XO_DANG = "xo_dang", "Xơ Đăng"
    SAN_CHAY = "san_chay", "Sán Chay"
    CO_HO = "co_ho", "Cơ Ho"
    CHAM = "cham", "Chăm"
    SAN_DIU = "san_diu", "Sán Dìu"
    HRE = "hre", "Hrê"
    MNONG = "mnong", "Mnông"
    RA_GLAI = "ra_glai", "Ra Glai"
    XTIENG = "xtieng", "Xtiêng"
    BRU_VAN_KIEU = "bru_van_kieu", "Bru - Vân Kiều"
    THO = "tho", "Thổ"
    GIAY = "giay", "Giáy"
    CO_TU = "co_tu", "Cơ Tu"
    GIE_TRIENG = "gie_trieng", "Giẻ Triêng"
    MA = "ma", "Mạ"
    KHO_MU = "kho_mu", "Khơ Mú"
    CO = "co", "Co"
    TA_OI = "ta_oi", "Tà Ôi"
    CHO_RO = "cho_ro", "Chơ Ro"
    KHANG = "khang", "Kháng"
    XINH_MUN = "xinh_mun", "Xinh Mun"
    HA_NHI = "ha_nhi", "Hà Nhì"
    CHU_RU = "chu_ru", "Chu Ru"
    LAO = "lao", "Lào"
    LA_CHI = "la_chi", "La Chí"
    LA_HA = "la_ha", "La Ha"
    PHU_LA = "phu_la", "Phù Lá"
    LA_HU = "la_hu", "La Hủ"
    LU = "lu", "Lự"
    LO_LO = "lo_lo", "Lô Lô"
    CHUT = "chut", "Chứt"
    MANG = "mang", "Mảng"
    PA_THEN = "pa_then", "Pà Thẻn"
    CO_LAO = "co_lao", "Cờ Lao"
    CONG = "cong", "Cống"
    BO_Y = "bo_y", "Bố Y"
    SI_LA = "si_la", "Si La"
    PU_PEO = "pu_peo", "Pu Péo"
    BRAU = "brau", "Brâu"
    O_DU = "o_du", "Ơ Đu"
    RO_MAM = "ro_mam", "Rơ Măm"


# Spellings seen in real lists, beyond each group's official name (compared folded, without
# spaces, hyphens or apostrophes: "H'Mông", "Hmông", "H'mông" and "Mông" all meet).
ETHNICITY_ALIASES = {
    "hmong": Ethnicity.MONG,
    "meo": Ethnicity.MONG,
    "khome": Ethnicity.KHMER,
    "khmer": Ethnicity.KHMER,
    "thaiden": Ethnicity.THAI,
    "thaitrang": Ethnicity.THAI,
    "ede": Ethnicity.E_DE,
    "rhade": Ethnicity.E_DE,
    "jrai": Ethnicity.GIA_RAI,
    "bahnar": Ethnicity.BA_NA,
    "sedang": Ethnicity.XO_DANG,
    "koho": Ethnicity.CO_HO,
    "raglai": Ethnicity.RA_GLAI,
    "stieng": Ethnicity.XTIENG,
    "bru": Ethnicity.BRU_VAN_KIEU,
    "vankieu": Ethnicity.BRU_VAN_KIEU,
    "katu": Ethnicity.CO_TU,
    "khmu": Ethnicity.KHO_MU,
    "tamu": Ethnicity.KHO_MU,
    "taoih": Ethnicity.TA_OI,
    "paco": Ethnicity.TA_OI,
    "colao": Ethnicity.CO_LAO,
    "lolo": Ethnicity.LO_LO,
    "bouyei": Ethnicity.BO_Y,
    "puna": Ethnicity.PU_PEO,
    "hanhi": Ethnicity.HA_NHI,
    "lahu": Ethnicity.LA_HU,
    "xadang": Ethnicity.XO_DANG,
    "cotu": Ethnicity.CO_TU,
    "ghetrieng": Ethnicity.GIE_TRIENG,
    "giarai": Ethnicity.GIA_RAI,
    "kinh": Ethnicity.KINH,
    "viet": Ethnicity.KINH,
}
_NON_ALNUM = re.compile(r"[^a-z0-9]")


def ethnicity_key(text: str) -> str:
    return _NON_ALNUM.sub("", fold(text))


_ETHNICITY_BY_KEY = {ethnicity_key(label): value for value, label in Ethnicity.choices}
_ETHNICITY_BY_KEY.update(ETHNICITY_ALIASES)


def match_ethnicity(text: str) -> str | None:
    """The code of an ethnic group written in any usual way, or None if unknown."""
    key = ethnicity_key(text)
    if key.startswith("dantoc"):
        key = key[len("dantoc") :]
    return _ETHNICITY_BY_KEY.get(key)


class GeneralEducation(models.TextChoices):
    BELOW_PRIMARY = "below_primary", _("Chưa hết tiểu học")
    PRIMARY = "primary", _("Tiểu học")
    LOWER_SECONDARY = "lower_secondary", _("Trung học cơ sở")
    UPPER_SECONDARY = "upper_secondary", _("Trung học phổ thông")


class Professional(models.TextChoices):
    NONE = "none", _("Chưa qua đào tạo")
    ELEMENTARY = "elementary", _("Sơ cấp")
    INTERMEDIATE = "intermediate", _("Trung cấp")
    COLLEGE = "college", _("Cao đẳng")
    UNIVERSITY = "university", _("Đại học")
    MASTER = "master", _("Thạc sĩ")
    DOCTOR = "doctor", _("Tiến sĩ")


class PoliticalTheory(models.TextChoices):
    NONE = "none", _("Chưa qua đào tạo")
    ELEMENTARY = "elementary", _("Sơ cấp")
    INTERMEDIATE = "intermediate", _("Trung cấp")
    ADVANCED = "advanced", _("Cao cấp, cử nhân")


class WorkStatus(models.TextChoices):
    WORKING = "working", _("Đang công tác, làm việc")
    RETIRED = "retired", _("Nghỉ hưu, nghỉ công tác")


class Standing(models.TextChoices):
    PROBATIONARY = "probationary", _("Dự bị")
    OFFICIAL = "official", _("Chính thức")


class MemberState(models.TextChoices):
    """Where a member stands after the last event of their log."""

    ACTIVE = "active", _("Đang sinh hoạt")
    GUEST = "guest", _("Sinh hoạt tạm thời (nơi khác quản lý)")
    TRANSFERRED_OUT = "transferred_out", _("Đã chuyển sinh hoạt đi")
    GUEST_LEFT = "guest_left", _("Đã kết thúc sinh hoạt tạm thời")
    REMOVED = "removed", _("Đã bị xóa tên")
    EXPELLED = "expelled", _("Đã bị khai trừ")
    DIED = "died", _("Đã từ trần")


class EventKind(models.TextChoices):
    ADMITTED = "admitted", _("Kết nạp vào Đảng")
    RECOGNIZED_OFFICIAL = "recognized_official", _("Công nhận đảng viên chính thức")
    TRANSFERRED_IN = "transferred_in", _("Chuyển sinh hoạt đến")
    TRANSFERRED_OUT = "transferred_out", _("Chuyển sinh hoạt đi")
    MOVED = "moved", _("Chuyển sang chi bộ khác trong đảng bộ")
    TEMPORARY_IN = "temporary_in", _("Sinh hoạt tạm thời: đến hoặc trở về")
    TEMPORARY_OUT = "temporary_out", _("Sinh hoạt tạm thời: đi hoặc kết thúc")
    EXEMPTION_STARTED = "exemption_started", _("Miễn công tác và sinh hoạt đảng")
    EXEMPTION_ENDED = "exemption_ended", _("Thôi miễn công tác và sinh hoạt đảng")
    DISCIPLINED = "disciplined", _("Bị kỷ luật")
    REMOVED = "removed", _("Xóa tên")
    EXPELLED = "expelled", _("Khai trừ")
    DIED = "died", _("Từ trần")
    READMITTED = "readmitted", _("Kết nạp lại")


# Events that bring a member into the committee, and those that take one out of it.
ARRIVAL_KINDS = {EventKind.ADMITTED, EventKind.TRANSFERRED_IN, EventKind.READMITTED}
DEPARTURE_KINDS = {
    EventKind.TRANSFERRED_OUT,
    EventKind.REMOVED,
    EventKind.EXPELLED,
    EventKind.DIED,
}


class DisciplineForm(models.TextChoices):
    REPRIMAND = "reprimand", _("Khiển trách")
    WARNING = "warning", _("Cảnh cáo")
    DISMISSAL = "dismissal", _("Cách chức")


# Age bands of the report (DOMAIN.md §5): (key, lowest age, highest age or None).
AGE_BANDS: list[tuple[str, int, int | None]] = [
    ("18-30", 0, 30),
    ("31-35", 31, 35),
    ("36-40", 36, 40),
    ("41-45", 41, 45),
    ("46-50", 46, 50),
    ("51-60", 51, 60),
    ("over-60", 61, None),
]
AGE_BAND_LABELS = {
    "18-30": _("Từ 18 đến 30 tuổi"),
    "31-35": _("Từ 31 đến 35 tuổi"),
    "36-40": _("Từ 36 đến 40 tuổi"),
    "41-45": _("Từ 41 đến 45 tuổi"),
    "46-50": _("Từ 46 đến 50 tuổi"),
    "51-60": _("Từ 51 đến 60 tuổi"),
    "over-60": _("Trên 60 tuổi"),
}
