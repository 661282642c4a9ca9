"""The roll call as an installable app (DESIGN.md §6): the service worker, served from the site
root so that its scope may cover /hop/, and the web app manifest. Both are files under
static/pwa/; public by design (they hold no data), never cached by the browser's HTTP cache so a
new release reaches the devices."""

import json
from urllib.parse import urlsplit

from django.contrib.auth.decorators import login_not_required
from django.contrib.staticfiles import finders
from django.http import Http404, HttpResponse
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


def _read(name: str) -> str:
    path = finders.find(f"pwa/{name}")
    if path is None:
        raise Http404
    with open(path, encoding="utf-8") as f:
        return f.read()


@login_not_required
@require_GET
@never_cache
def service_worker(request):
    """/sw.js: the worker, with the addresses it imports and caches filled in."""
    body = (
        _read("sw.js")
        .replace("__STATIC_URL__", json.dumps(urlsplit(static("")).path))
        .replace("__OUTBOX_URL__", json.dumps(static("js/outbox.js")))
    )
    response = HttpResponse(body, content_type="application/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    return response


@login_not_required
@require_GET
@never_cache
def manifest(request):
    """/manifest.webmanifest: name, colours, icons (icon paths resolved through ``static``)."""
    data = json.loads(_read("manifest.webmanifest"))
    for icon in data.get("icons", []):
        icon["src"] = static(icon["src"])
    return HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=1),
        content_type="application/manifest+json; charset=utf-8",
    )
