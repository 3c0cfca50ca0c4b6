"""Shared HTTP layer of the sources: rate limiting, retries, caching, pagination, redaction and stats."""

from ingestion.http.cache import HttpCache, cache_key
from ingestion.http.client import ApiClient, ApiConfig
from ingestion.http.clock import Clock, FakeClock, SystemClock
from ingestion.http.errors import (
    ApiError,
    ApiStatusError,
    ApiUnreachableError,
    MalformedResponseError,
    RetryAfterTooLongError,
)
from ingestion.http.pagination import iter_dates, iter_pages
from ingestion.http.ratelimit import RateChange, RateLimit, TokenBucket, acquire_all
from ingestion.http.redact import RedactingFilter, Redactor, is_sensitive_header, is_sensitive_param
from ingestion.http.retry import RetryPolicy, backoff_delay, parse_retry_after
from ingestion.http.stats import RateDrop, RequestStats, StatsRegistry

__all__ = [
    "ApiClient",
    "ApiConfig",
    "ApiError",
    "ApiStatusError",
    "ApiUnreachableError",
    "Clock",
    "FakeClock",
    "HttpCache",
    "MalformedResponseError",
    "RateChange",
    "RateDrop",
    "RateLimit",
    "RedactingFilter",
    "Redactor",
    "RequestStats",
    "RetryAfterTooLongError",
    "RetryPolicy",
    "StatsRegistry",
    "SystemClock",
    "TokenBucket",
    "acquire_all",
    "backoff_delay",
    "cache_key",
    "is_sensitive_header",
    "is_sensitive_param",
    "iter_dates",
    "iter_pages",
    "parse_retry_after",
]
