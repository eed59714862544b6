"""``{{ participant.phone|phone_display }}``: 06 12 34 56 78 for a French number."""

from django import template

from innov_insertion.phones import phone_display as _phone_display
from messaging.texts import texts_wanted

register = template.Library()


@register.filter
def phone_display(value: str) -> str:
    return _phone_display(value or "")


@register.filter
def gets_texts(participant) -> bool:
    """Whether the person is sent text messages (``messaging.texts.texts_wanted``)."""
    return texts_wanted(participant)
