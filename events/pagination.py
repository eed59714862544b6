"""Long public lists come in pages (the forum, the workshops): a phone never loads
hundreds of cards at once, and a page renders in the same time whatever the edition's size.
At the real event's size (a dozen of each) everything fits on the first page."""

from django.core.paginator import Paginator

PAGE_SIZE = 48


def paginate(request, items, *, per_page: int = PAGE_SIZE) -> dict:
    """The context ``includes/_pagination.html`` needs, for the page ``?page=`` asks for.

    Any ``?page=`` is answered: not a number gives the first page, past the end the last
    one. The other query parameters (the forum's filters) are kept in the page links.
    """
    paginator = Paginator(items, per_page)
    page = paginator.get_page(request.GET.get("page"))
    others = request.GET.copy()
    others.pop("page", None)
    return {
        "page_obj": page,
        "page_numbers": list(paginator.get_elided_page_range(page.number, on_each_side=1)),
        "page_ellipsis": paginator.ELLIPSIS,
        "page_query": f"{others.urlencode()}&" if others else "",
    }
