"""The roll call as an installable app: the service worker and the manifest are public files
(no data), never cached by HTTP; the roll-call page carries the offline app and keeps the plain
form for browsers without JavaScript. The offline journey itself: tests/e2e/test_rollcall_offline.py.
"""

import json

from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.urls import reverse

from dangbo.core.middleware import CSP


def test_service_worker_is_served_from_the_root_without_login_or_caching(client, db):
    response = client.get(reverse("service_worker"))
    assert reverse("service_worker") == "/sw.js"
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    body = response.content.decode()
    assert f'importScripts("{static("js/outbox.js")}")' in body
    assert "__OUTBOX_URL__" not in body and "__STATIC_URL__" not in body


def test_manifest_names_the_app_and_its_icons(client, db):
    response = client.get(reverse("manifest"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/manifest+json")
    data = json.loads(response.content)
    assert data["name"] == "Đảng bộ số — Điểm danh"
    assert data["short_name"] and data["display"] == "standalone"
    assert data["theme_color"] == "#b5121b" and data["start_url"] == "/hop/"
    sizes = {icon["sizes"] for icon in data["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in data["icons"]:
        assert icon["src"].startswith(static("pwa/"))
        path = finders.find(icon["src"].removeprefix(static("")))
        assert path and open(path, "rb").read(8) == b"\x89PNG\r\n\x1a\n"


def test_only_get(client, db):
    assert client.post(reverse("service_worker")).status_code == 405
    assert client.post(reverse("manifest")).status_code == 405


def test_every_page_links_the_manifest_and_the_logout_script(client, commune):
    client.force_login(commune.admin)
    body = client.get(reverse("home")).content.decode()
    assert f'<link rel="manifest" href="{reverse("manifest")}">' in body
    assert static("js/app.js") in body


def test_rollcall_page_has_the_app_and_the_plain_form(client, commune, meeting):
    client.force_login(commune.secretary_na_don)
    response = client.get(reverse("meetings:rollcall", args=[meeting.pk]))
    body = response.content.decode()
    assert 'id="rollcall-app"' in body and 'data-testid="rollcall-form"' in body
    assert f'data-meeting-id="{meeting.pk}"' in body
    assert static("js/outbox.js") in body and static("js/rollcall.js") in body
    # CSP: only our own files run; no inline script, no inline event handler.
    assert response["Content-Security-Policy"] == CSP and "script-src 'self';" in CSP
    assert "<script>" not in body and " onclick=" not in body and " onsubmit=" not in body
