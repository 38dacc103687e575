"""Fixed-window rate limits in the ``ratelimit`` cache: Redis when REDIS_URL is set, so that every
worker process sees one count; otherwise a per-process memory cache (each process counts alone)."""

from __future__ import annotations

import functools
import math
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from reformdesk.core.middleware import client_ip

# INCR and the window's expiry in one server-side step. Django's incr() checks that the key exists
# and then increments it: a window ending between the two left a counter without any expiry, which
# refused its client for ever. Lua rather than EXPIRE NX, which needs Redis 7.
_REDIS_INCR = """
local count = redis.call('INCR', KEYS[1])
if count == 1 or redis.call('TTL', KEYS[1]) < 0 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return count
"""


def hit(*, key: str, limit: int, window: int) -> bool:
    """Count one event under ``key``; False once more than ``limit`` happened in the window.
    Atomic on Redis (one script) and in the per-process memory cache (its lock)."""
    cache = caches["ratelimit"]
    cache_key = f"reformdesk:rl:{key}"
    if isinstance(cache, RedisCache):
        full_key = cache.make_and_validate_key(cache_key)
        # The backend keeps its redis-py client behind _cache; Django offers no public accessor.
        client = cache._cache.get_client(full_key, write=True)  # type: ignore[attr-defined]
        return int(client.eval(_REDIS_INCR, 1, full_key, window)) <= limit
    cache.add(cache_key, 0, timeout=window)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # the window expired between add() and incr()
        cache.set(cache_key, 1, timeout=window)
        count = 1
    return count <= limit


def retry_after(*, key: str, limit: int, window: int, now: float | None = None) -> int:
    """Count one event under ``key`` in the current fixed window of ``window`` seconds. Returns 0
    while at most ``limit`` happened in it, else the seconds until the window ends: when the
    client may try again (windows are aligned to the clock, so every process agrees on it)."""
    now = time.time() if now is None else now
    index = int(now // window)
    if hit(key=f"{key}:{index}", limit=limit, window=window):
        return 0
    return max(1, math.ceil((index + 1) * window - now))


def public_rate_limit(
    scope: str, *, per_minute: int | None = None
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Limit a public view (page or API endpoint) per client IP; over the limit answers 429."""

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            limit = per_minute or settings.PUBLIC_RATE_LIMIT_PER_MINUTE
            if not hit(key=f"{scope}:{client_ip(request) or 'unknown'}", limit=limit, window=60):
                return too_many_requests(request)
            return view(request, *args, **kwargs)

        # Read by core.api.declare_error_responses: the OpenAPI document lists the 429 this can give.
        wrapped.rate_limited = True  # type: ignore[attr-defined]
        return wrapped

    return decorator


def too_many_requests(request: HttpRequest) -> HttpResponse:
    message = _("Bạn gửi quá nhiều yêu cầu. Vui lòng thử lại sau một phút.")
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse({"detail": message, "code": "rate_limited"}, status=429)
    else:
        response = render(
            request,
            "core/error.html",
            {"status": 429, "title": _("Quá nhiều yêu cầu"), "message": message},
            status=429,
        )
    response["Retry-After"] = "60"
    return response
