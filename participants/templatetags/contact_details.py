"""The personal page's contact-details form, built where the partial shows it."""

from django import template

from ..forms import ContactDetailsForm

register = template.Library()


@register.simple_tag
def contact_details_form_for(participant) -> ContactDetailsForm:
    """The form filled with the person's details as they are (no query)."""
    return ContactDetailsForm.for_participant(participant)
