"""/confidentialite/ says what is really done: retention periods from the settings, the
cookies really set, what exhibitors receive."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from pytest_django.asserts import assertContains

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.parametrize(("personal", "cvs"), [(90, 60), (45, 30)])
def test_each_retention_period_shown_is_the_setting(client, settings, personal, cvs):
    settings.PERSONAL_DATA_RETENTION_DAYS = personal
    settings.CV_RETENTION_DAYS = cvs

    response = client.get(reverse("events:privacy"))

    assertContains(response, f"rendues anonymes {personal} jours après l’événement")
    assertContains(response, f"sont effacés {cvs} jours après le forum")


def test_privacy_page_names_the_cookies_really_set(client):
    response = client.get(reverse("events:privacy"))

    for cookie in ("inscription_courriel", "django_language", "csrftoken", "sessionid"):
        assertContains(response, f"« {cookie} »")


def test_privacy_page_says_what_exhibitors_receive(client):
    response = client.get(reverse("events:privacy"))

    assertContains(response, "si vous avez accepté qu’un exposant scanne votre billet")
    assertContains(response, "Retirer une candidature et effacer votre CV")
