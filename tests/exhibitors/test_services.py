import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from exhibitors import services
from exhibitors.enums import ActivityKind, ApplicationStatus
from exhibitors.models import Application, JobOffer, StandActivity
from exhibitors.services import job_offers_publish
from participants import services as participant_services

from ..factories import (
    PDF_BYTES,
    ApplicationFactory,
    JobOfferFactory,
    OrganisationFactory,
    SectorFactory,
    StandActivityFactory,
    StandFactory,
)

pytestmark = pytest.mark.django_db


def test_job_offers_publish_withdraws_only_the_given_offers():
    kept = JobOfferFactory(title="Soudeur", is_published=True)
    withdrawn = JobOfferFactory(title="Cariste", is_published=True)

    changed = job_offers_publish(
        job_offers=JobOffer.objects.filter(pk=withdrawn.pk), is_published=False
    )

    assert changed == 1
    assert list(JobOffer.objects.published()) == [kept]


def test_job_offers_publish_counts_only_offers_that_change():
    JobOfferFactory(is_published=True)
    JobOfferFactory(is_published=False)

    changed = job_offers_publish(job_offers=JobOffer.objects.all(), is_published=True)

    assert changed == 1
    assert JobOffer.objects.published().count() == 2


def test_job_offers_publish_keeps_a_history_record_per_change():
    offer = JobOfferFactory(is_published=True)

    job_offers_publish(job_offers=JobOffer.objects.filter(pk=offer.pk), is_published=False)
    job_offers_publish(job_offers=JobOffer.objects.filter(pk=offer.pk), is_published=False)

    assert [h.is_published for h in offer.history.order_by("history_id")] == [True, False]


# --- The stand page and its activities ------------------------------------------------------


def test_organisation_update_sets_text_and_sectors():
    organisation = OrganisationFactory(sectors=[SectorFactory(name="Transport")])
    care = SectorFactory(name="Aide à la personne")
    details = services.OrganisationDetails(
        description="Aide à domicile.",
        website="https://admr.example.org",
        contact_name="Nadia",
        contact_email="nadia@example.org",
        contact_phone="03 85 11 22 33",
        sectors=[care],
    )

    services.organisation_update(organisation=organisation, details=details)

    organisation.refresh_from_db()
    assert organisation.description == "Aide à domicile."
    assert list(organisation.sectors.all()) == [care]


def activity_details(**overrides) -> services.ActivityDetails:
    values = {
        "kind": ActivityKind.GAME,
        "title": "Jeu des métiers",
        "description": "",
        "starts_at": None,
        "ends_at": None,
        "capacity": 8,
    }
    return services.ActivityDetails(**{**values, **overrides})


def test_stand_activity_update_refuses_fewer_seats_than_taken():
    activity = StandActivityFactory(capacity=10)
    StandActivity.objects.filter(pk=activity.pk).update(seats_taken=7)

    with pytest.raises(services.ExhibitorError) as error:
        services.stand_activity_update(activity=activity, details=activity_details(capacity=6))

    assert error.value.code == "capacity_below_seats"
    activity.refresh_from_db()
    assert (activity.capacity, activity.seats_taken) == (10, 7)


def test_stand_activity_update_never_writes_the_seat_count_it_read():
    activity = StandActivityFactory(capacity=10)
    StandActivity.objects.filter(pk=activity.pk).update(seats_taken=4)  # a booking meanwhile

    services.stand_activity_update(activity=activity, details=activity_details(capacity=12))

    activity.refresh_from_db()
    assert (activity.title, activity.capacity, activity.seats_taken) == ("Jeu des métiers", 12, 4)


def test_stand_activity_delete_refuses_a_booked_activity(event):
    activity = StandActivityFactory(stand__event=event, capacity=5)
    participant_services.registration_create(
        event=event,
        person=participant_services.PersonDetails(
            first_name="Léa", last_name="Petit", email="lea@example.org"
        ),
        targets=[activity],
    )

    with pytest.raises(services.ExhibitorError) as error:
        services.stand_activity_delete(activity=activity)

    assert error.value.code == "activity_has_bookings"
    assert StandActivity.objects.filter(pk=activity.pk).exists()


# --- Applications ----------------------------------------------------------------------------


def applicant() -> services.ApplicantDetails:
    return services.ApplicantDetails(first_name="Inès", last_name="Moreau", email="i@example.org")


def pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile("cv.pdf", PDF_BYTES, content_type="application/pdf")


def test_application_create_needs_a_stand_at_the_edition(event):
    organisation = OrganisationFactory(name="Absente")

    with pytest.raises(services.ExhibitorError) as error:
        services.application_create(
            organisation=organisation, event=event, applicant=applicant(), cv=pdf()
        )

    assert error.value.message == "Absente n’a pas de stand à cette édition du forum."
    assert not Application.objects.exists()


@pytest.mark.parametrize("which", ["other organisation", "withdrawn"])
def test_application_create_refuses_an_offer_not_open_here(event, which):
    stand = StandFactory(event=event)
    offer = JobOfferFactory(
        organisation=stand.organisation if which == "withdrawn" else OrganisationFactory(),
        is_published=which != "withdrawn",
    )

    with pytest.raises(services.ExhibitorError) as error:
        services.application_create(
            organisation=stand.organisation,
            event=event,
            applicant=applicant(),
            cv=pdf(),
            job_offer=offer,
        )

    assert error.value.code == "offer_closed"


def test_application_create_checks_the_file_itself(event):
    stand = StandFactory(event=event)
    fake = SimpleUploadedFile("cv.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")

    with pytest.raises(ValidationError):
        services.application_create(
            organisation=stand.organisation, event=event, applicant=applicant(), cv=fake
        )

    assert not Application.objects.exists()


def test_application_status_set_refuses_an_unknown_status():
    application = ApplicationFactory()

    with pytest.raises(ValueError, match="millionaire"):
        services.application_status_set(application=application, status="millionaire")


def test_application_status_set_records_the_status():
    application = ApplicationFactory()

    services.application_status_set(application=application, status=ApplicationStatus.HIRED)

    application.refresh_from_db()
    assert application.status == ApplicationStatus.HIRED


# --- Accounts ----------------------------------------------------------------------------


def test_member_invite_creates_an_account_without_password_and_emails_after_commit(
    django_capture_on_commit_callbacks,
):
    organisation = OrganisationFactory(name="Eureka")

    with django_capture_on_commit_callbacks() as callbacks:
        member = services.member_invite(organisation=organisation, email="Paul@Example.org")
        assert mail.outbox == []
    for callback in callbacks:
        callback()

    assert member.user.username == "paul@example.org"
    assert not member.user.has_usable_password()
    assert [message.to for message in mail.outbox] == [["paul@example.org"]]
    assert "/exposants/mot-de-passe/" in mail.outbox[0].body
