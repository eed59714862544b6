import itertools

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from events import cache as public_pages
from innov_insertion import sms
from participants import services

from .factories import EventFactory


@pytest.fixture
def event(db):
    """The published edition the public site shows, a month ahead."""
    return EventFactory()


@pytest.fixture(autouse=True)
def _public_pages_cache_cleared():
    """Each test starts with an empty cache: cached public pages never leak between tests."""
    cache.clear()
    public_pages.forget()
    yield
    cache.clear()
    public_pages.forget()


@pytest.fixture(autouse=True)
def _language_reset():
    """A request in English (Accept-Language, the language cookie) leaves English active in
    this thread: the next test starts in the site's language again."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _text_messages_outbox_emptied():
    """Texts sent in a test (SMS_URL=locmem:// in tests) are that test's only."""
    sms.outbox.clear()
    yield
    sms.outbox.clear()


_people = itertools.count(1)


@pytest.fixture
def person():
    """Builds the details a registration form would send; each call is a new person."""

    def make(**details) -> services.PersonDetails:
        n = next(_people)
        defaults = {"first_name": "Amina", "last_name": f"Benali {n}"}
        if "phone" not in details:
            defaults["email"] = f"amina.{n}@example.org"
        return services.PersonDetails(**{**defaults, **details})

    return make


@pytest.fixture
def register(event, person):
    """Registers a new person for ``targets`` through the service; returns the participant."""

    def register_(*targets, event=event, **details):
        result = services.registration_create(
            event=event, person=person(**details), targets=list(targets)
        )
        assert result.created
        return result.participant

    return register_
