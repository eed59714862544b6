"""Stand contacts in the admin, now under « Accueil du jour »; the old admin paths follow."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/admin/participants/standcontact/", "/admin/onsite/standcontact/"),
        ("/admin/participants/standcontact/export/?stand__event=3", None),
        ("/admin/participants/standcontact/12/change/", "/admin/onsite/standcontact/12/change/"),
    ],
)
def test_old_admin_paths_of_stand_contacts_lead_to_onsite(client, old, new):
    response = client.get(old)

    assert response.status_code == 302
    assert response["Location"] == (new or "/admin/onsite/standcontact/export/?stand__event=3")


def test_administration_reads_stand_contacts_under_onsite(client, role_user):
    client.force_login(role_user("Administration"))

    response = client.get(reverse("admin:onsite_standcontact_changelist"))

    assert response.status_code == 200
    assert "Contacts aux stands" in response.content.decode()
