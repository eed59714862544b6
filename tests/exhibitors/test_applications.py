"""CVs left at a stand: a PDF only, for that organisation alone, downloaded only by its
members through the portal, and deleted some days after the forum."""

import datetime as dt
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from exhibitors import services
from exhibitors.enums import ApplicationStatus
from exhibitors.models import Application

from ..factories import (
    PDF_BYTES,
    ApplicationFactory,
    EventFactory,
    JobOfferFactory,
    OrganisationFactory,
    StandFactory,
)
from .test_uploads import image_bytes

pytestmark = pytest.mark.django_db

# Session, user, membership, current event, the page of applications (organisation,
# offer and edition joined), the count for the pagination.
INBOX_QUERIES = 6


def cv(data: bytes = PDF_BYTES, name: str = "mon-cv.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def form_data(**overrides) -> dict:
    return {
        "first_name": "Inès",
        "last_name": "Moreau",
        "email": "ines.moreau@example.org",
        "message": "Disponible dès lundi.",
        "cv": cv(),
        "consent": "on",
        **overrides,
    }


def apply_url(exhibitor, offer=None) -> str:
    slug = exhibitor.organisation.slug
    if offer is None:
        return reverse("exhibitors:apply", kwargs={"slug": slug})
    return reverse("exhibitors:apply_offer", kwargs={"slug": slug, "offer_id": offer.pk})


def files_under(root) -> list:
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


# --- The public form ---------------------------------------------------------------------


def test_stand_page_links_to_the_cv_form_and_to_each_offer(client, forges):
    response = client.get(forges.organisation.get_absolute_url())

    assertContains(response, f'href="{apply_url(forges)}"')
    assertContains(response, f'href="{apply_url(forges, forges.offer)}"')


def test_application_is_stored_privately_for_that_organisation(
    client, forges, private_root, media_root
):
    response = client.post(apply_url(forges, forges.offer), form_data(), follow=True)

    assertRedirects(response, forges.organisation.get_absolute_url())
    assertContains(response, "votre candidature est transmise à Forges")
    application = Application.objects.get(email="ines.moreau@example.org")
    assert (application.organisation, application.job_offer) == (
        forges.organisation,
        forges.offer,
    )
    assert application.event == forges.stand.event
    assert application.status == ApplicationStatus.NEW
    assert application.consent_at is not None
    assert len(application.file_key) == 32
    assert application.cv.name == f"cv/{forges.organisation.pk}/{application.file_key}.pdf"
    stored = private_root / application.cv.name
    assert stored.read_bytes() == PDF_BYTES
    assert not str(stored).startswith(str(media_root))
    assert files_under(media_root) == []
    with pytest.raises(ValueError, match="no public URL"):
        application.cv.url  # noqa: B018


def test_spontaneous_application_has_no_offer(client, forges):
    client.post(apply_url(forges), form_data())

    assert Application.objects.get(email="ines.moreau@example.org").job_offer is None


@pytest.mark.parametrize(
    "which", ["other organisation's offer", "unpublished offer", "unknown offer"]
)
def test_cv_form_for_an_offer_that_is_not_open_here_is_a_404(client, forges, admr, which):
    offer_id = {
        "other organisation's offer": admr.offer.pk,
        "unpublished offer": JobOfferFactory(
            organisation=forges.organisation, is_published=False
        ).pk,
        "unknown offer": 999_999,
    }[which]
    url = reverse(
        "exhibitors:apply_offer",
        kwargs={"slug": forges.organisation.slug, "offer_id": offer_id},
    )

    responses = [client.get(url), client.post(url, form_data())]

    assert [r.status_code for r in responses] == [404, 404]
    assert not Application.objects.filter(email="ines.moreau@example.org").exists()


def test_cv_form_of_an_organisation_without_a_stand_this_year_is_a_404(client, event):
    absent = OrganisationFactory(slug="absente")
    StandFactory(event=EventFactory(date=event.date.replace(year=2020)), organisation=absent)

    response = client.get(reverse("exhibitors:apply", kwargs={"slug": "absente"}))

    assert response.status_code == 404


REFUSED_CVS = {
    "PNG renamed .pdf": (image_bytes("PNG", size=(30, 30)), "n’est pas ce que son nom annonce"),
    "PDF over 5 MB": (
        PDF_BYTES[:-6] + b"\0" * (5 * 1024 * 1024) + b"%%EOF\n",
        "Le CV dépasse 5 Mo",
    ),
    "empty file": (b"", "Le fichier est vide"),
    "HTML named .pdf": (b"<html><script>alert(1)</script></html>", "fichier PDF"),
    "PDF cut short": (PDF_BYTES[:20], "incomplet ou abîmé"),
}


@pytest.mark.parametrize(("data", "message"), REFUSED_CVS.values(), ids=REFUSED_CVS.keys())
def test_cv_that_is_not_a_pdf_is_refused_and_nothing_is_stored(
    client, forges, private_root, data, message
):
    before = files_under(private_root)

    response = client.post(apply_url(forges), form_data(cv=cv(data)))

    assertContains(response, message)
    assertContains(response, 'href="#id_cv"')
    assert not Application.objects.filter(email="ines.moreau@example.org").exists()
    assert files_under(private_root) == before


def test_cv_form_requires_consent(client, forges):
    data = form_data()
    del data["consent"]

    response = client.post(apply_url(forges), data)

    assertContains(response, "sans votre accord, nous ne pouvons pas transmettre")
    assert not Application.objects.filter(email="ines.moreau@example.org").exists()


def test_cv_form_honeypot_stores_nothing(client, forges, private_root):
    before = files_under(private_root)

    response = client.post(apply_url(forges), form_data(website="http://spam.example"))

    assertRedirects(response, forges.organisation.get_absolute_url())
    assert not Application.objects.filter(email="ines.moreau@example.org").exists()
    assert files_under(private_root) == before


def test_cv_form_is_rate_limited_by_address(client, forges, settings):
    settings.REGISTRATION_RATE = "2/h"
    for n in range(2):
        client.post(apply_url(forges), form_data(email=f"personne.{n}@example.org"))

    response = client.post(apply_url(forges), form_data())

    assert response.status_code == 429
    assertContains(response, "Trop de candidatures depuis cette connexion", status_code=429)
    assert not Application.objects.filter(email="ines.moreau@example.org").exists()


# --- Download ------------------------------------------------------------------------------


def cv_url(exhibitor) -> str:
    return reverse("portal:application_cv", kwargs={"pk": exhibitor.application.pk})


def test_cv_download_needs_a_login(client, forges):
    response = client.get(cv_url(forges))

    assertRedirects(response, f"{reverse('login')}?next={cv_url(forges)}")


def test_cv_of_another_organisation_is_a_404(client, forges, admr):
    client.force_login(admr.user)

    response = client.get(cv_url(forges))

    assert response.status_code == 404


def test_cv_download_gives_the_member_the_pdf_as_an_attachment_never_cached(client, forges):
    application = forges.application
    client.force_login(forges.user)

    response = client.get(cv_url(forges))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="cv-{application.last_name.lower()}-karim.pdf"'
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"


# --- The inbox ---------------------------------------------------------------------------


def test_inbox_lists_the_applications_with_their_status(client, forges):
    ApplicationFactory(
        organisation=forges.organisation,
        event=forges.stand.event,
        job_offer=forges.offer,
        first_name="Zoé",
        status=ApplicationStatus.INTERVIEW,
    )
    client.force_login(forges.user)

    response = client.get(reverse("portal:applications"))

    assertContains(response, "Zoé")
    assertContains(response, f"pour « {forges.offer.title} »")
    assertContains(response, "Entretien prévu")
    assertContains(response, "candidature spontanée")
    assertContains(response, f'href="{cv_url(forges)}"')


def test_member_changes_the_status_of_an_application(client, forges):
    url = reverse("portal:application", kwargs={"pk": forges.application.pk})
    client.force_login(forges.user)

    response = client.post(url, {"status": ApplicationStatus.CONTACTED}, follow=True)

    assertRedirects(response, url)
    assertContains(response, "« Contacté·e »")
    forges.application.refresh_from_db()
    assert forges.application.status == ApplicationStatus.CONTACTED


def test_unknown_status_is_a_form_error(client, forges):
    url = reverse("portal:application", kwargs={"pk": forges.application.pk})
    client.force_login(forges.user)

    response = client.post(url, {"status": "millionaire"})

    assertContains(response, 'href="#id_status"')
    forges.application.refresh_from_db()
    assert forges.application.status == ApplicationStatus.NEW


@pytest.mark.parametrize("rows", [3, 30])
def test_inbox_query_count_does_not_grow_with_applications(
    client, forges, rows, django_assert_num_queries
):
    ApplicationFactory.create_batch(
        rows, organisation=forges.organisation, event=forges.stand.event, job_offer=forges.offer
    )
    client.force_login(forges.user)

    with django_assert_num_queries(INBOX_QUERIES):
        response = client.get(reverse("portal:applications"))

    assert len(response.context["applications"]) == rows + 1


# --- Admin -------------------------------------------------------------------------------


def test_admin_lists_applications_by_organisation_without_any_cv_link(admin_client, forges, admr):
    url = reverse("admin:exhibitors_application_changelist")

    response = admin_client.get(url, {"organisation__id__exact": forges.organisation.pk})
    change = admin_client.get(
        reverse("admin:exhibitors_application_change", args=[forges.application.pk])
    )

    assertContains(response, forges.application.last_name)
    assertNotContains(response, admr.application.last_name)
    assert change.status_code == 200
    assertNotContains(change, forges.application.file_key)


def test_admin_deletes_the_cv_file_with_the_application(admin_client, forges, private_root):
    stored = private_root / forges.application.cv.name
    url = reverse("admin:exhibitors_application_delete", args=[forges.application.pk])

    admin_client.post(url, {"post": "yes"})

    assert not Application.objects.filter(pk=forges.application.pk).exists()
    assert not stored.exists()


# --- Retention ---------------------------------------------------------------------------


def days_ago(days: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days)


def test_applications_purge_deletes_old_cvs_and_rows_only(private_root):
    old = ApplicationFactory(event=EventFactory(date=days_ago(61)))
    recent = ApplicationFactory(event=EventFactory(date=days_ago(59)))
    old_file = private_root / old.cv.name

    count = services.applications_purge(retention_days=60)

    assert count == 1
    assert list(Application.objects.all()) == [recent]
    assert not old_file.exists()
    assert (private_root / recent.cv.name).read_bytes() == PDF_BYTES


def test_applications_purge_survives_a_missing_file(private_root):
    old = ApplicationFactory(event=EventFactory(date=days_ago(100)))
    (private_root / old.cv.name).unlink()

    count = services.applications_purge(retention_days=60)

    assert count == 1
    assert not Application.objects.exists()


def test_purge_command_reports_participants_and_cvs(settings, private_root):
    settings.CV_RETENTION_DAYS = 30
    ApplicationFactory(event=EventFactory(date=days_ago(31)))
    out = StringIO()

    call_command("purge_personal_data", stdout=out)

    lines = out.getvalue().splitlines()
    assert lines[0].startswith("0 participant")
    assert lines[1].startswith(
        "1 candidature(s) et CV effacé(s), éditions passées depuis plus de 30"
    )
    assert not Application.objects.exists()
