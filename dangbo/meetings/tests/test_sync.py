"""The roll-call sync (CONTRACTS.md §3): exactly once, whatever the order or the senders."""

import threading
import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from dangbo.core.models import ApiToken
from dangbo.meetings import services
from dangbo.meetings.models import Attendance, AttendanceRecord

pytestmark = pytest.mark.django_db
URL = "/api/v1/attendance/sync"


def record(meeting, member, status="present", spoke=False, at=None, client_id=None):
    at = at or timezone.now() - timedelta(minutes=5)
    return {
        "client_id": str(client_id or uuid.uuid4()),
        "meeting_id": meeting.pk,
        "member_id": member.pk,
        "status": status,
        "spoke": spoke,
        "recorded_at": at.isoformat(),
    }


def send(client, *records, device="test"):
    response = client.post(
        URL, {"device_id": device, "records": list(records)}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    return [r["outcome"] for r in response.json()["results"]]


def test_applied_then_replay_is_duplicate(api, meeting, commune):
    r = record(meeting, commune.member_na_don)
    assert send(api, r) == ["applied"]
    assert send(api, r) == ["duplicate"]
    assert Attendance.objects.count() == 1 and AttendanceRecord.objects.count() == 1


def test_same_client_id_with_another_payload_is_a_conflict(api, meeting, commune):
    r = record(meeting, commune.member_na_don)
    send(api, r)
    assert send(api, {**r, "status": "absent"}) == ["conflict"]
    assert Attendance.objects.get().status == "present"


def test_an_older_record_is_superseded_and_kept(api, meeting, commune):
    now = timezone.now()
    send(api, record(meeting, commune.member_na_don, "present", at=now - timedelta(minutes=1)))
    assert send(
        api, record(meeting, commune.member_na_don, "absent", at=now - timedelta(minutes=9))
    ) == ["superseded"]
    assert Attendance.objects.get().status == "present"
    assert AttendanceRecord.objects.count() == 2  # every version kept


def test_a_reordered_pair_ends_with_the_later_one_current(api, meeting, commune):
    now = timezone.now()
    early = record(meeting, commune.member_na_don, "absent", at=now - timedelta(minutes=9))
    late = record(
        meeting, commune.member_na_don, "present", spoke=True, at=now - timedelta(minutes=1)
    )
    assert send(api, late, early) == ["applied", "superseded"]
    current = Attendance.objects.get()
    assert (current.status, current.spoke) == ("present", True)
    Attendance.objects.all().delete()
    AttendanceRecord.objects.all().delete()
    assert send(api, early) == ["applied"]
    assert send(api, late) == ["applied"]
    assert Attendance.objects.get().status == "present"


def test_rejections(api, meeting, commune):
    from dangbo.members import services as members

    exempt = commune.plain_member
    members.start_exemption(
        exempt, actor=None, on=timezone.localdate() - timedelta(days=30), reason="Ốm"
    )
    foreign = record(meeting, commune.member_na_bo)
    unknown = {**record(meeting, commune.member_na_don), "meeting_id": 999999}
    outcomes = send(api, record(meeting, exempt), foreign, unknown)
    assert outcomes == ["rejected", "rejected", "rejected"]
    services.cancel(meeting, actor=None, reason="Mưa lũ")
    assert send(api, record(meeting, commune.member_na_don)) == ["rejected"]
    assert not Attendance.objects.exists()


def test_a_meeting_of_another_cell_is_rejected_like_one_that_does_not_exist(client, commune):
    from dangbo.meetings.choices import MeetingKind

    other = services.schedule(
        commune.na_bo,
        actor=None,
        kind=MeetingKind.REGULAR,
        scheduled_at=timezone.now() - timedelta(hours=3),
    )
    client.force_login(commune.secretary_na_don)
    response = client.post(
        URL, {"records": [record(other, commune.member_na_bo)]}, content_type="application/json"
    ).json()
    missing = client.post(
        URL,
        {"records": [{**record(other, commune.member_na_bo), "meeting_id": 987654}]},
        content_type="application/json",
    ).json()
    assert response["results"][0]["detail"] == missing["results"][0]["detail"]
    assert client.get(f"/api/v1/meetings/{other.pk}/roster").status_code == 404
    assert client.get("/api/v1/meetings/987654/roster").status_code == 404


def test_a_future_meeting_is_not_open(api, commune):
    from dangbo.meetings.choices import MeetingKind

    later = services.schedule(
        commune.na_don,
        actor=None,
        kind=MeetingKind.REGULAR,
        scheduled_at=timezone.now() + timedelta(days=3),
    )
    assert send(api, record(later, commune.member_na_don)) == ["rejected"]


@pytest.mark.django_db(transaction=True)
def test_eight_senders_at_once_apply_each_record_exactly_once(commune):
    from django.test import Client

    from dangbo.meetings.choices import MeetingKind

    meeting = services.schedule(
        commune.na_don,
        actor=None,
        kind=MeetingKind.REGULAR,
        scheduled_at=timezone.now() - timedelta(hours=2),
    )
    token = ApiToken.issue(commune.secretary_na_don)
    members = [commune.member_na_don, commune.plain_member]
    batch = [
        record(meeting, m, at=timezone.now() - timedelta(minutes=i + 1))
        for i, m in enumerate(members)
    ]
    outcomes, errors = [], []
    start = threading.Barrier(8)

    def sender():
        try:
            start.wait()
            response = Client().post(
                URL,
                {"device_id": "t", "records": batch},
                content_type="application/json",
                HTTP_AUTHORIZATION=f"Bearer {token}",
            )
            outcomes.append([r["outcome"] for r in response.json()["results"]])
        except Exception as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=sender) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    for i in range(len(batch)):
        column = [o[i] for o in outcomes]
        assert column.count("applied") == 1, column
        assert column.count("duplicate") == 7, column
    assert Attendance.objects.filter(meeting=meeting).count() == 2
    assert AttendanceRecord.objects.filter(meeting=meeting).count() == 2


@pytest.mark.parametrize(
    "body",
    [
        "not json",
        "[]",
        '{"records": "x"}',
        '{"records": [{}]}',
        '{"records": [{"client_id": "nope", "meeting_id": 1, "member_id": 1, '
        '"status": "present", "recorded_at": "2026-01-01T10:00:00+07:00"}]}',
        '{"records": [{"client_id": "0b8e7c3a-7b5e-4a7e-9a77-0b8e7c3a7b5e", "meeting_id": 1, '
        '"member_id": 1, "status": "present", "recorded_at": "2026-01-01T10:00:00"}]}',
        '{"records": [{"client_id": "0b8e7c3a-7b5e-4a7e-9a77-0b8e7c3a7b5e", '
        '"meeting_id": 99999999999999999999999, "member_id": 1, "status": "present", '
        '"recorded_at": "2026-01-01T10:00:00+07:00"}]}',
        '{"records": [{"client_id": "0b8e7c3a-7b5e-4a7e-9a77-0b8e7c3a7b5e", "meeting_id": 1, '
        '"member_id": 1, "status": "present", "recorded_at": "9999-12-31T23:59:59-12:00"}]}',
    ],
)
def test_malformed_bodies_are_4xx(api, meeting, body):
    response = api.post(URL, body, content_type="application/json")
    assert 400 <= response.status_code < 500, response.content


def test_too_many_records_are_refused(api, meeting, commune):
    records = [record(meeting, commune.member_na_don) for _ in range(501)]
    response = api.post(URL, {"records": records}, content_type="application/json")
    assert response.status_code == 422


def test_bearer_token_and_anonymous(client, meeting, commune):
    assert client.get("/api/v1/meetings").status_code == 401
    token = ApiToken.issue(commune.secretary_na_don)
    response = client.get("/api/v1/meetings", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
    assert [m["id"] for m in response.json()["items"]] == [meeting.pk]
    assert client.get("/api/v1/meetings", HTTP_AUTHORIZATION="Bearer wrong").status_code == 401


def test_roster_has_ids_and_names_only(api, meeting, commune):
    data = api.get(f"/api/v1/meetings/{meeting.pk}/roster").json()
    assert {m["name"] for m in data["members"]} == {"Lò Văn Ánh", "Tòng Thị Xuân", "Lường Văn Khằm"}
    assert set(data["members"][0]) == {"id", "name", "exempt", "guest"}
    assert data["roll_call_open"] is True


def test_summary(api, meeting, commune):
    send(
        api,
        record(meeting, commune.member_na_don, "present", spoke=True),
        record(meeting, commune.plain_member, "excused"),
    )
    data = api.get(f"/api/v1/meetings/{meeting.pk}/attendance").json()
    assert data["summary"] == {
        "expected": 3,
        "present": 1,
        "excused": 1,
        "absent": 0,
        "not_recorded": 1,
        "spoke": 1,
    }


@pytest.mark.django_db(transaction=True)
def test_senders_overlapping_in_different_orders_never_fail(commune):
    """Two phones at one meeting, resends racing first sends: rows are locked in one order, so
    the database never deadlocks the batches (and a refused batch would be retried)."""
    import random

    from django.test import Client

    from dangbo.meetings.choices import MeetingKind
    from dangbo.testing import make_member

    meeting = services.schedule(
        commune.na_don,
        actor=None,
        kind=MeetingKind.REGULAR,
        scheduled_at=timezone.now() - timedelta(hours=2),
    )
    people = [
        commune.member_na_don,
        commune.plain_member,
        *[make_member(commune.na_don, f"Lò Văn Thêm {i}") for i in range(10)],
    ]
    token = ApiToken.issue(commune.secretary_na_don)
    statuses, errors = [], []
    start = threading.Barrier(8)

    def sender(seed):
        rng = random.Random(seed)
        try:
            start.wait()
            for _round in range(5):
                batch = [
                    record(
                        meeting,
                        m,
                        rng.choice(["present", "absent"]),
                        at=timezone.now() - timedelta(seconds=rng.randrange(600)),
                    )
                    for m in rng.sample(people, len(people))
                ]
                response = Client().post(
                    URL,
                    {"device_id": f"d{seed}", "records": batch},
                    content_type="application/json",
                    HTTP_AUTHORIZATION=f"Bearer {token}",
                )
                statuses.append(response.status_code)
        except Exception as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=sender, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert set(statuses) == {200}, statuses
    assert Attendance.objects.filter(meeting=meeting).count() == len(people)
    latest = {}
    for r in AttendanceRecord.objects.filter(meeting=meeting):
        key = r.member_id
        if key not in latest or (r.recorded_at, str(r.client_id)) > (
            latest[key].recorded_at,
            str(latest[key].client_id),
        ):
            latest[key] = r
    for a in Attendance.objects.filter(meeting=meeting):
        assert a.client_id == latest[a.member_id].client_id  # the latest record is current


@pytest.mark.parametrize("query", ["from=0001-01-01", "to=9999-12-31", "from=1899-12-31"])
def test_meeting_list_dates_out_of_range_are_4xx(api, meeting, query):
    # Found by the fuzzer: the ends of the calendar overflowed into a 500.
    assert api.get(f"/api/v1/meetings?{query}").status_code == 422
