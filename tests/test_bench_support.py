"""What ``make bench`` relies on: the health page, the public pages' cache and bench_fill."""

import gzip
import threading
import time
from datetime import timedelta

import pytest
from django.core.cache import cache, caches
from django.core.management import call_command
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from events import cache as public_pages
from events.models import Event
from exhibitors.models import Stand
from participants import services
from participants.enums import BookingState
from participants.models import Participant
from workshops.models import Workshop

from .factories import OrganisationFactory, StandFactory, WorkshopFactory


def test_health_answers_ok_without_any_query(client):
    # No database fixture: pytest-django turns any query into an error.
    response = client.get(reverse("health"))

    assert response.status_code == 200
    assert response.content.decode().strip() == "ok"
    assert response["Cache-Control"] == "no-store"


def test_public_page_second_visit_is_served_from_cache(client, event, django_assert_num_queries):
    workshop = WorkshopFactory(event=event, title="Préparer son entretien")
    client.get(workshop.get_absolute_url())

    with django_assert_num_queries(0):
        response = client.get(workshop.get_absolute_url())

    assert response.status_code == 200
    assert "Préparer son entretien" in response.content.decode()


def test_public_page_rendered_by_one_worker_is_not_rendered_again_by_another(
    client, event, django_assert_num_queries
):
    workshop = WorkshopFactory(event=event, title="Préparer son entretien")
    client.get(workshop.get_absolute_url())  # this worker renders and shares it
    caches[public_pages.PAGES_CACHE].clear()  # another worker: nothing in its memory

    with django_assert_num_queries(0):
        response = client.get(workshop.get_absolute_url())

    assert "Préparer son entretien" in response.content.decode()


def shared_key_of(path: str) -> str:
    return f"public-pages:{public_pages.content_version()}:fr:{path}"


def test_while_another_worker_renders_the_new_version_the_old_copy_is_served(
    client, event, django_assert_num_queries
):
    workshop = WorkshopFactory(event=event, title="Titre d’avant")
    url = workshop.get_absolute_url()
    client.get(url)
    Workshop.objects.filter(pk=workshop.pk).update(title="Titre d’après")
    public_pages.content_changed()
    lock = shared_key_of(url) + ":rendering"
    cache.add(lock, 1)  # another worker is rendering the new version

    with django_assert_num_queries(0):
        during = client.get(url).content.decode()
    cache.delete(lock)  # it gave up without storing anything: this worker renders
    after = client.get(url).content.decode()

    assert "Titre d’avant" in during
    assert "Titre d’après" in after


def test_a_worker_without_a_copy_waits_for_the_page_another_is_rendering(
    client, event, django_assert_num_queries
):
    workshop = WorkshopFactory(event=event, title="Préparer son entretien")
    url = workshop.get_absolute_url()
    client.get(url)
    shared = shared_key_of(url)
    rendered = cache.get(shared)
    cache.delete(shared)
    caches[public_pages.PAGES_CACHE].clear()
    cache.add(shared + ":rendering", 1)

    def other_worker_done():
        cache.set(shared, rendered)
        cache.delete(shared + ":rendering")

    threading.Timer(0.2, other_worker_done).start()
    with django_assert_num_queries(0):
        response = client.get(url)

    assert "Préparer son entretien" in response.content.decode()


def test_public_page_shows_a_changed_title_at_once(client, event):
    workshop = WorkshopFactory(event=event, title="Titre d’avant")
    client.get(reverse("workshops:list"))

    workshop.title = "Titre d’après"
    workshop.save()
    page = client.get(reverse("workshops:list")).content.decode()

    assert "Titre d’après" in page
    assert "Titre d’avant" not in page


def test_public_page_changed_by_another_worker_shows_within_a_second(client, event, monkeypatch):
    """Another gunicorn worker changed the content: this worker sees the new version (kept
    in the shared cache) at its next check, VERSION_CHECK_SECONDS later at most."""
    workshop = WorkshopFactory(event=event, title="Titre d’avant")
    client.get(reverse("workshops:list"))
    # What the other worker did: the row changed and the shared version moved on, without
    # this worker's signals (queryset.update sends none).
    Workshop.objects.filter(pk=workshop.pk).update(title="Titre d’après")
    cache.incr(public_pages.VERSION_KEY)

    assert "Titre d’avant" in client.get(reverse("workshops:list")).content.decode()

    now = time.monotonic()
    monkeypatch.setattr(
        public_pages.time, "monotonic", lambda: now + public_pages.VERSION_CHECK_SECONDS
    )
    page = client.get(reverse("workshops:list")).content.decode()
    assert "Titre d’après" in page
    assert "Titre d’avant" not in page


def test_public_page_from_cache_travels_gzipped_to_browsers_that_accept_it(client, event):
    WorkshopFactory.create_batch(5, event=event)
    plain = client.get(reverse("workshops:list"))  # rendered, then stored

    zipped = client.get(reverse("workshops:list"), HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    again = client.get(reverse("workshops:list"))

    assert zipped["Content-Encoding"] == "gzip"
    assert len(zipped.content) < len(plain.content) / 3
    assert gzip.decompress(zipped.content) == plain.content
    assert again.content == plain.content
    assert "Content-Encoding" not in again
    for response in (plain, zipped, again):
        assert "Accept-Encoding" in response["Vary"]


def test_public_page_forgets_a_deleted_stand(client, event):
    stand = StandFactory(event=event, organisation=OrganisationFactory(name="Menuiserie Alpha"))
    assert "Menuiserie Alpha" in client.get(reverse("exhibitors:list")).content.decode()

    stand.delete()
    page = client.get(reverse("exhibitors:list")).content.decode()

    assert "Menuiserie Alpha" not in page


def test_public_page_shows_seats_left_after_a_booking(client, event):
    workshop = WorkshopFactory(event=event, capacity=12)
    assert "12 places restantes" in client.get(workshop.get_absolute_url()).content.decode()

    services.registration_create(
        event=event,
        person=services.PersonDetails(first_name="Awa", last_name="Diallo", email="awa@ex.org"),
        targets=[workshop],
    )
    page = client.get(workshop.get_absolute_url()).content.decode()

    assert "11 places restantes" in page


def test_public_page_cache_varies_by_language(client, event):
    french = client.get(reverse("programme"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    english = client.get(reverse("programme"), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert 'lang="fr"' in french
    assert 'lang="en"' in english


def test_public_page_holds_no_csrf_token_and_language_form_still_works(event):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    page = client.get(reverse("home")).content.decode()

    response = client.post(reverse("set_language"), {"language": "en", "next": "/programme/"})

    assert "csrfmiddlewaretoken" not in page
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "en"


def test_public_page_is_rendered_afresh_for_a_visitor_with_a_session(
    admin_client, event, django_assert_max_num_queries
):
    WorkshopFactory(event=event)
    admin_client.get(reverse("workshops:list"))

    with django_assert_max_num_queries(50) as captured:
        admin_client.get(reverse("workshops:list"))

    assert len(captured) > 0


@pytest.mark.django_db
def test_bench_fill_copies_the_demo_and_keeps_seats_consistent():
    call_command("load_demo")

    call_command("bench_fill", scale=3, participants=200)

    event = Event.objects.get(slug="innov-insertion")
    assert Stand.objects.filter(event=event).count() == 36
    assert Workshop.objects.filter(event=event).values("slug").distinct().count() == 36
    assert Participant.objects.filter(event=event).count() == 200
    confirmed = Count("bookings", filter=Q(bookings__state=BookingState.CONFIRMED))
    for workshop in Workshop.objects.filter(event=event).annotate(confirmed=confirmed):
        assert workshop.seats_taken == workshop.confirmed
        assert workshop.seats_taken <= workshop.capacity


def test_the_current_edition_is_remembered_until_staff_change_it(client, event):
    register = reverse("participants:register")
    assert client.get(register).context["is_open"]

    event.registration_closes_at = timezone.now() - timedelta(minutes=1)
    event.save()
    closed = client.get(register)

    assert not closed.context["is_open"]
    assert "Les inscriptions en ligne sont closes" in closed.content.decode()
