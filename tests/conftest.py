import pytest

from .factories import EventFactory


@pytest.fixture
def event(db):
    """The published edition the public site shows, a month ahead."""
    return EventFactory()
