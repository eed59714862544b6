"""The personal page's access-needs form, built where the partial shows it."""

from django import template

from ..forms import AccessNeedsForm

register = template.Library()


@register.simple_tag
def access_needs_form_for(participant) -> AccessNeedsForm:
    """The form filled with what the person declared so far (one query)."""
    return AccessNeedsForm(initial=AccessNeedsForm.initial_for(participant))
