"""The lifecycle actions the UI offers on a member: slug, label, form, service call, when shown.

One table, so the profile's buttons, the URL and the form all come from the same place.
"""

from collections.abc import Callable
from dataclasses import dataclass

from . import forms, services
from .choices import MemberState
from .models import Member


@dataclass(frozen=True)
class MemberAction:
    slug: str
    label: str
    form: type
    perform: Callable  # (member, actor, cleaned_data) -> MemberEvent
    shown: Callable[[Member], bool]
    needs_organizations: bool = False
    danger: bool = False


def _common(d: dict) -> dict:
    return {"decision_number": d.get("decision_number", ""), "note": d.get("note", "")}


def _dated(d: dict) -> dict:
    return {**_common(d), "decision_date": d.get("decision_date")}


def _active(m: Member) -> bool:
    return m.state == MemberState.ACTIVE


ACTIONS: list[MemberAction] = [
    MemberAction(
        "chuyen-chi-bo",
        "Chuyển sang chi bộ khác",
        forms.MoveForm,
        lambda m, a, d: services.move(m, actor=a, to=d["to"], on=d["effective_on"], **_dated(d)),
        lambda m: m.state in (MemberState.ACTIVE, MemberState.GUEST),
        needs_organizations=True,
    ),
    MemberAction(
        "cong-nhan-chinh-thuc",
        "Công nhận đảng viên chính thức",
        forms.RecognizeForm,
        lambda m, a, d: services.recognize_official(
            m, actor=a, on=d["effective_on"], card_number=d["card_number"], **_dated(d)
        ),
        lambda m: _active(m) and m.official_on is None,
    ),
    MemberAction(
        "mien-sinh-hoat",
        "Miễn công tác và sinh hoạt đảng",
        forms.ReasonForm,
        lambda m, a, d: services.start_exemption(
            m, actor=a, on=d["effective_on"], reason=d["reason"], **_dated(d)
        ),
        lambda m: _active(m) and not m.is_exempt,
    ),
    MemberAction(
        "thoi-mien",
        "Thôi miễn sinh hoạt",
        forms.ActionForm,
        lambda m, a, d: services.end_exemption(m, actor=a, on=d["effective_on"], **_common(d)),
        lambda m: _active(m) and m.is_exempt,
    ),
    MemberAction(
        "tam-thoi-di",
        "Đi sinh hoạt tạm thời nơi khác",
        forms.TemporaryOutForm,
        lambda m, a, d: services.temporary_out(
            m, actor=a, on=d["effective_on"], destination=d["destination"], note=d["note"]
        ),
        lambda m: _active(m) and not m.is_away,
    ),
    MemberAction(
        "ket-thuc-tam-thoi",
        "Kết thúc sinh hoạt tạm thời tại đây",
        forms.ActionForm,
        lambda m, a, d: services.temporary_out(m, actor=a, on=d["effective_on"], note=d["note"]),
        lambda m: m.state == MemberState.GUEST,
    ),
    MemberAction(
        "tam-thoi-ve",
        "Trở về sau sinh hoạt tạm thời",
        forms.ActionForm,
        lambda m, a, d: services.temporary_return(m, actor=a, on=d["effective_on"], note=d["note"]),
        lambda m: _active(m) and m.is_away,
    ),
    MemberAction(
        "chuyen-di",
        "Chuyển sinh hoạt đi đảng bộ khác",
        forms.TransferOutForm,
        lambda m, a, d: services.transfer_out(
            m, actor=a, on=d["effective_on"], destination=d["destination"], **_dated(d)
        ),
        _active,
        danger=True,
    ),
    MemberAction(
        "chuyen-den",
        "Nhận chuyển sinh hoạt chính thức đến",
        forms.OrganizationActionForm,
        lambda m, a, d: services.receive_transfer(
            m.person, actor=a, organization=d["organization"], on=d["effective_on"], **_dated(d)
        ),
        lambda m: (
            m.state in (MemberState.TRANSFERRED_OUT, MemberState.GUEST, MemberState.GUEST_LEFT)
        ),
        needs_organizations=True,
    ),
    MemberAction(
        "ky-luat",
        "Kỷ luật",
        forms.DisciplineActionForm,
        lambda m, a, d: services.discipline(
            m, actor=a, on=d["effective_on"], form=d["form"], reason=d["reason"], **_dated(d)
        ),
        lambda m: m.state in (MemberState.ACTIVE, MemberState.GUEST),
        danger=True,
    ),
    MemberAction(
        "xoa-ten",
        "Xóa tên",
        forms.ReasonForm,
        lambda m, a, d: services.remove(
            m, actor=a, on=d["effective_on"], reason=d["reason"], **_dated(d)
        ),
        _active,
        danger=True,
    ),
    MemberAction(
        "khai-tru",
        "Khai trừ",
        forms.ReasonForm,
        lambda m, a, d: services.expel(
            m, actor=a, on=d["effective_on"], reason=d["reason"], **_dated(d)
        ),
        _active,
        danger=True,
    ),
    MemberAction(
        "tu-tran",
        "Từ trần",
        forms.ActionForm,
        lambda m, a, d: services.record_death(m, actor=a, on=d["effective_on"], note=d["note"]),
        lambda m: m.state in (MemberState.ACTIVE, MemberState.GUEST),
        danger=True,
    ),
    MemberAction(
        "ket-nap-lai",
        "Kết nạp lại",
        forms.OrganizationActionForm,
        lambda m, a, d: services.readmit(
            m, actor=a, organization=d["organization"], on=d["effective_on"], **_dated(d)
        ),
        lambda m: m.state in (MemberState.REMOVED, MemberState.EXPELLED),
        needs_organizations=True,
    ),
]
BY_SLUG = {action.slug: action for action in ACTIONS}
