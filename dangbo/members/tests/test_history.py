"""The replay of an event log: possible sequences give periods, impossible ones are refused."""

from datetime import date

import pytest

from dangbo.core.errors import DomainError
from dangbo.members.choices import EventKind as K
from dangbo.members.choices import MemberState, Standing
from dangbo.members.history import Fact as E
from dangbo.members.history import replay

D = date
CELL_A, CELL_B = 1, 2


def admitted(on=date(2020, 1, 10), org=CELL_A):
    return E(K.ADMITTED, on, org)


def test_admission_opens_a_probationary_period_then_official_splits_it():
    r = replay([admitted(), E(K.RECOGNIZED_OFFICIAL, D(2021, 1, 10))])
    assert r.state == MemberState.ACTIVE
    assert [(p.start, p.end, p.standing) for p in r.periods] == [
        (D(2020, 1, 10), D(2021, 1, 10), Standing.PROBATIONARY),
        (D(2021, 1, 10), None, Standing.OFFICIAL),
    ]
    assert r.admitted_on == D(2020, 1, 10) and r.official_on == D(2021, 1, 10)


def test_move_between_cells_keeps_one_continuous_presence():
    r = replay([admitted(), E(K.MOVED, D(2022, 5, 1), CELL_B)])
    assert [(p.organization_id, p.start, p.end) for p in r.periods] == [
        (CELL_A, D(2020, 1, 10), D(2022, 5, 1)),
        (CELL_B, D(2022, 5, 1), None),
    ]
    assert r.organization_id == CELL_B


def test_transfer_out_and_back_in_leaves_a_gap():
    r = replay(
        [
            admitted(),
            E(K.TRANSFERRED_OUT, D(2022, 1, 1)),
            E(K.TRANSFERRED_IN, D(2023, 1, 1), CELL_B),
        ]
    )
    assert [(p.start, p.end) for p in r.periods] == [
        (D(2020, 1, 10), D(2022, 1, 1)),
        (D(2023, 1, 1), None),
    ]
    assert r.admitted_on == D(2020, 1, 10)  # the admission travels with the member


def test_transfer_in_of_a_newcomer_brings_admission_and_official_dates():
    r = replay(
        [
            E(
                K.TRANSFERRED_IN,
                D(2022, 3, 1),
                CELL_A,
                {"admitted_on": "2015-06-01", "official_on": "2016-06-01"},
            )
        ]
    )
    assert r.periods[0].standing == Standing.OFFICIAL
    assert r.first_admitted_on == D(2015, 6, 1)


def test_exemption_marks_the_period_and_its_end_reopens_it():
    r = replay(
        [
            admitted(),
            E(K.EXEMPTION_STARTED, D(2023, 1, 1), extra={"reason": "Tuổi cao"}),
            E(K.EXEMPTION_ENDED, D(2023, 6, 1)),
        ]
    )
    assert [(p.start, p.exempt) for p in r.periods] == [
        (D(2020, 1, 10), False),
        (D(2023, 1, 1), True),
        (D(2023, 6, 1), False),
    ]
    assert not r.is_exempt


def test_guest_is_not_counted_and_temporary_out_is_still_ours():
    guest = replay(
        [
            E(
                K.TEMPORARY_IN,
                D(2024, 1, 1),
                CELL_A,
                {"admitted_on": "2010-01-01", "official_on": "2011-01-01"},
            )
        ]
    )
    assert guest.state == MemberState.GUEST and guest.periods[0].guest
    away = replay([admitted(), E(K.TEMPORARY_OUT, D(2024, 1, 1)), E(K.TEMPORARY_IN, D(2024, 7, 1))])
    assert [(p.start, p.away, p.guest) for p in away.periods] == [
        (D(2020, 1, 10), False, False),
        (D(2024, 1, 1), True, False),
        (D(2024, 7, 1), False, False),
    ]


def test_a_guest_whose_stay_ends_has_left_as_a_guest_and_may_transfer_in_later():
    arrival = E(K.TEMPORARY_IN, D(2024, 1, 1), CELL_A, {"admitted_on": "2010-01-01"})
    r = replay([arrival, E(K.TEMPORARY_OUT, D(2024, 6, 1))])
    assert r.state == MemberState.GUEST_LEFT and r.left_on == D(2024, 6, 1)
    r = replay(
        [arrival, E(K.TEMPORARY_OUT, D(2024, 6, 1)), E(K.TRANSFERRED_IN, D(2025, 1, 1), CELL_B)]
    )
    assert r.state == MemberState.ACTIVE and r.admitted_on == D(2010, 1, 1)


def test_removal_then_readmission_counts_party_age_without_the_gap():
    r = replay(
        [
            admitted(D(2000, 1, 1)),
            E(K.RECOGNIZED_OFFICIAL, D(2001, 1, 1)),
            E(K.REMOVED, D(2005, 1, 1)),
            E(K.READMITTED, D(2010, 1, 1), CELL_B),
        ]
    )
    assert r.state == MemberState.ACTIVE and r.official_on is None  # a new probation
    assert r.outside == [(D(2005, 1, 1), D(2010, 1, 1))]
    in_party = (D(2005, 1, 1) - D(2000, 1, 1)).days + (D(2012, 1, 1) - D(2010, 1, 1)).days
    assert r.party_age_days(D(2012, 1, 1)) == in_party


def test_same_day_arrival_and_departure_leave_no_period():
    r = replay([admitted(D(2024, 3, 1)), E(K.TRANSFERRED_OUT, D(2024, 3, 1))])
    assert r.periods == []
    assert r.state == MemberState.TRANSFERRED_OUT


def test_same_day_events_apply_in_recorded_order():
    r = replay(
        [
            admitted(),
            E(K.MOVED, D(2022, 1, 1), CELL_B),
            E(K.EXEMPTION_STARTED, D(2022, 1, 1), extra={"reason": "x"}),
        ]
    )
    assert [(p.organization_id, p.start, p.exempt) for p in r.periods] == [
        (CELL_A, D(2020, 1, 10), False),
        (CELL_B, D(2022, 1, 1), True),
    ]


@pytest.mark.parametrize(
    ("log", "message"),
    [
        ([E(K.MOVED, D(2020, 1, 1), CELL_B), admitted()], "chưa sinh hoạt tại đảng bộ"),
        ([E(K.TRANSFERRED_OUT, D(2019, 1, 1)), admitted()], "chưa sinh hoạt tại đảng bộ"),
        ([admitted(), E(K.DIED, D(2022, 1, 1)), E(K.MOVED, D(2022, 2, 1), CELL_B)], "từ trần"),
        ([admitted(), E(K.DIED, D(2022, 1, 1)), E(K.DIED, D(2022, 2, 1))], "từ trần"),
        (
            [admitted(), E(K.TRANSFERRED_OUT, D(2022, 1, 1)), E(K.TRANSFERRED_OUT, D(2022, 3, 1))],
            "không còn sinh hoạt",
        ),
        ([admitted(), E(K.RECOGNIZED_OFFICIAL, D(2019, 1, 1))], "chưa sinh hoạt"),
        ([admitted(), E(K.RECOGNIZED_OFFICIAL, D(2020, 1, 10))], "phải sau ngày vào Đảng"),
        (
            [
                admitted(),
                E(K.RECOGNIZED_OFFICIAL, D(2021, 1, 10)),
                E(K.RECOGNIZED_OFFICIAL, D(2021, 2, 1)),
            ],
            "đã là đảng viên chính thức",
        ),
        (
            [
                admitted(),
                E(K.EXEMPTION_STARTED, D(2021, 1, 1)),
                E(K.EXEMPTION_STARTED, D(2021, 6, 1)),
            ],
            "đang được miễn",
        ),
        ([admitted(), E(K.EXEMPTION_ENDED, D(2021, 1, 1))], "không đang được miễn"),
        ([admitted(), admitted(D(2021, 1, 1))], "đã là đảng viên"),
        ([admitted(), E(K.READMITTED, D(2021, 1, 1), CELL_A)], "chỉ kết nạp lại"),
        ([admitted(), E(K.MOVED, D(2021, 1, 1), CELL_A)], "chính chi bộ này"),
        ([admitted(), E(K.TRANSFERRED_IN, D(2021, 1, 1), CELL_B)], "đang sinh hoạt"),
        ([E(K.TRANSFERRED_IN, D(2022, 1, 1), CELL_A)], "thiếu ngày vào Đảng"),
        (
            [E(K.TRANSFERRED_IN, D(2022, 1, 1), CELL_A, {"admitted_on": "2023-01-01"})],
            "sau ngày đến",
        ),
        (
            [
                E(
                    K.TRANSFERRED_IN,
                    D(2022, 1, 1),
                    CELL_A,
                    {"admitted_on": "2015-01-01", "official_on": "2014-01-01"},
                )
            ],
            "ngày chính thức",
        ),
        ([admitted(), E(K.TEMPORARY_IN, D(2021, 1, 1))], "không đi sinh hoạt tạm thời"),
        (
            [admitted(), E(K.TEMPORARY_OUT, D(2021, 1, 1)), E(K.TEMPORARY_OUT, D(2021, 2, 1))],
            "nơi khác rồi",
        ),
        (
            [admitted(), E(K.REMOVED, D(2021, 1, 1)), E(K.EXEMPTION_STARTED, D(2021, 2, 1))],
            "không còn sinh hoạt",
        ),
        (
            [
                E(K.TEMPORARY_IN, D(2022, 1, 1), CELL_A, {"admitted_on": "2015-01-01"}),
                E(K.TRANSFERRED_OUT, D(2022, 5, 1)),
            ],
            "chỉ sinh hoạt tạm thời",
        ),
        ([E(K.ADMITTED, D(2022, 1, 1))], "chưa chọn chi bộ"),
    ],
)
def test_impossible_sequences_are_refused_in_vietnamese(log, message):
    with pytest.raises(DomainError) as excinfo:
        replay(log)
    assert message in excinfo.value.message
    assert excinfo.value.message.startswith("Không thể ghi")
