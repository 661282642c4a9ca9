"""One member, one organization, as a row of the workbook — and back.

``member_row`` reads a member's history into the values of the workbook's columns (what the
exporter writes and what the importer compares a row against); ``derive_log`` turns such values
into the event log they stand for (what the importer writes for a new member, and what it diffs
for a known one). The two are inverse on what the workbook can say, so import(export(x))
changes nothing.
"""

from dataclasses import dataclass
from datetime import date

from dangbo.members import history
from dangbo.members.choices import EventKind, MemberState
from dangbo.members.history import replay
from dangbo.members.models import Member, MemberEvent
from dangbo.organizations.models import Organization

PERSON_KEYS = (
    "full_name",
    "birth_date",
    "gender",
    "ethnicity",
    "religion",
    "national_id",
    "general_education",
    "professional",
    "political_theory",
    "work_status",
)
ARRIVALS = (EventKind.ADMITTED, EventKind.TRANSFERRED_IN, EventKind.READMITTED)
LEFT_BY_STATE = {
    MemberState.TRANSFERRED_OUT: EventKind.TRANSFERRED_OUT,
    MemberState.REMOVED: EventKind.REMOVED,
    MemberState.EXPELLED: EventKind.EXPELLED,
    MemberState.DIED: EventKind.DIED,
}


def org_row(org: Organization, parent_code: str | None) -> dict:
    return {
        "code": org.code,
        "name": org.name,
        "kind": org.kind,
        "category": org.category,
        "parent_code": parent_code,
        "established_on": org.established_on,
        "dissolved_on": org.dissolved_on,
    }


def member_row(
    member: Member, log: list[MemberEvent], codes: dict[int, str], on: date | None = None
) -> dict:
    """The workbook values of ``member`` as of ``on`` (default: after every event). ``log`` is
    the member's live events in order; ``codes`` maps organization ids to codes."""
    events = [e for e in log if on is None or e.effective_on <= on]
    state = replay(events)
    person = member.person
    row = {key: getattr(person, key) for key in PERSON_KEYS}
    row["national_id"] = person.national_id or None
    arrivals = [e for e in events if e.kind in ARRIVALS]
    exemption = next((e for e in reversed(events) if e.kind == EventKind.EXEMPTION_STARTED), None)
    left = LEFT_BY_STATE.get(state.state)
    row |= {
        "admitted_on": state.admitted_on,
        "official_on": state.official_on,
        "card_number": member.card_number or None,
        "cell_code": codes.get(state.organization_id),
        "arrived_on": arrivals[-1].effective_on if arrivals else None,
        "left_on": state.left_on if left else None,
        "left_reason": str(left) if left else None,
        "exemption": (exemption.extra.get("reason") or "Miễn sinh hoạt")
        if state.is_exempt and exemption
        else None,
        "exempt_since": state.exempt_since if state.is_exempt else None,
    }
    return row


@dataclass(frozen=True)
class Fact:
    """An event as a row implies it; ``same`` says whether two facts are the same fact."""

    kind: str
    on: date
    organization_id: int | None = None
    extra: tuple = ()

    def as_event(self) -> history.Fact:
        """This fact as the replay reads events."""
        return history.Fact(self.kind, self.on, self.organization_id, dict(self.extra))


def derive_log(row: dict, cell_id: int | None) -> list[Fact]:
    """The events a workbook row stands for (DOMAIN.md §4): the arrival (admission when it is
    the day of admission, else a transfer in bringing the dates), the recognition, an open
    exemption, the departure."""
    admitted, official = row["admitted_on"], row.get("official_on")
    arrived = row.get("arrived_on") or admitted
    facts = []
    if arrived == admitted:
        facts.append(Fact(EventKind.ADMITTED, admitted, cell_id))
        if official:
            facts.append(Fact(EventKind.RECOGNIZED_OFFICIAL, official))
    else:
        brought = {"admitted_on": admitted.isoformat()}
        if official and official <= arrived:
            brought["official_on"] = official.isoformat()
        facts.append(
            Fact(EventKind.TRANSFERRED_IN, arrived, cell_id, tuple(sorted(brought.items())))
        )
        if official and official > arrived:
            facts.append(Fact(EventKind.RECOGNIZED_OFFICIAL, official))
    if row.get("exemption"):
        facts.append(
            Fact(
                EventKind.EXEMPTION_STARTED,
                row.get("exempt_since") or arrived,
                None,
                (("reason", row["exemption"]),),
            )
        )
    if row.get("left_on") and row.get("left_reason"):
        facts.append(Fact(row["left_reason"], row["left_on"]))
    return facts


def signature(fact: Fact) -> tuple:
    """What must agree for a recorded event to be the fact a row states (the cell aside: a
    member who moved later still arrived where they arrived)."""
    return (str(fact.kind), fact.on, fact.extra)
