"""Each exhibitor member's messages (invitation, new-application notice, daily digest) go
out in the member's own language: chosen by staff at the invitation, taken from the page
the member signs in on, changed in the portal."""

import datetime as dt
import re
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains

from exhibitors import services
from exhibitors.enums import ApplicationNotice
from exhibitors.models import OrganisationMember

from ..factories import (
    PDF_BYTES,
    TEST_PASSWORD,
    ApplicationFactory,
    OrganisationFactory,
    OrganisationMemberFactory,
)

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://\S+/exposants/mot-de-passe/[^/\s]+/[^/\s]+/")
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}


def invite(organisation, email, django_capture_on_commit_callbacks, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        return services.member_invite(organisation=organisation, email=email, **kwargs)


def apply(client, exhibitor, django_capture_on_commit_callbacks):
    url = reverse("exhibitors:apply", kwargs={"slug": exhibitor.organisation.slug})
    data = {
        "first_name": "Inès",
        "last_name": "Moreau",
        "email": "ines.moreau@example.org",
        "cv": SimpleUploadedFile("cv.pdf", PDF_BYTES, content_type="application/pdf"),
        "consent": "on",
    }
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, data)


def member_of(exhibitor) -> OrganisationMember:
    return OrganisationMember.objects.get(user=exhibitor.user)


# --- Invitation -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "subject", "greeting"),
    [
        ("en", "Your Innov’insertion exhibitor area — Fonderie Bourgogne", "Hello,"),
        ("fr", "Votre espace exposant Innov’insertion — Fonderie Bourgogne", "Bonjour,"),
    ],
)
def test_invitation_is_written_in_the_member_language(
    django_capture_on_commit_callbacks, language, subject, greeting
):
    organisation = OrganisationFactory(name="Fonderie Bourgogne")

    member = invite(
        organisation, "julie@example.org", django_capture_on_commit_callbacks, language=language
    )

    [message] = mail.outbox
    assert message.subject == subject
    assert message.body.startswith(greeting)
    assert member.language == language


def test_staff_choose_the_language_when_inviting_in_the_admin(
    admin_client, django_capture_on_commit_callbacks
):
    organisation = OrganisationFactory(name="Fonderie Bourgogne")
    url = reverse("admin:exhibitors_organisationmember_add")
    form = admin_client.get(url)
    assertContains(form, 'name="language"')

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            url, {"organisation": organisation.pk, "email": "julie@example.org", "language": "en"}
        )

    [message] = mail.outbox
    assert message.subject == "Your Innov’insertion exhibitor area — Fonderie Bourgogne"
    assert OrganisationMember.objects.get(organisation=organisation).language == "en"


def test_inviting_again_keeps_the_member_language(
    admin_client, forges, django_capture_on_commit_callbacks
):
    member = member_of(forges)
    services.member_language_set(user=member.user, language="en")
    url = reverse("admin:exhibitors_organisationmember_changelist")

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(url, {"action": "invite", "_selected_action": [member.pk]})

    [message] = mail.outbox
    assert message.subject == "Your Innov’insertion exhibitor area — Forges du Creusot"


def test_a_second_organisation_takes_the_language_of_the_first(
    forges, django_capture_on_commit_callbacks
):
    services.member_language_set(user=forges.user, language="en")
    other = OrganisationFactory(name="Groupement d’employeurs")

    member = invite(other, forges.user.email, django_capture_on_commit_callbacks)

    assert member.language == "en"
    assert mail.outbox[0].subject == "Your Innov’insertion exhibitor area — Groupement d’employeurs"


def test_accepting_the_invitation_on_an_english_page_records_english(
    client, django_capture_on_commit_callbacks
):
    organisation = OrganisationFactory(name="Fonderie Bourgogne")
    member = invite(organisation, "julie@example.org", django_capture_on_commit_callbacks)
    assert member.language == settings.LANGUAGE_CODE
    [url] = LINK.findall(mail.outbox[0].body)

    form_page = client.get(urlsplit(url).path, follow=True, **ENGLISH)
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Soudure-et-Fonderie-71", "new_password2": "Soudure-et-Fonderie-71"},
        **ENGLISH,
    )

    member.refresh_from_db()
    assert member.language == "en"


@pytest.mark.parametrize("language", ["en", "fr"])
def test_signing_in_records_the_language_of_the_page(client, forges, language):
    services.member_language_set(user=forges.user, language="en" if language == "fr" else "fr")

    client.post(
        reverse("portal:login"),
        {"username": forges.user.username, "password": TEST_PASSWORD},
        HTTP_ACCEPT_LANGUAGE=language,
    )

    assert member_of(forges).language == language


# --- The portal setting ---------------------------------------------------------------------


def test_member_chooses_english_in_the_portal_for_all_their_organisations(client, forges, admr):
    OrganisationMemberFactory(organisation=admr.organisation, user=forges.user)
    client.force_login(forges.user)
    page = client.get(reverse("portal:notice"))
    assertContains(page, "Langue des courriels que le site vous envoie")

    response = client.post(
        reverse("portal:notice"), {"application_notice": "each", "language": "en"}, follow=True
    )

    assert set(
        OrganisationMember.objects.filter(user=forges.user).values_list("language", flat=True)
    ) == {"en"}
    # The site follows: the answer is already in English.
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assertContains(response, "Applications")
    assertContains(response, '<html lang="en"')


def test_portal_setting_offers_both_languages_with_the_current_one_checked(client, forges):
    services.member_language_set(user=forges.user, language="en")
    client.force_login(forges.user)

    response = client.get(reverse("portal:notice"))

    html = response.content.decode()
    assert re.search(r'<input[^>]*name="language"[^>]*value="en"[^>]*checked', html)
    assert re.search(r'<input[^>]*name="language"[^>]*value="fr"', html)
    assertContains(response, "<legend", count=2)


# --- Notices and digest -----------------------------------------------------------------------


def test_each_member_gets_the_new_application_notice_in_their_language(
    client, forges, django_capture_on_commit_callbacks
):
    english = OrganisationMemberFactory(organisation=forges.organisation, language="en")

    apply(client, forges, django_capture_on_commit_callbacks)

    notices = {m.to[0]: m for m in mail.outbox if m.to[0] != "ines.moreau@example.org"}
    assert notices[english.user.email].subject == "New application for Forges du Creusot"
    assert "Inès Moreau has sent you an unsolicited application." in (
        notices[english.user.email].body
    )
    assert notices[forges.user.email].subject == "Nouvelle candidature pour Forges du Creusot"
    assert "Inès Moreau vous a envoyé une candidature spontanée." in (
        notices[forges.user.email].body
    )


def test_each_member_gets_the_daily_digest_in_their_language(forges):
    english = OrganisationMemberFactory(organisation=forges.organisation, language="en")
    french = member_of(forges)
    for member in (english, french):
        services.member_notice_set(member=member, notice=ApplicationNotice.DAILY)
    ApplicationFactory(organisation=forges.organisation, event=forges.stand.event, first_name="Léa")

    sent = services.applications_digest_send(now=timezone.now() + dt.timedelta(minutes=1))

    assert sent == 2
    digests = {m.to[0]: m for m in mail.outbox}
    assert digests[english.user.email].subject == "1 new application for Forges du Creusot"
    assert "The applications received for Forges du Creusot" in digests[english.user.email].body
    assert digests[french.user.email].subject == "1 nouvelle candidature pour Forges du Creusot"
    assert "Les candidatures reçues pour Forges du Creusot" in digests[french.user.email].body
