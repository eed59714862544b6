"""The dashboard's tables read at 360 and 1280 px (no header cut inside a word), and a
workshop's attendance list prints on A4 with its date and signature column."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.utils import formats
from playwright.sync_api import expect
from pypdf import PdfReader

from events.selectors import event_current
from participants import services
from workshops.models import Workshop

from .conftest import assert_accessible, assert_no_sideways_scroll

# Every word of every visible header cell of the dashboard's tables: a word drawn on two
# lines has client rectangles at two heights; a cell whose content is wider than the cell
# overflows it.
HEADER_PROBLEMS = """() => {
  const problems = [];
  for (const cell of document.querySelectorAll(".dashboard-table th")) {
    const box = cell.getBoundingClientRect();
    if (box.width <= 1 || box.height <= 1) continue;
    if (cell.scrollWidth > cell.clientWidth + 1) {
      problems.push(`overflows: ${cell.textContent.trim()}`);
    }
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const word of node.data.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, word.index);
        range.setEnd(node, word.index + word[0].length);
        const tops = new Set(
          [...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top))
        );
        if (tops.size > 1) problems.push(`cut: ${word[0]}`);
      }
    }
  }
  return problems;
}"""


def _signed_in(page, site, *, group: str, codenames: list[str]):
    """The page's browser holds the session of a new member of ``group`` (a live-server
    test flushes the database after itself, the migrations' groups with it)."""
    user = get_user_model().objects.create_user(
        username=f"{group.lower()}@cucm.example.org", password="Une-journee-au-Creusot-71"
    )
    group, _ = Group.objects.get_or_create(name=group)
    group.permissions.add(*Permission.objects.filter(codename__in=codenames))
    user.groups.add(group)
    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": site}])
    return page


@pytest.fixture
def people(site):
    """Twelve people booked on the first workshop of the demo, half of them arrived."""
    event = event_current()
    workshop = Workshop.objects.filter(event=event, capacity__gte=12).order_by("starts_at").first()
    registered = [
        services.registration_create(
            event=event,
            person=services.PersonDetails(
                first_name="Amina", last_name=f"Benali-Durand{n}", email=f"a{n}@example.org"
            ),
            targets=[workshop],
            walk_in=n % 2 == 0,
        ).participant
        for n in range(12)
    ]
    return workshop, registered


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_dashboard_headers_never_break_inside_a_word(site, people, device, request):
    page = _signed_in(
        request.getfixturevalue(device),
        site,
        group="Administration",
        codenames=["view_dashboard", "view_situation", "view_access_needs"],
    )

    page.goto(site + "/accueil/tableau-de-bord/")

    expect(page.get_by_role("heading", level=1)).to_have_text("Tableau de bord de la journée")
    expect(page.locator("#table-workshops")).to_be_visible()
    expect(page.locator("#table-conference")).to_contain_text("Conférence Innov’insertion CUCM")
    expect(page.locator("#table-arrivals")).to_be_visible()
    assert page.evaluate(HEADER_PROBLEMS) == []
    assert_accessible(page)
    assert_no_sideways_scroll(page)


def test_dashboard_stacks_its_seat_tables_on_a_phone(site, people, phone):
    page = _signed_in(phone, site, group="Administration", codenames=["view_dashboard"])

    page.goto(site + "/accueil/tableau-de-bord/")

    workshop, _registered = people
    row = page.locator(f'#table-workshops tr[data-workshop="{workshop.pk}"]')
    # A card: the title above its figures, each figure on its own line with its label.
    title = row.get_by_role("rowheader").bounding_box()
    taken = row.locator("td").nth(1).bounding_box()
    assert taken["y"] > title["y"] + title["height"] - 1
    assert taken["width"] > 250
    label = row.locator("td").nth(1).evaluate("cell => getComputedStyle(cell, '::before').content")
    assert "Prises" in label


def test_attendance_list_prints_on_a4_with_date_and_signature(site, people, desktop):
    workshop, registered = people
    page = _signed_in(desktop, site, group="Accueil", codenames=["check_in"])
    page.goto(f"{site}/accueil/ateliers/{workshop.pk}/liste/")
    expect(page.get_by_role("heading", level=1)).to_have_text(workshop.title)
    assert_accessible(page)
    date = formats.date_format(workshop.event.date, "DATE_FORMAT")

    page.emulate_media(media="print")

    expect(page.get_by_role("columnheader", name="Signature").first).to_be_visible()
    expect(page.locator(".attendance-list__facts")).to_contain_text(date)
    expect(page.locator("footer")).to_be_hidden()
    expect(page.locator("header").first).to_be_hidden()
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4", prefer_css_page_size=True)))
    first = pdf.pages[0]
    width, height = (round(float(side)) for side in first.mediabox.upper_right)
    assert (width, height) == (595, 842)
    text = first.extract_text()
    assert date in text
    assert "Signature" in text
    assert f"{registered[0].last_name} Amina" in text
    assert len(pdf.pages) == 1  # twelve people: one page
