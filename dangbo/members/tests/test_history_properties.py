"""Properties of the replay over random event logs (Hypothesis)."""

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from dangbo.core.errors import DomainError
from dangbo.members.choices import EventKind, MemberState
from dangbo.members.history import Fact as E
from dangbo.members.history import replay

START = date(2015, 1, 1)
KINDS = list(EventKind.values)
ARRIVALS = [EventKind.ADMITTED, EventKind.TRANSFERRED_IN, EventKind.TEMPORARY_IN]


@st.composite
def logs(draw):
    n = draw(st.integers(min_value=1, max_value=12))
    day = START
    events = []
    for i in range(n):
        day += timedelta(days=draw(st.integers(min_value=0, max_value=400)))
        kind = draw(st.sampled_from(ARRIVALS if i == 0 else KINDS))
        extra = {"admitted_on": "2010-01-01"} if draw(st.booleans()) else {}
        if draw(st.booleans()):
            extra["official_on"] = "2011-01-01"
        events.append(E(kind, day, draw(st.sampled_from([None, 1, 2, 3])), extra))
    return events


@settings(max_examples=300, deadline=None)
@given(logs())
def test_a_replayed_log_is_refused_or_gives_consistent_periods(log):
    try:
        result = replay(log)
    except DomainError as error:
        assert error.message.startswith("Không thể ghi")
        return
    periods = result.periods
    for earlier, later in zip(periods, periods[1:], strict=False):
        assert earlier.end is not None and earlier.end <= later.start  # never overlapping
    for p in periods:
        assert p.end is None or p.start < p.end  # no empty periods
    open_periods = [p for p in periods if p.end is None]
    assert len(open_periods) == (
        1 if result.state in (MemberState.ACTIVE, MemberState.GUEST) else 0
    )
    if open_periods:
        assert open_periods[0].organization_id == result.organization_id
        assert open_periods[0].exempt == result.is_exempt
        assert open_periods[0].guest == (result.state == MemberState.GUEST)
    if result.state in (MemberState.DIED, MemberState.REMOVED, MemberState.EXPELLED):
        assert result.left_on is not None


@settings(max_examples=100, deadline=None)
@given(logs())
def test_replay_does_not_depend_on_how_many_times_it_runs(log):
    try:
        first = replay(log)
    except DomainError:
        return
    assert replay(log).periods == first.periods
