"""Walk every URL of the site as four personas and fail on anything that leaks across scope.

The URL list comes from the resolver, so a new page is walked without editing this test; a new
URL keyword needs a line in SAMPLES (the test says so). Expectations come from the personas'
roles, written out here independently of ``dangbo.core.scope``.
"""

import json
from io import BytesIO

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from openpyxl import load_workbook

from dangbo.members.actions import ACTIONS
from dangbo.organizations.models import Post

pytestmark = pytest.mark.django_db

SKIP_NAMESPACES = {"admin"}  # Django admin: superusers only, checked in test_admin_is_closed
# logout: POST-only; api-root: django-ninja's placeholder; calendar_feed: public by design
# (calendar apps cannot log in, its token is the key), its scope, unknown tokens and rotation
# are tested in dangbo/meetings/tests/test_calendar_feed.py.
SKIP_NAMES = {"logout", "api-root", "calendar_feed"}
# The roll call's service worker and web app manifest: public by design (files that hold no
# data; a browser fetches them without the session), tested in dangbo/meetings/tests/test_pwa.py.
SKIP_NAMES |= {"service_worker", "manifest"}


def walk(patterns, prefix="", namespace=None):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or namespace
            if ns in SKIP_NAMESPACES:
                continue
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern) and entry.name and entry.name not in SKIP_NAMES:
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            yield name, list(getattr(entry.pattern, "converters", {}))


@pytest.fixture
def world(commune):
    from dangbo.organizations import services as orgs
    from dangbo.organizations.choices import PostTitle

    c = commune
    post_na_don = orgs.assign_post(
        actor=None,
        person=c.member_na_don.person,
        title=PostTitle.SECRETARY,
        organization=c.na_don,
        on=c.member_na_don.admitted_on,
    )
    post_na_bo = orgs.assign_post(
        actor=None,
        person=c.member_na_bo.person,
        title=PostTitle.SECRETARY,
        organization=c.na_bo,
        on=c.member_na_bo.admitted_on,
    )
    from datetime import timedelta

    from django.utils import timezone

    from dangbo.meetings import services as meetings
    from dangbo.meetings.choices import MeetingKind

    yesterday = timezone.now() - timedelta(days=1)
    c.meeting_na_don = meetings.schedule(
        c.na_don, actor=None, kind=MeetingKind.REGULAR, scheduled_at=yesterday
    )
    c.meeting_na_bo = meetings.schedule(
        c.na_bo, actor=None, kind=MeetingKind.REGULAR, scheduled_at=yesterday
    )
    from django.core.files.base import ContentFile

    c.document_na_don = meetings.add_document(
        c.meeting_na_don, actor=None, title="Nghị quyết", file=ContentFile(b"x", name="nq.txt")
    )
    c.document_na_bo = meetings.add_document(
        c.meeting_na_bo, actor=None, title="Nghị quyết", file=ContentFile(b"x", name="nq.txt")
    )
    return c, post_na_don, post_na_bo


@pytest.fixture
def admin_run(commune):
    from django.core.files.base import ContentFile

    from dangbo.imports.models import ImportRun

    run = ImportRun(
        created_by=commune.admin,
        filename="x.xlsx",
        status="refused",
        preview={"ok": False, "errors": []},
    )
    run.file.save("x.xlsx", ContentFile(b"x"), save=True)
    return run


def samples(c, post_na_don, post_na_bo, run=None):
    """Values for each URL keyword, tagged with the cell they belong to (None: commune-wide)."""
    return {
        "org_code": [
            (c.na_don.code, "org:na_don"),
            (c.na_bo.code, "org:na_bo"),
            (c.root.code, "org:root"),
            (c.committee_cell.code, "org:committee"),
        ],
        "member_pk": [
            (c.member_na_don.pk, "member:na_don"),
            (c.member_na_bo.pk, "member:na_bo"),
            (c.plain_member.pk, "member:self"),
        ],
        "post_pk": [(post_na_don.pk, "post:na_don"), (post_na_bo.pk, "post:na_bo")],
        "action": [(a.slug, "any") for a in ACTIONS],
        "run_pk": [(run.pk, "run:admin")] if run else [],
        "meeting_id": [
            (c.meeting_na_don.pk, "meeting:na_don"),
            (c.meeting_na_bo.pk, "meeting:na_bo"),
        ],
        "meeting_pk": [
            (c.meeting_na_don.pk, "meeting:na_don"),
            (c.meeting_na_bo.pk, "meeting:na_bo"),
        ],
        "document_pk": [
            (c.document_na_don.pk, "meeting:na_don"),
            (c.document_na_bo.pk, "meeting:na_bo"),
        ],
    }


# Which objects each persona may reach; everything else must answer 404 (403 is for objects
# in reach that the persona may not change). A plain member reaches their cell's page and posts,
# and of all members only themselves.
VISIBLE = {
    "admin": {
        "org:na_don",
        "org:na_bo",
        "org:root",
        "org:committee",
        "member:na_don",
        "member:na_bo",
        "member:self",
        "post:na_don",
        "post:na_bo",
        "any",
        "run:admin",
        "meeting:na_don",
        "meeting:na_bo",
    },
    "secretary_na_don": {
        "org:na_don",
        "member:na_don",
        "member:self",
        "post:na_don",
        "any",
        "meeting:na_don",
    },
    "secretary_na_bo": {"org:na_bo", "member:na_bo", "post:na_bo", "any", "meeting:na_bo"},
    "member": {"org:na_don", "member:self", "post:na_don", "any", "meeting:na_don"},
}
# Names that must never appear on a page for a persona (leak markers). "Lò Văn Ánh" is the
# secretary of Nà Đon in this world, so its members may see his name on their cell's page.
FORBIDDEN = {
    "admin": [],
    "secretary_na_don": ["Giàng A Bí", "Sùng Seo Páo", "Chi bộ bản Nà Bỏ", "Chi bộ Văn phòng"],
    "secretary_na_bo": ["Lò Văn Ánh", "Tòng Thị Xuân", "Lường Văn Khằm", "Chi bộ bản Nà Đon"],
    "member": [
        "Lường Văn Khằm",
        "Giàng A Bí",
        "Sùng Seo Páo",
        "Chi bộ bản Nà Bỏ",
        "Chi bộ Văn phòng",
    ],
}


def readable(response) -> str:
    """The text of a page or of a downloaded workbook, to look for leak markers in."""
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    if "json" in response.get("Content-Type", ""):
        return json.dumps(response.json(), ensure_ascii=False)  # names are \u-escaped in JSON
    if "wordprocessingml" in response.get("Content-Type", ""):
        from docx import Document

        document = Document(BytesIO(response.content))
        cells = (c for t in document.tables for row in t.rows for c in row.cells)
        return "\n".join([p.text for p in document.paragraphs] + [c.text for c in cells])
    if "spreadsheetml" in response.get("Content-Type", ""):
        workbook = load_workbook(BytesIO(response.content))
        return "\n".join(
            str(value)
            for ws in workbook.worksheets
            for row in ws.iter_rows(values_only=True)
            for value in row
            if value is not None
        )
    return response.content.decode()


def expanded(c, post_na_don, post_na_bo, run=None):
    table = samples(c, post_na_don, post_na_bo, run)
    for name, keywords in walk(get_resolver().url_patterns):
        missing = [k for k in keywords if k not in table]
        assert not missing, f"URL {name} uses {missing}: add sample values to samples()"
        combos = [({}, set())]
        for keyword in keywords:
            combos = [
                ({**kw, keyword: value}, tags | {tag})
                for kw, tags in combos
                for value, tag in table[keyword]
            ]
        for kwargs, tags in combos:
            yield name, reverse(name, kwargs=kwargs), tags


def test_every_url_respects_scope_for_every_persona(client, world, admin_run):
    c, post_na_don, post_na_bo = world
    personas = {
        "admin": c.admin,
        "secretary_na_don": c.secretary_na_don,
        "secretary_na_bo": c.secretary_na_bo,
        "member": c.member_user,
    }
    urls = list(expanded(c, post_na_don, post_na_bo, admin_run))
    assert len({name for name, _, _ in urls}) >= 12  # the walk really found the site
    failures = []
    for persona, user in personas.items():
        client.force_login(user)
        for name, url, tags in urls:
            response = client.get(url)
            status = response.status_code
            if tags - VISIBLE[persona]:
                if status != 404:
                    failures.append(f"{persona} GET {url} ({name}) → {status}, expected 404")
                continue
            if status >= 500 or status not in (200, 302, 403, 405):
                failures.append(f"{persona} GET {url} ({name}) → {status}")
            if status == 200:
                body = readable(response)
                for marker in FORBIDDEN[persona]:
                    if marker in body:
                        failures.append(f"{persona} GET {url} ({name}) shows «{marker}»")
        client.logout()
    assert not failures, "\n".join(failures)


def test_anonymous_visitors_are_sent_to_login(client, world):
    c, post_na_don, post_na_bo = world
    for name, url, _tags in expanded(c, post_na_don, post_na_bo):
        if name in ("login", "health"):
            continue
        response = client.get(url)
        if name.startswith("api:"):
            # The API answers 401 (its schema and docs are public: they hold no data).
            public = name in ("api:openapi-json", "api:openapi-view")
            assert response.status_code in ((200,) if public else (401, 405)), url
            continue
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("login")), url


def test_admin_is_closed_to_everyone_but_superusers(client, commune):
    for user in (commune.admin, commune.secretary_na_don, commune.member_user):
        client.force_login(user)
        response = client.get("/quan-tri/")
        assert response.status_code == 302 and "login" in response.url


def test_posts_of_another_cell_are_out_of_reach(world):
    from dangbo.core.scope import restrict

    c, post_na_don, post_na_bo = world
    visible = set(restrict(Post.objects.all(), c.secretary_na_don).values_list("pk", flat=True))
    assert post_na_don.pk in visible and post_na_bo.pk not in visible
