import pytest


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
