"""Browser journeys: a real chromium (Debian's, driven by Playwright) against Django's live server.

- ``browser``: chromium, launched once per session. Missing chromium fails the run when
  REQUIRE_BROWSER=1 (CI), otherwise skips the journeys with a loud message.
- ``page`` / ``phone_page``: a fresh browser context per test (desktop, or a 360×740 phone),
  base URL = the live server, 10 s default timeout; closed after the test. The test also fails
  if the page threw a JavaScript error or the server answered 5xx; on failure a screenshot and
  the HTML are kept under test-results/e2e/.
- ``commune``: the tiny test commune of ``dangbo.testing``, committed for real
  (``transactional_db``) so the live server's thread sees it.
"""

import os
import re
import sys
from pathlib import Path

import pytest

# Playwright's sync API runs an asyncio event loop in this thread; Django's ORM (used by the
# fixtures and the database assertions) would otherwise raise SynchronousOnlyOperation.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
DEFAULT_TIMEOUT_MS = 10_000
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 740}
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-results" / "e2e"


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        message = (
            f"\n{'!' * 78}\n!!! BROWSER JOURNEYS NOT RUN: {CHROMIUM} is missing "
            "(apt-get install chromium).\n!!! Set REQUIRE_BROWSER=1 to make this a failure.\n"
            f"{'!' * 78}"
        )
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(message, pytrace=False)
        print(message, file=sys.stderr)
        pytest.skip(message)

    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"_report_{report.when}", report)
    return report


@pytest.fixture
def commune(transactional_db, live_server):
    """The test commune, visible to the live server (overrides the root ``commune``)."""
    from dangbo.testing import build_commune

    return build_commune()


def _open_page(request, browser, live_server, viewport, **context_options):
    context = browser.new_context(
        base_url=live_server.url,
        viewport=viewport,
        locale="vi-VN",
        timezone_id="Asia/Ho_Chi_Minh",
        **context_options,
    )
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    # The app has no favicon: chromium's background request for it would only log a 404, and
    # could reach the live server while the test thread uses the (shared) test database.
    context.route("**/favicon.ico", lambda route: route.fulfill(status=204))
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"JavaScript error: {error}"))
    page.on(
        "response",
        lambda response: (
            response.status >= 500
            and problems.append(f"HTTP {response.status} from {response.url}")
        ),
    )
    try:
        yield page
        failed = getattr(request.node, "_report_call", None)
        if failed is not None and failed.failed:
            _keep_artifacts(request.node.nodeid, page)
        elif problems:
            _keep_artifacts(request.node.nodeid, page)
            pytest.fail("The browser saw problems:\n" + "\n".join(problems), pytrace=False)
    finally:
        context.close()


def _keep_artifacts(nodeid: str, page) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    stem = ARTIFACTS / re.sub(r"[^\w.-]+", "_", nodeid)
    try:
        page.screenshot(path=f"{stem}.png", full_page=True)
        Path(f"{stem}.html").write_text(page.content(), encoding="utf-8")
    except Exception as error:  # noqa: BLE001 — artifacts are best effort
        print(f"could not keep browser artifacts: {error}", file=sys.stderr)


@pytest.fixture
def page(request, browser, live_server):
    """A desktop-sized page in a fresh context."""
    yield from _open_page(request, browser, live_server, DESKTOP)


@pytest.fixture
def phone_page(request, browser, live_server):
    """A phone-sized page (360×740, touch) in a fresh context."""
    yield from _open_page(
        request, browser, live_server, PHONE, is_mobile=True, has_touch=True, device_scale_factor=2
    )
