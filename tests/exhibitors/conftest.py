"""Files go to temporary directories: logos under MEDIA_ROOT, CVs in the private storage."""

from dataclasses import dataclass

import pytest
from django.core.cache import cache

from exhibitors.models import Application, JobOffer, Organisation, Stand, StandActivity

from ..factories import (
    ApplicationFactory,
    JobOfferFactory,
    OrganisationFactory,
    OrganisationMemberFactory,
    StandActivityFactory,
    StandFactory,
)


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """Portal accounts have passwords; a fast hasher keeps the suite quick."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def media_root(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def private_root(tmp_path, monkeypatch):
    """The CV field's storage (built once, at import) writes under a temporary directory."""
    storage = Application._meta.get_field("cv").storage
    root = tmp_path / "private"
    monkeypatch.setattr(storage, "_location", str(root))
    for cached in ("base_location", "location"):
        storage.__dict__.pop(cached, None)
    yield root
    for cached in ("base_location", "location"):
        storage.__dict__.pop(cached, None)


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@dataclass
class Exhibitor:
    """One organisation at the current edition, its portal account and its data."""

    organisation: Organisation
    stand: Stand
    activity: StandActivity
    offer: JobOffer
    application: Application
    user: object


@pytest.fixture
def make_exhibitor(event):
    def make(name: str) -> Exhibitor:
        organisation = OrganisationFactory(name=name)
        stand = StandFactory(event=event, organisation=organisation)
        return Exhibitor(
            organisation=organisation,
            stand=stand,
            activity=StandActivityFactory(stand=stand, title=f"Casque VR {name}", capacity=6),
            offer=JobOfferFactory(organisation=organisation, title=f"Soudeur {name}"),
            application=ApplicationFactory(organisation=organisation, event=event),
            user=OrganisationMemberFactory(organisation=organisation).user,
        )

    return make


@pytest.fixture
def forges(make_exhibitor):
    return make_exhibitor("Forges du Creusot")


@pytest.fixture
def admr(make_exhibitor):
    return make_exhibitor("ADMR")
