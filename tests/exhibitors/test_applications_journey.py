"""After the CV: the applicant's acknowledgement and withdraw link, the members' notices
(each application, or a daily digest), and applying with a phone number only."""

import datetime as dt

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from exhibitors import services
from exhibitors.enums import ApplicationNotice
from exhibitors.models import Application
from innov_insertion import sms

from ..factories import PDF_BYTES, ApplicationFactory, OrganisationMemberFactory

pytestmark = pytest.mark.django_db


def apply(client, exhibitor, **overrides):
    url = reverse("exhibitors:apply", kwargs={"slug": exhibitor.organisation.slug})
    data = {
        "first_name": "Inès",
        "last_name": "Moreau",
        "email": "ines.moreau@example.org",
        "cv": SimpleUploadedFile("cv.pdf", PDF_BYTES, content_type="application/pdf"),
        "consent": "on",
        **overrides,
    }
    return client.post(url, data)


def withdraw_link(body: str) -> str:
    return next(line for line in body.splitlines() if "/candidatures/retirer/" in line)


def test_applicant_gets_an_acknowledgement_with_a_withdraw_link(
    client, forges, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        apply(client, forges)

    [ack] = [m for m in mail.outbox if m.to == ["ines.moreau@example.org"]]
    assert ack.subject == "Votre candidature est transmise à Forges du Creusot"
    assert "/forum/candidatures/retirer/" in withdraw_link(ack.body)


def test_withdraw_link_asks_then_removes_the_application_and_its_file(
    client, forges, private_root, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        apply(client, forges)
    application = Application.objects.get(email="ines.moreau@example.org")
    stored = private_root / application.cv.name
    [ack] = [m for m in mail.outbox if m.to == ["ines.moreau@example.org"]]
    path = "/" + withdraw_link(ack.body).split("/", 3)[3]
    client.force_login(forges.user)

    asked = client.get(path)
    inbox_before = client.get(reverse("portal:applications"))
    done = client.post(path)
    inbox_after = client.get(reverse("portal:applications"))
    again = client.get(path)

    assertContains(asked, "Retirer ma candidature ?")
    assert stored.exists() is False
    assertContains(done, "Votre candidature est retirée")
    assertContains(inbox_before, "Inès Moreau")
    assertNotContains(inbox_after, "Inès Moreau")
    assert not Application.objects.filter(pk=application.pk).exists()
    assertContains(again, "Cette candidature n’existe plus", status_code=404)


def test_forged_withdraw_link_withdraws_nothing(client, forges):
    path = reverse("exhibitors:withdraw", kwargs={"token": f"{forges.application.file_key}:x"})

    response = client.post(path)

    assert response.status_code == 404
    assert Application.objects.filter(pk=forges.application.pk).exists()


def test_each_member_who_chose_it_gets_one_notice_per_application(
    client, forges, django_capture_on_commit_callbacks
):
    daily = OrganisationMemberFactory(
        organisation=forges.organisation, application_notice=ApplicationNotice.DAILY
    )

    with django_capture_on_commit_callbacks(execute=True):
        apply(client, forges)

    notices = [m for m in mail.outbox if m.subject == "Nouvelle candidature pour Forges du Creusot"]
    assert [m.to for m in notices] == [[forges.user.email]]
    assert "Inès Moreau vous a envoyé une candidature spontanée." in notices[0].body
    assert daily.user.email not in [m.to[0] for m in mail.outbox]


def test_daily_digest_lists_new_applications_once(forges):
    member = OrganisationMemberFactory(organisation=forges.organisation)
    services.member_notice_set(member=member, notice=ApplicationNotice.DAILY)
    ApplicationFactory(organisation=forges.organisation, event=forges.stand.event, first_name="Léa")
    withdrawn = ApplicationFactory(
        organisation=forges.organisation, event=forges.stand.event, first_name="Paul"
    )
    services.application_withdraw(application=withdrawn)
    later = timezone.now() + dt.timedelta(minutes=1)

    first = services.applications_digest_send(now=later)
    second = services.applications_digest_send(now=later + dt.timedelta(days=1))

    assert (first, second) == (1, 0)
    [digest] = mail.outbox
    assert digest.to == [member.user.email]
    assert digest.subject == "1 nouvelle candidature pour Forges du Creusot"
    assert "Léa" in digest.body
    assert "Paul" not in digest.body


def test_digest_command_sends_the_digests(forges):
    member = OrganisationMemberFactory(organisation=forges.organisation)
    services.member_notice_set(member=member, notice=ApplicationNotice.DAILY)
    ApplicationFactory(organisation=forges.organisation, event=forges.stand.event)

    call_command("send_applications_digest")

    assert [m.to for m in mail.outbox] == [[member.user.email]]


def test_member_chooses_the_daily_digest_in_the_portal(client, forges):
    client.force_login(forges.user)

    response = client.post(reverse("portal:notice"), {"application_notice": "daily"}, follow=True)

    assertContains(response, "C’est noté : Un récapitulatif par jour.")
    member = forges.organisation.members.get(user=forges.user)
    assert member.application_notice == ApplicationNotice.DAILY


def test_person_with_a_phone_only_applies_and_gets_a_text(
    client, forges, settings, django_capture_on_commit_callbacks
):
    settings.SMS_URL = "locmem://"

    with django_capture_on_commit_callbacks(execute=True):
        apply(client, forges, email="", phone="06 12 34 56 78")

    application = Application.objects.get(phone="+33612345678")
    assert application.email == ""
    [text] = [t for t in sms.outbox if t.to == "+33612345678"]
    assert "/forum/candidatures/retirer/" in text.body


def test_neither_email_nor_phone_is_one_clear_error(client, forges):
    response = apply(client, forges, email="", phone="")

    assertContains(response, "Indiquez un courriel ou un téléphone")
    assert not Application.objects.filter(first_name="Inès").exists()
