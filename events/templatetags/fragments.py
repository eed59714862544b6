"""``{% fragment %}``: a piece of a page rendered once per content version and language.

    {% load fragments %}
    {% fragment "forum-list" fragment_key %}…{% endfragment %}

The arguments (a name, then any values) make the key; when one of them is ``None`` the
piece is rendered and not kept (say so from the view when the page cannot be cached: a
form with errors, a filter that does not exist). Without a request, or for a visitor with a
session or a pending message (``events.cache.fragments_allowed``), it is rendered too.

What the piece shows must depend only on the public content (``events.cache``: the content
version) and those values: never put a CSRF token, a message, the request's path or query
string, or a person's data inside.
"""

import hashlib

from django import template
from django.utils.safestring import mark_safe

from events.cache import fragment, fragments_allowed

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, nodelist: template.NodeList, parts: list[template.base.FilterExpression]):
        self.nodelist = nodelist
        self.parts = parts

    def render(self, context) -> str:
        request = context.get("request")
        values = [part.resolve(context) for part in self.parts]
        if request is None or not fragments_allowed(request) or any(v is None for v in values):
            return self.nodelist.render(context)
        # Hashed: short, and only characters every cache backend accepts.
        key = hashlib.sha256(repr(values).encode()).hexdigest()
        return mark_safe(fragment(key, lambda: str(self.nodelist.render(context))))  # noqa: S308


@register.tag(name="fragment")
def do_fragment(parser, token) -> FragmentNode:
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% fragment %} needs a name.")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(nodelist, [parser.compile_filter(bit) for bit in bits[1:]])
