"""With REDIS_URL set (production, and CI's PostgreSQL run), rate limits are counted in Redis, so
every worker process sees the same count. Skipped where no Redis is configured."""

from __future__ import annotations

import os

import pytest
from django.conf import settings
from django.core.cache import caches

from reformdesk.core.ratelimit import hit

pytestmark = pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="REDIS_URL is not set")


def test_every_cache_is_redis():
    for alias in ("default", "ratelimit", "portal", "catalog"):
        assert settings.CACHES[alias]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"


def test_a_count_made_by_one_worker_is_seen_by_another():
    import redis

    for _ in range(3):
        assert hit(key="test:shared", limit=3, window=60)
    # Another worker is another client of the same Redis: it reads the same counter.
    other = redis.Redis.from_url(os.environ["REDIS_URL"])
    stored = [other.get(k) for k in other.keys("*reformdesk:rl:test:shared")]
    assert stored == [b"3"]
    assert not hit(key="test:shared", limit=3, window=60)
    caches["ratelimit"].clear()
