"""Rate-limit counting on Redis, shared by threads as by worker processes: atomic, always expiring."""

from __future__ import annotations

import os
import threading
import uuid

import pytest
from django.core.cache import caches
from django.test import override_settings

from reformdesk.core.ratelimit import hit

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
REDIS_CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "ratelimit": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": f"test-{uuid.uuid4().hex[:8]}",
    },
}


@pytest.fixture
def redis_cache():
    with override_settings(CACHES=REDIS_CACHES):
        cache = caches["ratelimit"]
        try:
            cache.get("ping")
        except Exception:
            pytest.skip("no Redis server at REDIS_URL")
        yield cache
        # Not clear(): on Redis it empties the whole database, other users' keys included.
        cache.delete_many(["reformdesk:rl:race", "reformdesk:rl:stuck"])


def test_sixteen_concurrent_hits_allow_exactly_the_limit(redis_cache):
    barrier = threading.Barrier(16)
    allowed: list[bool] = []

    def one() -> None:
        barrier.wait(timeout=10)
        allowed.append(hit(key="race", limit=5, window=60))

    threads = [threading.Thread(target=one) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(allowed) == [False] * 11 + [True] * 5
    assert redis_cache.get("reformdesk:rl:race") == 16


def test_a_counter_left_without_expiry_gets_one_on_the_next_hit(redis_cache):
    """GIVEN a counter that lost its expiry (a window that ended between a check and an increment)
    WHEN the next event is counted THEN the counter expires again at the end of a window."""
    redis_cache.set("reformdesk:rl:stuck", 9, timeout=None)
    assert hit(key="stuck", limit=5, window=60) is False
    full_key = redis_cache.make_and_validate_key("reformdesk:rl:stuck")
    ttl = redis_cache._cache.get_client(full_key).ttl(full_key)
    assert 0 < ttl <= 60
