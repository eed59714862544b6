import itertools

import pytest

from participants import services

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


@pytest.fixture
def role_user(db):
    """An account in one of the groups the roles migration creates (Accueil, Programme,
    Administration); reception staff do not get into the admin (``is_staff`` False)."""
    from django.contrib.auth.models import Group

    from ..factories import UserFactory

    def make(group: str, *, is_staff: bool = True):
        user = UserFactory(username=f"{group.lower()}@cucm.example.org", is_staff=is_staff)
        user.groups.add(Group.objects.get(name=group))
        return user

    return make
