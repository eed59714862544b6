import pytest
from django.core.cache import cache

from events import cache as public_pages

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
