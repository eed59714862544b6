"""Every public form, fed random and hostile values (hypothesis): never a server error, and
an error page never leaves anything half-written behind."""

import urllib.parse

import hypothesis
import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exhibitors.models import Application
from participants.models import Booking, Participant

from .exhibitors.conftest import private_root  # noqa: F401 (CVs go to a temporary folder)
from .factories import (
    PDF_BYTES,
    ParticipantFactory,
    StandActivityFactory,
    StandFactory,
    WorkshopFactory,
)

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

HOSTILE = [
    "",
    " ",
    "\x00",
    "Amina\x00Benali",
    "\r\n\t\x0b\x0c\x1b[31m",
    "\u2028\u2029\u200b\u202e",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "' OR 1=1 --",
    "'; DROP TABLE participants_participant; --",
    "1; SELECT pg_sleep(10)",
    "{{ settings.SECRET_KEY }}",
    "{% debug %}",
    "%s%s%s%n",
    "../../etc/passwd",
    "0",
    "-1",
    "1e308",
    "NaN",
    "99999999999999999999999999999",
    "9223372036854775808",
    "on",
    "true",
    "ⅷ",
    "٣",
    "𝕬𝖒𝖎𝖓𝖆 🤖",
    "Ñandú Åsa Zoë",
]

hostile_text = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=300),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=50),
    st.integers().map(str),
    st.floats(allow_nan=True).map(str),
    st.integers(min_value=1_000, max_value=120_000).map(lambda n: "é<" * (n // 2)),
)
hostile_value = st.one_of(hostile_text, st.lists(hostile_text, min_size=1, max_size=3))


def maybe(value):
    """Sometimes the valid value, sometimes a hostile one, sometimes nothing at all."""
    return st.one_of(st.just(value), hostile_value, st.none())


def form_data(fields: dict) -> st.SearchStrategy:
    """A POST body: each field valid, hostile or missing, plus a few unknown fields."""
    data = st.fixed_dictionaries({name: maybe(value) for name, value in fields.items()})
    extra = st.dictionaries(hostile_text.filter(bool), hostile_value, max_size=2)
    return st.tuples(data, extra).map(
        lambda pair: {k: v for k, v in {**pair[1], **pair[0]}.items() if v is not None}
    )


def quoted(text: str) -> str:
    return urllib.parse.quote(text, safe="")


def assert_no_server_error(response):
    assert response.status_code < 500, response.content[:500]


@pytest.fixture
def offer(event):
    """What the registration form offers: a workshop, a stand activity."""
    workshop = WorkshopFactory(event=event)
    activity = StandActivityFactory(stand=StandFactory(event=event), capacity=6)
    return {"workshop": str(workshop.pk), "activity": str(activity.pk)}


@pytest.fixture
def stand(event):
    return StandFactory(event=event)


# --- Registration ------------------------------------------------------------------------


@FUZZ
@given(data=st.data())
def test_registration_form_never_fails_on_hostile_values(data, offer):
    cache.clear()
    body = data.draw(
        form_data(
            {
                "first_name": "Amina",
                "last_name": "Benali",
                "email": "amina.benali@example.org",
                "phone": "06 12 34 56 78",
                "town": "Le Creusot",
                "situation": "",
                "heard_from": "",
                "access_needs_other": "Fauteuil roulant",
                "on_behalf": "",
                "referrer_name": "",
                "referrer_organisation": "",
                "referrer_email": "",
                "referrer_consent": "",
                "workshops": [offer["workshop"]],
                "conference": [],
                "activities": [offer["activity"]],
                "accepts_stand_contacts": "on",
                "privacy_consent": "on",
                "website": "",
            }
        )
    )
    people, bookings = Participant.objects.count(), Booking.objects.count()

    response = Client().post(reverse("participants:register"), body)

    hypothesis.event(f"HTTP {response.status_code}")
    assert_no_server_error(response)
    if response.status_code == 302:
        assert Participant.objects.count() - people in {0, 1}
    else:
        assert Participant.objects.count() == people
        assert Booking.objects.count() == bookings


@FUZZ
@given(data=st.data())
def test_personal_page_add_form_never_fails_on_hostile_values(data, event, offer):
    cache.clear()
    participant = ParticipantFactory(event=event)
    body = data.draw(
        form_data(
            {
                "workshops": [offer["workshop"]],
                "conference": [],
                "activities": [offer["activity"]],
            }
        )
    )
    bookings = Booking.objects.count()

    response = Client().post(participant.get_absolute_url(), body)

    hypothesis.event(f"HTTP {response.status_code}")
    assert_no_server_error(response)
    if response.status_code != 302:
        assert Booking.objects.count() == bookings


# --- The CV left at a stand --------------------------------------------------------------

cv_upload = st.one_of(
    st.none(),
    hostile_text,
    st.binary(max_size=2_000).map(lambda data: SimpleUploadedFile("cv.pdf", data)),
    st.binary(max_size=500).map(
        lambda data: SimpleUploadedFile("cv.pdf", PDF_BYTES[:20] + data + b"%%EOF")
    ),
    st.tuples(hostile_text, st.binary(max_size=200)).map(
        lambda pair: SimpleUploadedFile(pair[0][:200] or "x", pair[1], "application/pdf")
    ),
    st.just(PDF_BYTES).map(lambda data: SimpleUploadedFile("mon-cv.pdf", data)),
)


def files_under(root) -> set:
    return {path for path in root.rglob("*") if path.is_file()} if root.exists() else set()


@FUZZ
@given(data=st.data())
def test_application_form_never_fails_on_hostile_values(data, stand, private_root):  # noqa: F811
    cache.clear()
    body = data.draw(
        form_data(
            {
                "first_name": "Inès",
                "last_name": "Moreau",
                "email": "ines.moreau@example.org",
                "message": "Disponible dès lundi.",
                "consent": "on",
                "website": "",
            }
        )
    )
    cv = data.draw(cv_upload)
    if cv is not None:
        body["cv"] = cv
    applications, files = Application.objects.count(), files_under(private_root)
    url = reverse("exhibitors:apply", kwargs={"slug": stand.organisation.slug})

    response = Client().post(url, body)

    hypothesis.event(f"HTTP {response.status_code}")
    assert_no_server_error(response)
    if response.status_code == 302:
        assert Application.objects.count() - applications in {0, 1}
    else:
        assert Application.objects.count() == applications
        assert files_under(private_root) == files


# --- Pages that read the URL -------------------------------------------------------------

slug_like = st.one_of(st.from_regex(r"[-a-zA-Z0-9_]{1,120}", fullmatch=True), hostile_text)


@FUZZ
@given(params=st.dictionaries(st.sampled_from(["kind", "sector", "activity"]) | hostile_text,
                              hostile_value, max_size=4))  # fmt: skip
def test_forum_filters_never_fail_on_hostile_query_strings(params, stand):
    cache.clear()

    response = Client().get(reverse("exhibitors:list"), params)

    assert_no_server_error(response)


@FUZZ
@given(slug=slug_like)
def test_workshop_page_never_fails_on_a_hostile_slug(slug, event):
    cache.clear()

    response = Client().get(f"/ateliers/{quoted(slug)}/")

    assert_no_server_error(response)


@FUZZ
@given(
    token=slug_like.filter(lambda t: t != "merci"),
    page=st.sampled_from(["", "billet/", "billet.svg", "programme.ics"]),
)
def test_personal_link_never_fails_on_a_hostile_token(token, page, event):
    cache.clear()

    response = Client().get(f"/inscription/{quoted(token)}/{page}")

    assert_no_server_error(response)
    assert response.status_code == 404
