"""On English pages, what staff and exhibitors wrote in French is marked lang="fr" (WCAG 3.1.2),
and times read the same way in both languages."""

import datetime as dt

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import formats, translation

from events.enums import TimetableItemKind

from .factories import (
    JobOfferFactory,
    SpaceFactory,
    StandActivityFactory,
    StandFactory,
    TimetableItemFactory,
    WorkshopFactory,
)

ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}


def render(source: str, language: str, **context) -> str:
    with translation.override(language):
        return Template("{% load content_lang %}" + source).render(Context(context))


def test_filter_marks_french_content_on_an_english_page_and_escapes_it():
    html = render("<h1>{{ title|content_lang }}</h1>", "en", title="Atelier <CV> & lettre")

    assert html == '<h1><span lang="fr">Atelier &lt;CV&gt; &amp; lettre</span></h1>'


def test_filter_leaves_french_pages_as_they_were():
    html = render("<h1>{{ title|content_lang }}</h1>", "fr", title="Atelier <CV>")

    assert html == "<h1>Atelier &lt;CV&gt;</h1>"


def test_filter_keeps_line_breaks_of_a_description_and_skips_empty_values():
    html = render(
        "<p>{{ text|linebreaksbr|content_lang }}</p><p>{{ empty|content_lang }}</p>",
        "en",
        text="Ligne 1\nLigne <2>",
        empty="",
    )

    assert html == '<p><span lang="fr">Ligne 1<br>Ligne &lt;2&gt;</span></p><p></p>'


def test_attribute_tag_only_on_pages_in_another_language():
    source = "<div{% content_lang_attr %}>x</div>"

    assert render(source, "en") == '<div lang="fr">x</div>'
    assert render(source, "fr") == "<div>x</div>"


@pytest.mark.django_db
def test_english_workshop_pages_mark_title_description_and_room_french(client, event):
    room = SpaceFactory(event=event, name="Salle des fêtes")
    workshop = WorkshopFactory(
        event=event, title="Atelier CV", description="Refaire son CV.", space=room
    )

    listing = client.get(reverse("workshops:list"), **ENGLISH).content.decode()
    detail = client.get(workshop.get_absolute_url(), **ENGLISH).content.decode()
    french = client.get(workshop.get_absolute_url()).content.decode()

    assert '<span lang="fr">Atelier CV</span></a>' in listing
    assert '<span lang="fr">Salle des fêtes</span>' in listing
    assert '<h1><span lang="fr">Atelier CV</span></h1>' in detail
    assert '<p><span lang="fr">Refaire son CV.</span></p>' in detail
    assert "<h1>Atelier CV</h1>" in french
    assert 'lang="fr">Atelier' not in french


@pytest.mark.django_db
def test_english_programme_home_and_conference_mark_french_titles(client, event):
    TimetableItemFactory(
        event=event,
        kind=TimetableItemKind.CONFERENCE,
        title="Conférence d’ouverture",
        description="Avec les élus.",
    )
    WorkshopFactory(event=event, title="Atelier CV")

    programme = client.get(reverse("programme"), **ENGLISH).content.decode()
    conference = client.get(reverse("events:conference"), **ENGLISH).content.decode()
    home = client.get("/", **ENGLISH).content.decode()

    assert '<span lang="fr">Conférence d’ouverture</span>' in programme
    assert '<span lang="fr">Atelier CV</span>' in programme
    assert '<span lang="fr">Conférence d’ouverture</span></h2>' in conference
    assert '<span lang="fr">Avec les élus.</span>' in conference
    assert '<span lang="fr">Un forum, des ateliers' in home


@pytest.mark.django_db
def test_english_stand_page_marks_activities_and_offers_not_the_organisation_name(client, event):
    stand = StandFactory(event=event, organisation__name="Schneider Electric")
    StandActivityFactory(stand=stand, title="Échanges sur nos métiers")
    JobOfferFactory(organisation=stand.organisation, title="Agent de production")

    page = client.get(stand.get_absolute_url(), **ENGLISH).content.decode()

    assert "<h1>Schneider Electric</h1>" in page
    assert '<span lang="fr">Échanges sur nos métiers</span></h3>' in page
    assert '<span lang="fr">Agent de production</span></a></h3>' in page
    assert '<span lang="fr">Une entreprise du territoire qui recrute.</span>' in page


@pytest.mark.django_db
def test_english_registration_form_marks_the_choices_french(client, event):
    WorkshopFactory(event=event, title="Atelier CV")

    page = client.get(reverse("participants:register"), **ENGLISH).content.decode()

    assert '<span class="bookable__title"><span lang="fr">Atelier CV</span></span>' in page


@pytest.mark.django_db
def test_english_personal_page_marks_the_plan_french(client, event, register):
    workshop = WorkshopFactory(event=event, title="Atelier CV")
    amina = register(workshop)

    page = client.get(amina.get_absolute_url(), **ENGLISH).content.decode()

    assert '<span lang="fr">Atelier CV</span></h3>' in page


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize(
    "name", ["TIME_FORMAT", "DATETIME_FORMAT", "SHORT_DATETIME_FORMAT", "SHORT_DATE_FORMAT"]
)
def test_times_use_a_24_hour_clock_and_dates_the_day_first_in_both_languages(language, name):
    moment = dt.datetime(2026, 12, 22, 21, 5)

    with translation.override(language):
        shown = formats.date_format(moment, name)

    assert "p.m." not in shown and "PM" not in shown
    if "TIME" in name:
        assert "21" in shown and "05" in shown
    if name == "SHORT_DATE_FORMAT":
        assert shown == "22/12/2026"
