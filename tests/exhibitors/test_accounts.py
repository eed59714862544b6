"""Exhibitor accounts: staff invite, the link sets a password and opens the portal; logins
go through django-axes, which locks a username from an address after repeated failures."""

import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from exhibitors import services
from exhibitors.models import OrganisationMember

from ..factories import TEST_PASSWORD, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

User = get_user_model()
NEW_PASSWORD = "Soudure-et-Fonderie-71"
LINK = re.compile(r"https?://\S+/exposants/mot-de-passe/[^/\s]+/[^/\s]+/")


def login(client, username, password, next="", **extra):
    data = {"username": username, "password": password, "next": next}
    return client.post(reverse("portal:login"), data, **extra)


def link_in(message) -> str:
    """The path of the one set-password link in an email."""
    [url] = LINK.findall(message.body)
    return urlsplit(url).path


def set_password(client, link: str):
    """Follow an emailed link and choose a password, as the person would."""
    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"], "the link should work"
    return client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )


# --- Login, logout, lockout ---------------------------------------------------------------


def test_login_with_email_and_password_opens_the_portal(client, forges):
    response = login(client, forges.user.username, TEST_PASSWORD, follow=True)

    assertRedirects(response, reverse("portal:home"))
    assertContains(client.get(reverse("portal:home")), "Forges du Creusot")


def test_login_goes_back_to_the_page_asked_for(client, forges):
    url = reverse("portal:applications")

    response = (
        login(client, forges.user.username, TEST_PASSWORD)
        if False
        else client.post(
            reverse("portal:login"),
            {"username": forges.user.username, "password": TEST_PASSWORD, "next": url},
        )
    )

    assertRedirects(response, url)


def test_wrong_password_is_a_summarised_form_error(client, forges):
    response = login(client, forges.user.username, "pas-le-bon")

    assert response.status_code == 200
    assertContains(response, 'id="erreurs"')
    assertContains(response, "Saisissez un nom d’utilisateur et un mot de passe valides")
    assert "_auth_user_id" not in client.session


def test_repeated_failures_lock_the_username_from_that_address(client, forges, settings):
    limit = settings.AXES_FAILURE_LIMIT
    responses = [login(client, forges.user.username, f"essai-{n}") for n in range(limit)]

    locked = login(client, forges.user.username, TEST_PASSWORD)

    assert [r.status_code for r in responses] == [200] * (limit - 1) + [429]
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
    assertContains(locked, "Connexion bloquée pour un moment", status_code=429)
    assertContains(locked, f"Après {limit} essais sans succès", status_code=429)
    assertContains(locked, "Réessayez dans 15 minutes.", status_code=429)
    assertContains(locked, f'href="{reverse("portal:password_reset")}"', status_code=429)


def test_lockout_is_by_username_and_address(client, forges, admr, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        login(client, forges.user.username, f"essai-{n}")

    other_user = login(client, admr.user.username, TEST_PASSWORD, follow=True)
    client.logout()
    other_address = login(
        client, forges.user.username, TEST_PASSWORD, REMOTE_ADDR="10.0.0.9", follow=True
    )

    assertRedirects(other_user, reverse("portal:home"), fetch_redirect_response=False)
    assertRedirects(other_address, reverse("portal:home"), fetch_redirect_response=False)


def test_logout_is_a_post_that_returns_to_the_login_page(client, forges):
    client.force_login(forges.user)

    refused = client.get(reverse("portal:logout"))
    response = client.post(reverse("portal:logout"), follow=True)

    assert refused.status_code == 405
    assertRedirects(response, reverse("login"))
    assertContains(response, "Vous êtes déconnecté·e.")
    assert "_auth_user_id" not in client.session


# --- Invitations --------------------------------------------------------------------------


def test_admin_adds_a_member_by_email_and_the_invitation_opens_the_portal(
    admin_client, client, django_capture_on_commit_callbacks
):
    organisation = OrganisationFactory(name="Fonderie Bourgogne")
    url = reverse("admin:exhibitors_organisationmember_add")

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            url, {"organisation": organisation.pk, "email": " Julie.Morel@Example.org "}
        )

    member = OrganisationMember.objects.get(organisation=organisation)
    assert (member.user.username, member.user.email) == (
        "julie.morel@example.org",
        "julie.morel@example.org",
    )
    assert not member.user.has_usable_password()
    assert member.invited_at is not None
    [message] = mail.outbox
    assert message.to == ["julie.morel@example.org"]
    assert message.subject == "Votre espace exposant Innov’insertion — Fonderie Bourgogne"
    assert "julie.morel@example.org" in message.body
    response = set_password(client, link_in(message))
    assertRedirects(response, reverse("portal:password_reset_complete"))
    assertContains(client.get(reverse("portal:home")), "Fonderie Bourgogne")
    member.user.refresh_from_db()
    assert member.user.check_password(NEW_PASSWORD)


def test_admin_invite_action_sends_one_email_with_a_working_link(
    admin_client, client, forges, django_capture_on_commit_callbacks
):
    member = OrganisationMember.objects.get(user=forges.user)
    url = reverse("admin:exhibitors_organisationmember_changelist")

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            url, {"action": "invite", "_selected_action": [member.pk]}, follow=True
        )

    assertContains(response, "1 invitation envoyée.")
    [message] = mail.outbox
    assert message.to == [forges.user.email]
    set_password(client, link_in(message))
    assertContains(client.get(reverse("portal:home")), "Forges du Creusot")


def test_invitation_link_works_once(client, forges, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.member_invite(organisation=forges.organisation, email=forges.user.email)
    link = link_in(mail.outbox[0])
    set_password(client, link)
    client.logout()

    response = client.get(link, follow=True)

    assert response.context["validlink"] is False
    assertContains(response, "Ce lien ne fonctionne plus")


def test_member_invite_reuses_the_account_of_a_known_address(forges):
    other = OrganisationFactory(name="Groupement d’employeurs")

    member = services.member_invite(organisation=other, email=forges.user.email.upper())

    assert member.user == forges.user
    assert User.objects.filter(email__iexact=forges.user.email).count() == 1
    assert set(
        forges.user.organisation_memberships.values_list("organisation__name", flat=True)
    ) == {
        "Forges du Creusot",
        "Groupement d’employeurs",
    }


def test_disabled_account_is_not_invited_again(admin_client, forges):
    User.objects.filter(pk=forges.user.pk).update(is_active=False)
    url = reverse("admin:exhibitors_organisationmember_add")

    response = admin_client.post(
        url, {"organisation": forges.organisation.pk, "email": forges.user.email}
    )

    assertContains(response, "est désactivé")
    assert mail.outbox == []
    with pytest.raises(services.ExhibitorError):
        services.member_invite(organisation=forges.organisation, email=forges.user.email)


# --- Password reset ---------------------------------------------------------------------


def test_member_whose_invitation_expired_gets_a_new_link(client, forges):
    forges.user.set_unusable_password()
    forges.user.save()

    response = client.post(reverse("portal:password_reset"), {"email": forges.user.email})

    assertRedirects(response, reverse("portal:password_reset_done"))
    [message] = mail.outbox
    assert message.subject == "Innov’insertion : choisir un nouveau mot de passe"
    set_password(client, link_in(message))
    assertContains(client.get(reverse("portal:home")), "Forges du Creusot")


def test_password_reset_sends_nothing_to_accounts_without_organisation(client):
    staff = UserFactory(is_staff=True)

    response = client.post(reverse("portal:password_reset"), {"email": staff.email})

    assertRedirects(response, reverse("portal:password_reset_done"))
    assert mail.outbox == []
