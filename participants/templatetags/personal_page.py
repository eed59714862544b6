"""What the personal page's folded sections need to know."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def messages_about(context, tag: str) -> bool:
    """True when a message of this request carries ``tag`` in its extra tags: the views
    that change a section tag their messages (``ContactDetailsForm.message_tag``…), so
    the person coming back from a change finds that section open."""
    return any(tag in message.extra_tags.split() for message in context.get("messages") or ())
