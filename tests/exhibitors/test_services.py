import pytest

from exhibitors.models import JobOffer
from exhibitors.services import job_offers_publish

from ..factories import JobOfferFactory

pytestmark = pytest.mark.django_db


def test_job_offers_publish_withdraws_only_the_given_offers():
    kept = JobOfferFactory(title="Soudeur", is_published=True)
    withdrawn = JobOfferFactory(title="Cariste", is_published=True)

    changed = job_offers_publish(
        job_offers=JobOffer.objects.filter(pk=withdrawn.pk), is_published=False
    )

    assert changed == 1
    assert list(JobOffer.objects.published()) == [kept]


def test_job_offers_publish_counts_only_offers_that_change():
    JobOfferFactory(is_published=True)
    JobOfferFactory(is_published=False)

    changed = job_offers_publish(job_offers=JobOffer.objects.all(), is_published=True)

    assert changed == 1
    assert JobOffer.objects.published().count() == 2
