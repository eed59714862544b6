"""Browser tests: Playwright drives Debian's chromium against a live server with the demo.

`playwright install` cannot download a browser on these machines: the tests launch the
system chromium (`CHROMIUM`, default /usr/bin/chromium; `make test` installs it).
"""

import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from demo.services import demo_load

# Playwright's sync API runs an event loop in the test thread, and the test body (fixtures,
# database flushes) still talks to the database from it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `apt-get install chromium` (make test does).")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture
def demo(transactional_db):
    return demo_load()


@pytest.fixture
def site(live_server, demo):
    """The base URL of a live server holding the demo programme."""
    return live_server.url


def _open_page(browser, viewport):
    context = browser.new_context(viewport=viewport, locale="fr-FR")
    page = context.new_page()
    page.console_errors = []

    def on_console(message):
        # A failed sub-resource is reported by on_response with its URL; the page itself
        # may be a 404 on purpose.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            page.console_errors.append(message.text)

    def on_response(response):
        if response.status >= 400 and response.request.resource_type != "document":
            page.console_errors.append(f"{response.status} {response.url}")

    page.on("console", on_console)
    page.on("response", on_response)
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    return context, page


@pytest.fixture
def phone(browser):
    """A 360 px wide page; fails the test on any console error (a CSP violation shows there)
    or any asset that does not load."""
    context, page = _open_page(browser, PHONE)
    yield page
    errors = page.console_errors
    context.close()
    assert errors == [], f"console errors: {errors}"


@pytest.fixture
def desktop(browser):
    context, page = _open_page(browser, DESKTOP)
    yield page
    errors = page.console_errors
    context.close()
    assert errors == [], f"console errors: {errors}"


_axe = Axe()


def assert_accessible(page):
    """Zero axe-core violations for WCAG 2.1 A and AA on the page as it stands (once a
    navigation a click started has loaded: axe on a document being replaced fails)."""
    page.wait_for_load_state()
    results = _axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


def assert_no_sideways_scroll(page):
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px"
