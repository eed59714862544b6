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
  ``AppConfig.ready``). The bump happens at once and again after commit, so a page rendered
  from data not yet committed never outlives the transaction; the key holds the language;
- seats left are part of the version too, but paced: a booking saves ``seats_taken`` alone
  (``update_fields``), which moves a *seats counter* after commit and nothing else. The
  version pages are stored under is "content.seats", where "seats" is the counter as it
  stood when the current period of ``PUBLIC_SEATS_SECONDS`` began (the first worker to read
  it in a period fixes it for all). So seats left shown on a public page are at most that
  many seconds (plus the second above) late, and during a registration rush — 20 bookings
  a second — each page is rendered again once a period, not twenty times a second (every
  worker busy rendering is what made the whole site slow, ``make bench``'s rush). Nobody
  gets a seat from a stale page: registering checks the seat under its row lock. With
  ``PUBLIC_SEATS_SECONDS = 0`` a seat change is a content change like any other;
- entries expire after ``PAGE_SECONDS`` anyway: what depends on the clock alone (the
  registration window opening, the day passing) is at most that late.

When the shared cache fails (Redis stopped, restarting, unreachable: ``CACHE_ERRORS``), the
site goes on without it, and never serves what might be stale:

- ``content_version()`` answers ``None``: nothing is served from or stored in any cache
  (``public_page`` renders, ``remembered`` computes); code added here must do the same. The
  worker forgets its own pages at once (a change it cannot announce may be under way) and
  tries the shared cache again at most once every ``VERSION_CHECK_SECONDS``;
- a bump that fails is logged and never fails what caused it (a booking's transaction, a
  staff edit); instead, the first time the worker reaches the shared cache again it bumps
  the version before anything else, so no page stored before the outage (in Redis or in
  another worker) is served after a change that could not be announced. A worker that saw
  nothing of the outage drops its own old pages at that bump, or after ``PAGE_SECONDS``;
- one warning is logged when the shared cache fails, one line when it answers again.
"""

import logging
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
SEATS_KEY = "public-pages:seats"  # moved by every seat taken or given back
SEATS_SHOWN_PREFIX = "public-pages:seats-shown"  # + the period: the counter fixed for it
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

logger = logging.getLogger(__name__)


def _cache_errors() -> tuple[type[BaseException], ...]:
    errors: list[type[BaseException]] = [OSError]  # refused, reset, timed out
    try:
        from redis.exceptions import RedisError

        errors.append(RedisError)
    except ImportError:  # pragma: no cover (redis is in requirements.txt)
        pass
    try:
        from django_redis.exceptions import ConnectionInterrupted

        errors.append(ConnectionInterrupted)  # django-redis wraps redis-py's errors in it
    except ImportError:  # pragma: no cover
        pass
    return tuple(errors)


# What the shared cache raises when it cannot be reached: the page cache and the rate limit
# (innov_insertion/web.py) do without it; nothing else uses it.
CACHE_ERRORS = _cache_errors()


class _KnownVersion:
    """The content version as this worker last read it, and when (monotonic seconds).

    One per process, shared by its threads (gthread workers; the live server of browser
    tests): a change made by one thread is known to all of them at once. Races between
    threads only cost an extra read of the shared version."""

    value: str | int | None = None
    read_at: float = 0.0
    # When the shared cache last failed (monotonic seconds); None while it answers.
    failed_at: float | None = None

    def remember(self, value: str | int) -> str | int:
        if self.failed_at is not None:
            self.failed_at = None
            logger.info("The shared cache answers again: public pages are cached again.")
        self.value, self.read_at = value, time.monotonic()
        return value

    def unreachable(self) -> None:
        """The shared cache failed: this worker forgets its pages and its version."""
        if self.failed_at is None:
            logger.warning(
                "The shared cache (CACHE_URL) is unreachable: public pages are rendered "
                "without the cache and rate limits are not checked until it answers.",
                exc_info=True,
            )
        self.failed_at, self.value = time.monotonic(), None
        caches[PAGES_CACHE].clear()


_known = _KnownVersion()


def content_version() -> str | int | None:
    """The current content version, read from the shared cache at most once every
    ``VERSION_CHECK_SECONDS`` (created on first use; compared for equality only).

    ``None`` while the shared cache is unreachable: then cache nothing, serve nothing cached.
    The first read after a failure bumps the version (a change may have gone unannounced).
    """
    now = time.monotonic()
    if _known.failed_at is not None:
        if now - _known.failed_at < VERSION_CHECK_SECONDS:
            return None
    elif _known.value is not None and now - _known.read_at < VERSION_CHECK_SECONDS:
        return _known.value
    try:
        if _known.failed_at is not None:
            _shared_version_bump()
        return _known.remember(_shared_version_read())
    except CACHE_ERRORS:
        _known.unreachable()
        return None


def _seats_seconds() -> float:
    return settings.PUBLIC_SEATS_SECONDS


def _seats_period(period_seconds: float) -> int:
    """The current period of ``PUBLIC_SEATS_SECONDS``, the same in every worker."""
    return int(time.time() // period_seconds)


def _shared_version_read() -> str | int:
    """The version pages are stored under: the content version, with the seats counter of
    the current period when seats are paced (see the module's docstring)."""
    period_seconds = _seats_seconds()
    if not period_seconds:
        return cache.get_or_set(VERSION_KEY, _new_version, timeout=None)
    shown_key = f"{SEATS_SHOWN_PREFIX}:{_seats_period(period_seconds)}"
    found = cache.get_many([VERSION_KEY, shown_key])
    content = found.get(VERSION_KEY)
    if content is None:
        content = cache.get_or_set(VERSION_KEY, _new_version, timeout=None)
    seats = found.get(shown_key)
    if seats is None:
        # The first reader of the period fixes the counter all workers show during it.
        cache.add(shown_key, cache.get_or_set(SEATS_KEY, 0, timeout=None), 3 * period_seconds)
        seats = cache.get(shown_key, 0)
    return f"{content}.{seats}"


def _new_version() -> int:
    """A new version: the time in microseconds (so larger than the microsecond versions
    before it), exact in the double-precision numbers django-redis's ``incr`` (a Lua script)
    returns."""
    return time.time_ns() // 1_000


def _shared_version_bump() -> None:
    try:
        version = cache.incr(VERSION_KEY)
    except ValueError:  # evicted or never set
        version = None
    # Or a version in nanoseconds (set by an earlier release): past 2**53, incr answers it
    # rounded, and a rounded label could match a later version. Versions are only compared
    # for equality, and microseconds never meet the nanosecond range again.
    if version is None or version >= 2**53:
        cache.set(VERSION_KEY, _new_version(), timeout=None)


def _version_bump() -> None:
    """Bump the shared version; never raises (it runs inside bookings' transactions and
    after their commit): when the shared cache fails, the bump waits for it to answer."""
    failed_at = _known.failed_at
    if failed_at is not None and time.monotonic() - failed_at < VERSION_CHECK_SECONDS:
        return  # owed already (content_version bumps first when it answers): no new wait
    try:
        _shared_version_bump()
        _known.remember(_shared_version_read())
    except CACHE_ERRORS:
        _known.unreachable()


def _shared(operation: str, *args):
    """``cache.<operation>(*args)`` on the shared cache; None when it fails (or has failed
    and not answered a version read since)."""
    if _known.failed_at is not None:
        return None
    try:
        return getattr(cache, operation)(*args)
    except CACHE_ERRORS:
        _known.unreachable()
        return None


def forget() -> None:
    """Drop this worker's pages and known version (tests start from nothing)."""
    caches[PAGES_CACHE].clear()
    _known.value = _known.failed_at = None


def remembered(name: str, compute):
    """``compute()``, worked out once per content version and day in this worker (for
    reads every request needs, like the current edition). A copy comes back each time."""
    version, today = content_version(), timezone.localdate()
    if version is None:  # the shared cache is unreachable: nothing is remembered
        return compute()
    pages = caches[PAGES_CACHE]
    stored = pages.get(f"remembered:{name}")
    if stored is not None and stored[:2] == (version, today):
        return stored[2]
    value = compute()
    if value is not None:  # "nothing yet" is asked again: it is cheap and soon changes
        pages.set(f"remembered:{name}", (version, today, value), PAGE_SECONDS)
    return value


def _seats_bump() -> None:
    """A seat was taken or given back (after commit); never raises, like ``_version_bump``.
    Pages show it from the next period of ``PUBLIC_SEATS_SECONDS``."""
    if _known.failed_at is not None:
        return  # the content bump owed when the shared cache answers again covers it
    try:
        cache.incr(SEATS_KEY)
    except ValueError:  # evicted or never set: any new value differs from the shown one
        _shared("set", SEATS_KEY, _new_version(), None)
    except CACHE_ERRORS:
        _known.unreachable()


def content_changed(update_fields=None, **kwargs) -> None:
    """Public content changed: every cached page is stale, now and once committed. Seats
    alone (a booking's ``save(update_fields=["seats_taken"])``) are paced instead."""
    if update_fields is not None and set(update_fields) == {"seats_taken"} and _seats_seconds():
        transaction.on_commit(_seats_bump)
        return
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
        if version is None:  # the shared cache is unreachable: rendered, not cached
            return view(request, *args, **kwargs)
        key = f"{get_language()}:{request.path}"
        pages = caches[PAGES_CACHE]
        mine = pages.get(key)
        if mine is not None and mine[0] == version:
            return _response(request, mine)
        rendered = []  # the response, when this worker renders it

        def render():
            response = view(request, *args, **kwargs)
            if hasattr(response, "render"):
                response.render()
            rendered.append(response)
            return _stored(request, response, version)

        stored, keep = _rendered_once_per_version(f"public-pages:{version}:{key}", render, mine)
        if keep:
            pages.set(key, stored, PAGE_SECONDS)
        return rendered[-1] if rendered else _response(request, stored)

    return cached_view


def _stored(request, response, version) -> tuple | None:
    """What the page cache keeps of ``response``: (version, content, gzipped content or None,
    headers); None when it must not be kept (see ``_storable``)."""
    if not _storable(request, response):
        return None
    patch_vary_headers(response, ("Accept-Encoding",))
    content = response.content
    gzipped = compress_string(content) if len(content) >= GZIP_MIN_BYTES else None
    return (version, content, gzipped, dict(response.headers))


def _rendered_once_per_version(shared_key: str, render, mine):
    """A page or fragment of one content version (``shared_key`` names both), rendered by one
    worker only and taken from the shared cache by the others; ``(value, keep)``.

    ``render()`` renders it here and returns what may be kept of it (None: nothing); ``mine``
    is this worker's copy of an earlier version, or None. In order: the shared cache's copy;
    else this worker takes the render lock, renders and shares what it rendered; else (another
    worker holds the lock) ``mine``, served until theirs is ready, or theirs once stored (it is
    rendered here after all if it never is). ``keep``: whether the caller keeps ``value`` in
    this worker's memory — never ``mine`` again, nor anything while the shared cache fails
    (it failed just now: rendered, not kept)."""
    shared = _shared("get", shared_key)
    if shared is not None:
        return shared, True
    lock_key = f"{shared_key}:rendering"
    if _shared("add", lock_key, 1, RENDER_LOCK_SECONDS):
        try:
            return _render_shared(shared_key, render)
        finally:
            _shared("delete", lock_key)
    if _known.failed_at is not None:
        return render(), False
    # Another worker is rendering this version: no second render of the same piece.
    if mine is not None:
        return mine, False
    shared = _wait_for(shared_key, lock_key)
    if shared is not None:
        return shared, True
    return _render_shared(shared_key, render)  # theirs was not stored (or took too long)


def _render_shared(shared_key: str, render):
    """``render()`` here, and what may be kept of it shared with the other workers."""
    value = render()
    if value is not None:
        _shared("set", shared_key, value, PAGE_SECONDS)  # nothing while the cache fails
    return value, value is not None and _known.failed_at is None


def _wait_for(shared_key: str, lock_key: str):
    """The page or fragment another worker is rendering, once it is stored; None if it never
    is."""
    deadline = time.monotonic() + RENDER_LOCK_SECONDS
    while time.monotonic() < deadline:
        found = _shared("get_many", [shared_key, lock_key])
        if found is None:  # the shared cache failed: render here
            return None
        if shared_key in found or lock_key not in found:
            return found.get(shared_key)
        time.sleep(RENDER_POLL_SECONDS)
    return None


def fragment(key: str, render) -> str:
    """``render()`` (a piece of HTML), worked out once per content version and language,
    then reused until the content changes: for pages the page cache does not serve (the
    registration form, a query string, a filter, page 2) and pieces every page shows
    (header, footer). ``{% fragment %}`` (events/templatetags/fragments.py) uses it.

    ``key`` must name everything else the HTML depends on (a page number, a form's initial
    choices…), from a bounded set: never what a visitor types as is. Kept in this worker's
    memory (the ``public-pages`` cache, bounded) and, like whole pages, shared with the other
    workers under the version with a render lock: at ×100 the registration form's choice
    lists take most of a second to render, and every worker rendering them at each new
    version is what a rush cannot afford. While another worker renders a new version, this
    one serves the piece it had. Kept ``PAGE_SECONDS`` at most (what depends on the clock
    alone is at most that late). While the shared cache cannot give the version
    (``content_version()`` is ``None``), or when a cache fails, the HTML is rendered and
    nothing is kept."""
    full_key = f"fragment:{get_language()}:{key}"
    try:
        version = content_version()
        stored = None if version is None else caches[PAGES_CACHE].get(full_key)
    except Exception:  # a cache that fails only means rendering  # noqa: BLE001
        logger.warning("Fragment cache unavailable", exc_info=True)
        return render()
    if version is None:
        return render()
    if stored is not None and stored[0] == version:
        return stored[1]
    mine = None if stored is None else stored[1]
    html, keep = _rendered_once_per_version(f"public-pages:{version}:{full_key}", render, mine)
    if keep:
        try:
            caches[PAGES_CACHE].set(full_key, (version, html), PAGE_SECONDS)
        except Exception:  # noqa: BLE001
            logger.warning("Fragment cache unavailable", exc_info=True)
    return html


def fragments_allowed(request) -> bool:
    """Whether ``{% fragment %}`` may serve kept pieces to ``request``: as with whole pages,
    visitors with a session or a pending message (staff, exhibitors, anyone just redirected
    with a message) see everything rendered afresh, so a change made through another worker
    shows to them at once."""
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies
