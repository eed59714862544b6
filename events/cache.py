"""The public pages' cache: whole responses, kept until the content changes.

Why whole responses: with production settings, rendering a public page through the base
template costs 5 to 25 times what Django's request handling alone does (``make bench``,
docs/performance.md); caching the main content only still leaves the header and footer
to render every time. So a public page's response, as its view returns it, is kept.

Where: in each worker's own memory (the ``public-pages`` cache, local memory, bounded),
next to a *content version* kept in the shared cache (Redis in production). A hit costs
no network round trip at all: each worker reads the shared version at most once every
``VERSION_CHECK_SECONDS`` (and at once after a change it made itself). Measured with
``make bench``: one Redis read costs about half of what Django spends on a whole small
request, so a page read from Redis could not reach the target. A change made through
another worker therefore shows within that second. A page is rendered once per content
version: the worker that renders it also keeps it in the shared cache under that version,
and the other workers take it from there (one read) rather than render it again (at ×100
a list takes a second to render). While it renders, a short lock in the shared cache keeps
the other workers from rendering the same page at the same moment (each booking changes
the version: during a registration rush that would be every worker rendering every page):
they serve the copy they had, one version behind, or wait for the new one if they have
none.

It is safe because it is narrow:

- only ``GET``/``HEAD`` without a query string (filters and ``?atelier=`` are never
  cached, and nobody can fill the cache with made-up URLs), from visitors with neither a
  session nor a pending message: staff, exhibitors and anyone just redirected with a
  message always get a freshly rendered page;
- only a 200 whose rendering used no CSRF token and set no cookie (the footer's language
  form needs no token: ``set_language`` is CSRF-exempt, see innov_insertion/urls.py);
- a stored page holds the *content version* it was rendered at, a number every save or delete
  of a content model bumps (``watch``: receivers registered in each app's
  ``AppConfig.ready``). A booking changes ``seats_taken`` with ``save()``, so seats left
  are fresh too. The bump happens at once and again after commit, so a page rendered
  from data not yet committed never outlives the transaction; the key holds the language;
- entries expire after ``PAGE_SECONDS`` anyway: what depends on the clock alone (the
  registration window opening, the day passing) is at most that late.
"""

import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache, caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.middleware.gzip import re_accepts_gzip
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.text import compress_string
from django.utils.translation import get_language

VERSION_KEY = "public-pages:version"
PAGE_SECONDS = 60
VERSION_CHECK_SECONDS = 1.0
PAGES_CACHE = "public-pages"
# One worker renders a page for a new content version; the others serve the copy they
# had meanwhile, or wait for it (polling the shared cache) when they have none.
RENDER_LOCK_SECONDS = 10
RENDER_POLL_SECONDS = 0.05
# Pages are stored gzipped too (once, when stored) and sent so to browsers that accept it
# (all do): a 15 kB page travels as 3 kB. Safe from BREACH: a cached page holds neither a
# secret (no CSRF token, no session) nor anything the visitor typed (no query string).
GZIP_MIN_BYTES = 1024


class _KnownVersion:
    """The content version as this worker last read it, and when (monotonic seconds).

    One per process, shared by its threads (gthread workers; the live server of browser
    tests): a change made by one thread is known to all of them at once. Races between
    threads only cost an extra read of the shared version."""

    value: int | None = None
    read_at: float = 0.0

    def remember(self, value: int) -> int:
        self.value, self.read_at = value, time.monotonic()
        return value


_known = _KnownVersion()


def content_version() -> int:
    """The current content version, read from the shared cache at most once every
    ``VERSION_CHECK_SECONDS`` (created on first use; never goes back)."""
    if _known.value is not None and time.monotonic() - _known.read_at < VERSION_CHECK_SECONDS:
        return _known.value
    return _known.remember(cache.get_or_set(VERSION_KEY, time.time_ns, timeout=None))


def _version_bump() -> None:
    try:
        _known.remember(cache.incr(VERSION_KEY))
    except ValueError:  # evicted or never set: a new, larger number
        version = time.time_ns()
        cache.set(VERSION_KEY, version, timeout=None)
        _known.remember(version)


def forget() -> None:
    """Drop this worker's pages and known version (tests start from nothing)."""
    caches[PAGES_CACHE].clear()
    _known.value = None


def remembered(name: str, compute):
    """``compute()``, worked out once per content version and day in this worker (for
    reads every request needs, like the current edition). A copy comes back each time."""
    version, today = content_version(), timezone.localdate()
    pages = caches[PAGES_CACHE]
    stored = pages.get(f"remembered:{name}")
    if stored is not None and stored[:2] == (version, today):
        return stored[2]
    value = compute()
    if value is not None:  # "nothing yet" is asked again: it is cheap and soon changes
        pages.set(f"remembered:{name}", (version, today, value), PAGE_SECONDS)
    return value


def content_changed(**kwargs) -> None:
    """Public content changed: every cached page is stale, now and once committed."""
    _version_bump()
    transaction.on_commit(_version_bump)


def watch(*models) -> None:
    """Bump the content version whenever a row of ``models`` is saved or deleted (or one
    of their many-to-many links changes). Called from each app's ``AppConfig.ready``."""
    for model in models:
        uid = f"public-pages:{model._meta.label}"
        post_save.connect(content_changed, sender=model, dispatch_uid=f"{uid}:save")
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"{uid}:delete")
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                content_changed, sender=field.remote_field.through, dispatch_uid=f"{uid}:{field}"
            )


def _cacheable(request) -> bool:
    cookies = request.COOKIES
    return (
        request.method in ("GET", "HEAD")
        and not request.META.get("QUERY_STRING")
        and settings.SESSION_COOKIE_NAME not in cookies
        and "messages" not in cookies
    )


def _storable(request, response) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    )


def _response(request, stored: tuple) -> HttpResponse:
    """A stored page as a response: gzipped for browsers that accept it."""
    _, content, gzipped, headers = stored
    if gzipped is not None and re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
        response = HttpResponse(gzipped, headers=headers)
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(content, headers=headers)
    patch_vary_headers(response, ("Accept-Encoding",))
    return response


def public_page(view):
    """Serve ``view``'s response from the cache when the request allows it (see above)."""

    @wraps(view)
    def cached_view(request, *args, **kwargs):
        if not _cacheable(request):
            return view(request, *args, **kwargs)
        version = content_version()
        key = f"{get_language()}:{request.path}"
        pages = caches[PAGES_CACHE]
        mine = pages.get(key)
        if mine is not None and mine[0] == version:
            return _response(request, mine)
        shared_key = f"public-pages:{version}:{key}"
        shared = cache.get(shared_key)  # another worker may have rendered it already
        if shared is None:
            lock_key = f"{shared_key}:rendering"
            if cache.add(lock_key, 1, RENDER_LOCK_SECONDS):
                try:
                    return _render_and_store(view, request, args, kwargs, version, key, shared_key)
                finally:
                    cache.delete(lock_key)
            # Another worker is rendering this version: no second render of the same page.
            if mine is not None:
                return _response(request, mine)  # the copy we had, until theirs is ready
            shared = _wait_for(shared_key, lock_key)
        if shared is None:  # theirs could not be stored (or took too long): render here
            return _render_and_store(view, request, args, kwargs, version, key, shared_key)
        pages.set(key, shared, PAGE_SECONDS)
        return _response(request, shared)

    return cached_view


def _render_and_store(view, request, args, kwargs, version, key, shared_key):
    response = view(request, *args, **kwargs)
    if hasattr(response, "render"):
        response.render()
    if _storable(request, response):
        patch_vary_headers(response, ("Accept-Encoding",))
        content = response.content
        gzipped = compress_string(content) if len(content) >= GZIP_MIN_BYTES else None
        stored = (version, content, gzipped, dict(response.headers))
        caches[PAGES_CACHE].set(key, stored, PAGE_SECONDS)
        cache.set(shared_key, stored, PAGE_SECONDS)
    return response


def _wait_for(shared_key: str, lock_key: str):
    """The page another worker is rendering, once it is stored; None if it never is."""
    deadline = time.monotonic() + RENDER_LOCK_SECONDS
    while time.monotonic() < deadline:
        found = cache.get_many([shared_key, lock_key])
        if shared_key in found or lock_key not in found:
            return found.get(shared_key)
        time.sleep(RENDER_POLL_SECONDS)
    return None
