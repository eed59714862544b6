"""Access needs of a person: changed on their own page, shown in the admin and exported only
to staff holding ``participants.view_access_needs``, purged with the rest of their data."""

import csv
import datetime as dt
import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from events.models import Event
from participants import services
from participants.enums import AccessNeedKind
from participants.models import AccessNeed, Participant

from ..factories import EventFactory

pytestmark = pytest.mark.django_db

EXPORT_URL = reverse("admin:participants_participant_export")
NEEDS_HEADER = "besoins d’accessibilité"
# The error right under the textarea, which points to it.
ERROR_NEXT_TO_OTHER = re.compile(
    r'aria-describedby="id_access_needs_other_error" id="id_access_needs_other">.*?</textarea>'
    r'\s*<div id="id_access_needs_other_error" class="invalid-feedback">\s*<span[^>]*><strong>'
    r"Assurez-vous que cette valeur comporte au plus 1000 caractères",
    re.S,
)


def needs_url(participant) -> str:
    return reverse("participants:access_needs", kwargs={"token": participant.token})


def kinds_of(participant) -> list[str]:
    return sorted(participant.access_needs.values_list("kind", flat=True))


def staff_client(*codenames: str) -> Client:
    user = get_user_model().objects.create_user(
        username="staff-" + "-".join(codenames), is_staff=True
    )
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="participants", codename__in=codenames)
    )
    client = Client()
    client.force_login(user)
    return client


def export_rows(client) -> list[list[str]]:
    """Submit the export form as staff do: every column ticked, CSV."""
    form = client.get(EXPORT_URL).context["form"]
    data = {
        name: "on"
        for name, field in form.fields.items()
        if getattr(field, "is_selectable_field", False)
    }
    data["resource"] = "0"
    data["format"] = next(value for value, label in form.fields["format"].choices if label == "csv")
    response = client.post(EXPORT_URL, data)
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


# --- The service -------------------------------------------------------------------------


def test_access_needs_update_replaces_the_needs_and_the_text(register):
    amina = register(
        access_needs=(AccessNeedKind.WHEELCHAIR, AccessNeedKind.LARGE_PRINT),
        access_needs_other="Une chaise",
    )

    services.access_needs_update(
        participant=amina, kinds=[AccessNeedKind.SIGN_LANGUAGE, AccessNeedKind.WHEELCHAIR], other=""
    )

    assert kinds_of(amina) == [AccessNeedKind.SIGN_LANGUAGE, AccessNeedKind.WHEELCHAIR]
    assert Participant.objects.get(pk=amina.pk).access_needs_other == ""


# --- The personal page -------------------------------------------------------------------


def test_personal_page_shows_the_needs_form_ticked(client, register):
    amina = register(access_needs=(AccessNeedKind.HEARING_LOOP,), access_needs_other="Une chaise")

    response = client.get(amina.get_absolute_url())

    page = response.content.decode()
    ticked = re.findall(r'name="access_needs" value="(\w+)"\s+id="[^"]+" checked', page)
    assert '<h2 id="titre-besoins">Pour vous accueillir</h2>' in page
    assert f'action="{needs_url(amina)}"' in page
    assert ticked == ["hearing_loop"]
    assert all(f'value="{kind}"' in page for kind in AccessNeedKind.values)
    assert re.search(r"<textarea[^>]*>\s*Une chaise</textarea>", page)


def test_personal_page_change_of_needs_is_saved_and_confirmed(client, register):
    amina = register(access_needs=(AccessNeedKind.HEARING_LOOP,))

    response = client.post(
        needs_url(amina),
        {"access_needs": [AccessNeedKind.SIGN_LANGUAGE, AccessNeedKind.COMPANION]},
        follow=True,
    )

    assert kinds_of(amina) == [AccessNeedKind.COMPANION, AccessNeedKind.SIGN_LANGUAGE]
    assert response.redirect_chain == [(amina.get_absolute_url() + "#besoins", 302)]
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "C’est noté : l’équipe d’accueil préparera votre venue avec ces besoins."
    ]
    assert "C’est noté : l’équipe d’accueil préparera votre venue" in response.content.decode()


def test_personal_page_can_remove_every_need(client, register):
    amina = register(access_needs=(AccessNeedKind.HEARING_LOOP,), access_needs_other="Une chaise")

    client.post(needs_url(amina), {"access_needs_other": ""})

    assert kinds_of(amina) == []
    assert Participant.objects.get(pk=amina.pk).access_needs_other == ""


def test_personal_page_errors_show_next_to_the_fields(client, register):
    amina = register(access_needs=(AccessNeedKind.HEARING_LOOP,))

    response = client.post(
        needs_url(amina), {"access_needs": ["teleportation"], "access_needs_other": "a" * 1001}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert response.context["access_needs_form"].errors.keys() == {
        "access_needs",
        "access_needs_other",
    }
    assert "Le formulaire contient 2 erreurs" in page
    assert ERROR_NEXT_TO_OTHER.search(page), "no error under the « other need » field"
    assert kinds_of(amina) == [AccessNeedKind.HEARING_LOOP]


def test_personal_page_needs_of_a_cancelled_registration_go_back(client, register):
    amina = register(access_needs=(AccessNeedKind.HEARING_LOOP,))
    services.participant_cancel(participant=amina)

    response = client.post(needs_url(amina), {"access_needs": [AccessNeedKind.WHEELCHAIR]})

    assert response.status_code == 302
    assert response.url == amina.get_absolute_url()
    assert kinds_of(amina) == [AccessNeedKind.HEARING_LOOP]


def test_needs_page_with_a_wrong_token_is_not_found(client, db):
    response = client.get(reverse("participants:access_needs", kwargs={"token": "nope"}))

    assert response.status_code == 404


# --- The admin and the export --------------------------------------------------------------


def test_export_without_the_permission_has_no_access_needs_column(register):
    register(
        first_name="Amina",
        access_needs=(AccessNeedKind.SIGN_LANGUAGE,),
        access_needs_other="Une chaise",
    )

    plain = export_rows(staff_client("view_participant"))
    with_situation = export_rows(staff_client("view_participant", "view_situation"))

    for header, row in (plain, with_situation):
        assert NEEDS_HEADER not in header
        assert row[0] == "Amina"
        assert not any("Une chaise" in cell or "LSF" in cell for cell in row)
    assert "situation" in with_situation[0]


def test_export_with_the_permission_holds_the_needs(register):
    register(
        first_name="Amina",
        access_needs=(AccessNeedKind.WHEELCHAIR, AccessNeedKind.SIGN_LANGUAGE),
        access_needs_other="Une chaise",
    )
    register(first_name="Louis")

    header, *rows = export_rows(staff_client("view_participant", "view_access_needs"))
    both_header, *_ = export_rows(
        staff_client("view_participant", "view_access_needs", "view_situation")
    )

    needs = {row[0]: row[header.index(NEEDS_HEADER)] for row in rows}
    assert needs == {
        "Amina": "Interprète en langue des signes (LSF); Fauteuil roulant ou mobilité réduite; "
        "Autre : Une chaise",
        "Louis": "",
    }
    assert "situation" not in header
    assert NEEDS_HEADER in both_header and "situation" in both_header


def test_export_of_needs_costs_the_same_queries_for_3_and_30_people(register):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = staff_client("view_participant", "view_access_needs")
    for _ in range(3):
        register(access_needs=(AccessNeedKind.WHEELCHAIR,))
    export_rows(client)
    with CaptureQueriesContext(connection) as small:
        export_rows(client)
    for _ in range(27):
        register(access_needs=(AccessNeedKind.LARGE_PRINT,))

    with CaptureQueriesContext(connection) as large:
        rows = export_rows(client)

    assert len(rows) == 31
    assert len(large) == len(small)


def test_admin_change_page_shows_and_saves_the_needs(register):
    amina = register(access_needs=(AccessNeedKind.WHEELCHAIR,), access_needs_other="Une chaise")
    client = staff_client("view_participant", "change_participant", "view_access_needs")
    url = reverse("admin:participants_participant_change", args=[amina.pk])

    page = client.get(url)
    form = page.context["adminform"].form
    data = {
        name: value
        for name, value in {**form.initial, "access_needs": [AccessNeedKind.LARGE_PRINT]}.items()
        if name in form.fields and value is not None
    }
    data.update({"access_needs_other": "Deux chaises", "bookings-TOTAL_FORMS": "0"})
    data.update({"bookings-INITIAL_FORMS": "0", "_save": "Enregistrer"})
    saved = client.post(url, data)

    assert form.fields["access_needs"].initial == [AccessNeedKind.WHEELCHAIR]
    assert "Fauteuil roulant ou mobilité réduite" in page.content.decode()
    assert saved.status_code == 302, saved.context["adminform"].form.errors
    assert kinds_of(amina) == [AccessNeedKind.LARGE_PRINT]
    assert Participant.objects.get(pk=amina.pk).access_needs_other == "Deux chaises"


def test_admin_change_page_without_the_permission_hides_and_keeps_the_needs(register):
    amina = register(access_needs=(AccessNeedKind.WHEELCHAIR,), access_needs_other="Une chaise")
    client = staff_client("view_participant", "change_participant")
    url = reverse("admin:participants_participant_change", args=[amina.pk])

    page = client.get(url)
    form = page.context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update({"first_name": "Aminata", "bookings-TOTAL_FORMS": "0"})
    data.update({"bookings-INITIAL_FORMS": "0", "_save": "Enregistrer"})
    saved = client.post(url, {k: v for k, v in data.items() if k in form.fields or "-" in k})

    assert "access_needs" not in form.fields
    assert "access_needs_other" not in form.fields
    assert "Fauteuil roulant" not in page.content.decode()
    assert "Une chaise" not in page.content.decode()
    assert saved.status_code == 302
    amina.refresh_from_db()
    assert amina.first_name == "Aminata"
    assert kinds_of(amina) == [AccessNeedKind.WHEELCHAIR]
    assert amina.access_needs_other == "Une chaise"


# --- The purge ---------------------------------------------------------------------------


def test_personal_data_purge_removes_the_needs(event, register):
    old_event = EventFactory()
    old = register(
        event=old_event,
        access_needs=(AccessNeedKind.SIGN_LANGUAGE, AccessNeedKind.ASSISTANCE_DOG),
        access_needs_other="Une chaise",
    )
    recent = register(access_needs=(AccessNeedKind.WHEELCHAIR,))
    today = timezone.localdate()
    Event.objects.filter(pk=old_event.pk).update(date=today - dt.timedelta(days=400))

    count = services.personal_data_purge(retention_days=365, today=today)

    old.refresh_from_db()
    assert count == 1
    assert not AccessNeed.objects.filter(participant=old).exists()
    assert old.access_needs_other == ""
    assert kinds_of(recent) == [AccessNeedKind.WHEELCHAIR]
