"""Content written by staff and exhibitors in the site's own language (French), marked as
such on pages in another language (WCAG 3.1.2), so that a screen reader reading an English
page says "Atelier CV" with a French voice.

    {% load content_lang %}
    <h2>{{ workshop.title|content_lang }}</h2>
    <div{% content_lang_attr %}>{{ workshop.description|linebreaks }}</div>

``content_lang`` wraps a short text in ``<span lang="fr">`` (escaped); ``content_lang_attr``
gives `` lang="fr"`` for an element that holds block content (paragraphs). On French pages
both leave the markup as it was. Names of organisations and towns are proper nouns: they are
not marked (WCAG 3.1.2 exempts them). The public pages are cached per language, so the
markup may depend on it.
"""

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

register = template.Library()


def _content_language() -> str:
    """The language staff write the content in: the site's own."""
    return settings.LANGUAGE_CODE


def _is_other_language() -> bool:
    current = get_language() or settings.LANGUAGE_CODE
    content = _content_language()
    return current.split("-")[0] != content.split("-")[0]


@register.filter(needs_autoescape=True)
def content_lang(value, autoescape=True):
    """``value`` in a ``<span lang="fr">`` on a page in another language; as is otherwise."""
    if value in (None, "") or not autoescape or not _is_other_language():
        return value
    return format_html('<span lang="{}">{}</span>', _content_language(), value)


@register.simple_tag
def content_lang_attr() -> SafeString:
    """`` lang="fr"`` on a page in another language, nothing otherwise."""
    if not _is_other_language():
        return mark_safe("")
    return format_html(' lang="{}"', _content_language())
