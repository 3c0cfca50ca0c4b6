"""The HTTP client every source uses: pacing, retries, caching, redaction and request stats in one place."""

from __future__ import annotations

import json
import logging
import math
import random
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass, field
from email.message import Message
from types import TracebackType
from typing import Any, Self
from urllib.parse import urlsplit

import requests
from requests.structures import CaseInsensitiveDict

from ingestion.http.cache import HttpCache, cache_key
from ingestion.http.clock import Clock, SystemClock
from ingestion.http.errors import (
    ApiError,
    ApiStatusError,
    ApiUnreachableError,
    MalformedResponseError,
    RetryAfterTooLongError,
)
from ingestion.http.ratelimit import RateLimit, TokenBucket, acquire_all
from ingestion.http.redact import RedactingFilter, Redactor, is_sensitive_header, is_sensitive_param
from ingestion.http.retry import RetryPolicy, backoff_delay, parse_retry_after
from ingestion.http.stats import RateDrop, StatsRegistry
from ingestion.http.trail import note_served

logger = logging.getLogger("starline.http")

_SNIPPET_CHARS = 200

# urllib3 logs request lines, query string (and so any api_key) included, when DEBUG is on. One filter,
# fed the secrets of every client, masks them there; our own messages are redacted before they are logged.
_library_redactor = Redactor()
for _name in ("connection", "connectionpool", "poolmanager", "response", "util.retry"):
    logging.getLogger(f"urllib3.{_name}").addFilter(RedactingFilter(_library_redactor))


# Public APIs ask clients to identify themselves; a stable agent also makes our traffic easy to throttle.
USER_AGENT = "starline/0.1 (open-source ELT; polite client)"


@dataclass(frozen=True)
class ApiConfig:
    """How to talk to one API; `headers` and `params` go with every request (that is how keys travel)."""

    name: str
    base_url: str
    rate_limit: RateLimit | None = None
    endpoint_rate_limits: Mapping[str, RateLimit] = field(default_factory=dict)
    cache_ttl_seconds: Mapping[str, float] = field(default_factory=dict)
    headers: Mapping[str, str] = field(default_factory=dict)
    params: Mapping[str, str] = field(default_factory=dict)
    secrets: tuple[str, ...] = ()
    timeout_seconds: float = 30.0
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    # Per-entity detail requests allowed per as-of date (`ingestion.refresh`); None: the API serves no details.
    daily_budget: int | None = None


class _Retryable(Exception):
    """A failed attempt worth retrying; `error` is what the caller gets if no attempt is left."""

    def __init__(self, what: str, error: ApiError, retry_after: float | None = None, status: int | None = None) -> None:
        super().__init__(what)
        self.what = what
        self.error = error
        self.retry_after = retry_after
        self.status = status


class ApiClient:
    """GETs JSON from one API, booking every request, cache hit, retry and wait under a dlt resource."""

    def __init__(
        self,
        config: ApiConfig,
        *,
        stats: StatsRegistry,
        cache: HttpCache | None = None,
        journal: HttpCache | None = None,
        clock: Clock | None = None,
        session: requests.Session | None = None,
        rng: random.Random | None = None,
    ) -> None:
        self._config = config
        self._stats = stats
        self._cache = cache
        self._journal = journal
        # What this client stored, so a run that fails on an answer can take it back (`discard_stored`).
        self._stored: list[tuple[HttpCache, str]] = []
        self._clock = clock or SystemClock()
        self._owns_session = session is None
        self._session = session or requests.Session()
        self._rng = rng or random.Random()
        self._redactor = Redactor()
        for secret in _config_secrets(config):
            self._add_secret(secret)
        self._headers: CaseInsensitiveDict[str] = CaseInsensitiveDict(
            {"Accept": "application/json", "User-Agent": USER_AGENT}
        )
        self._headers.update(config.headers)
        self._host_bucket = TokenBucket(config.rate_limit, self._clock) if config.rate_limit else None
        self._endpoint_buckets = {
            endpoint: TokenBucket(limit, self._clock) for endpoint, limit in config.endpoint_rate_limits.items()
        }

    @property
    def config(self) -> ApiConfig:
        return self._config

    @property
    def redactor(self) -> Redactor:
        """The redactor that knows this API's secrets, e.g. for a `RedactingFilter` on log handlers."""
        return self._redactor

    def get_json(
        self,
        path: str,
        params: Mapping[str, Any] | None = None,
        *,
        endpoint: str,
        resource: str,
        accept_statuses: Collection[int] = (),
    ) -> Any:
        """GET `path` below the base URL and return the parsed JSON body.

        `endpoint` names the logical endpoint (cache expiry, endpoint rate limit, messages); `resource` is the
        dlt resource the request is booked under. Statuses in `accept_statuses` return their body instead of
        raising. Raises an `ApiError` subclass once retries are exhausted or the failure is not retryable.
        """
        url = f"{self._config.base_url.rstrip('/')}/{path.lstrip('/')}"
        for name, value in (params or {}).items():
            if is_sensitive_param(name):
                self._add_secret(str(value))
        query: dict[str, Any] = {**self._config.params, **(params or {})}

        ttl = self._config.cache_ttl_seconds.get(endpoint, 0.0)
        cached_here = self._cache is not None and ttl > 0
        # Credentials stay out of the key: a rotated key keeps the cache valid, and nothing derived from a
        # secret is written to disk.
        key = (
            cache_key("GET", url, {k: str(v) for k, v in query.items() if not is_sensitive_param(k)})
            if cached_here or self._journal is not None
            else None
        )
        for store, max_age in ((self._journal, math.inf), (self._cache if cached_here else None, ttl)):
            if store is None or key is None:
                continue
            cached = store.get(key, max_age)
            if cached is not None:
                self._stats.add(resource, cache_hits=1)
                note_served(store, key)
                return json.loads(cached)

        try:
            body, data = self._fetch(url, query, endpoint, resource, accept_statuses)
        except ApiError:
            self._stats.add(resource, errors=1)
            raise
        for store in (self._journal, self._cache if cached_here else None):
            if store is not None and key is not None:
                store.put(key, body)
                self._stored.append((store, key))
                note_served(store, key)
        return data

    def discard_stored(self) -> None:
        """Forget every answer this client put in the cache or the journal: one of them failed the run (a shape
        the parsers refuse), and a cached copy would fail every re-run until it expired."""
        for store, key in self._stored:
            store.delete(key)
        self._stored.clear()

    def close(self) -> None:
        """Release the connection pool, if this client created it."""
        if self._owns_session:
            self._session.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def _fetch(
        self,
        url: str,
        query: Mapping[str, Any],
        endpoint: str,
        resource: str,
        accept_statuses: Collection[int],
    ) -> tuple[str, Any]:
        policy = self._config.retry
        shown_url = self._redactor.url(_full_url(url, query))
        attempt = 1
        buckets = self._buckets(endpoint)
        while True:
            self._throttle(buckets, endpoint, resource)
            sent_at = self._clock.monotonic()
            self._stats.add(resource, requests=1)
            try:
                return self._attempt(url, query, endpoint, shown_url, accept_statuses, attempt)
            except _Retryable as failure:
                delay = max(backoff_delay(attempt, policy, self._rng), failure.retry_after or 0.0)
                if failure.status == 429:
                    self._slow_down(buckets, endpoint, resource, sent_at, delay)
                if attempt >= policy.max_attempts:
                    failure.error.__context__ = None
                    raise failure.error from None
                self._log(
                    logging.WARNING,
                    f"{self._config.name} endpoint '{endpoint}': {failure.what} for GET {shown_url} "
                    f"(attempt {attempt}/{policy.max_attempts}); retrying in {delay:.2f}s",
                )
                self._clock.sleep(delay)
                self._stats.add(resource, retries=1, wait_seconds=delay)
            attempt += 1

    def _buckets(self, endpoint: str) -> dict[str, TokenBucket]:
        """The buckets a request to `endpoint` draws on, by the name the log and the stats give them."""
        buckets = {"host": self._host_bucket, f"endpoint '{endpoint}'": self._endpoint_buckets.get(endpoint)}
        return {scope: bucket for scope, bucket in buckets.items() if bucket is not None}

    def _throttle(self, buckets: Mapping[str, TokenBucket], endpoint: str, resource: str) -> None:
        waited = acquire_all(list(buckets.values()))
        if waited > 0:
            self._stats.add(resource, rate_limit_waits=1, wait_seconds=waited)
            self._log(
                logging.INFO,
                f"{self._config.name} endpoint '{endpoint}': waited {waited:.2f}s for the "
                f"{' and '.join(buckets)} rate limit",
            )

    def _slow_down(
        self, buckets: Mapping[str, TokenBucket], endpoint: str, resource: str, sent_at: float, delay: float
    ) -> None:
        """After a 429: every bucket the request drew on lowers its rate (our pace was too fast for the server,
        whatever it counts) and holds every request of this client, on every thread, until the retry is due."""
        for scope, bucket in buckets.items():
            change = bucket.slow_down(sent_at)
            if change is not None:
                self._stats.add_rate_drop(RateDrop(self._config.name, scope, change.before, change.after))
                self._log(
                    logging.WARNING,
                    f"{self._config.name} endpoint '{endpoint}' (resource {resource}): HTTP 429, {scope} rate limit "
                    f"lowered from {change.before:.4g} to {change.after:.4g} requests/s",
                )
            bucket.defer(delay)

    def _attempt(
        self,
        url: str,
        query: Mapping[str, Any],
        endpoint: str,
        shown_url: str,
        accept_statuses: Collection[int],
        attempt: int,
    ) -> tuple[str, Any]:
        api = self._config.name
        # Errors are raised outside the `except` blocks on purpose: an exception raised inside one keeps the
        # requests exception as `__context__` (even with `from None`), and that text holds the unredacted URL.
        sent: requests.Response | requests.RequestException
        try:
            sent = self._session.get(url, params=query, headers=self._headers, timeout=self._config.timeout_seconds)
        except requests.RequestException as exc:
            sent = exc
        if isinstance(sent, requests.ConnectionError | requests.Timeout):
            parts = urlsplit(url)
            host = f"{parts.hostname}:{parts.port}" if parts.port else str(parts.hostname)
            reason = self._redactor.text(_network_reason(sent, self._config.timeout_seconds))
            error = ApiUnreachableError(
                api=api, endpoint=endpoint, url=shown_url, host=host, reason=reason, attempts=attempt
            )
            raise _Retryable(type(sent).__name__, error)
        if isinstance(sent, requests.RequestException):
            reason = self._redactor.text(f"{type(sent).__name__}: {sent}")
            raise ApiError(
                f"{api} endpoint '{endpoint}': could not send GET {shown_url} ({reason}). "
                f"Check the base_url configured for {api}.",
                api=api,
                endpoint=endpoint,
                url=shown_url,
            )
        response = sent

        status = response.status_code
        body = _decode(response)
        policy = self._config.retry
        if not (200 <= status < 300 or status in accept_statuses):
            error = ApiStatusError(
                api=api,
                endpoint=endpoint,
                url=shown_url,
                status=status,
                body_snippet=self._snippet(body),
                attempts=attempt,
            )
            if status not in policy.retry_statuses:
                raise error
            retry_after = parse_retry_after(response.headers.get("Retry-After"), self._clock.utcnow())
            if retry_after is not None and retry_after > policy.max_retry_after:
                raise RetryAfterTooLongError(
                    api=api,
                    endpoint=endpoint,
                    url=shown_url,
                    status=status,
                    retry_after=retry_after,
                    max_retry_after=policy.max_retry_after,
                    body_snippet=self._snippet(body),
                )
            raise _Retryable(f"HTTP {status}", error, retry_after, status)

        try:
            return body, _parse_json(body, response.headers.get("Content-Type", ""))
        except ValueError as exc:
            problem = str(exc)
        error = MalformedResponseError(
            api=api,
            endpoint=endpoint,
            url=shown_url,
            problem=problem,
            body_snippet=self._snippet(body),
            attempts=attempt,
        )
        raise _Retryable(f"HTTP {status} with {problem}", error)

    def _add_secret(self, secret: str) -> None:
        self._redactor.add(secret)
        _library_redactor.add(secret)

    def _snippet(self, body: str) -> str:
        # Redact before cutting, so a secret straddling the cut cannot survive as a fragment.
        text = " ".join(self._redactor.text(body).split())
        return text if len(text) <= _SNIPPET_CHARS else text[: _SNIPPET_CHARS - 1] + "…"

    def _log(self, level: int, message: str) -> None:
        logger.log(level, self._redactor.text(message))


def _config_secrets(config: ApiConfig) -> Iterator[str]:
    yield from config.secrets
    for name, value in config.headers.items():
        if is_sensitive_header(name):
            yield value
            # The credential of "Bearer <token>" can turn up on its own too, e.g. echoed in an error body.
            yield value.partition(" ")[2].strip()
    for name, value in config.params.items():
        if is_sensitive_param(name):
            yield value


def _full_url(url: str, query: Mapping[str, Any]) -> str:
    try:
        return requests.Request("GET", url, params=query).prepare().url or url
    except requests.RequestException:
        # An unusable URL fails again when sent, and is reported then; here it only needs to be shown.
        return url


def _decode(response: requests.Response) -> str:
    # JSON is UTF-8 unless the server declares otherwise; requests would assume ISO-8859-1 for text/* and
    # sniff (slowly, on big pages) when no charset is given.
    header = Message()
    header["Content-Type"] = response.headers.get("Content-Type", "")
    charset = header.get_content_charset() or "utf-8-sig"
    try:
        return response.content.decode(charset, errors="replace")
    except LookupError:
        return response.content.decode("utf-8-sig", errors="replace")


def _parse_json(body: str, content_type: str) -> Any:
    """The parsed body; a ValueError says in words what is wrong with it."""
    # A body starting with '<' is markup whatever the headers say, but a text/html content type alone is not
    # damning: some APIs serve valid JSON under it.
    if body.lstrip().startswith("<"):
        raise ValueError("an HTML page instead of JSON")
    try:
        return json.loads(body)
    except ValueError as exc:
        if "text/html" in content_type.lower():
            raise ValueError("an HTML page instead of JSON") from None
        raise ValueError(f"invalid JSON ({exc})") from None


def _network_reason(exc: requests.RequestException, timeout: float) -> str:
    if isinstance(exc, requests.Timeout):
        return f"{type(exc).__name__}: no answer within {timeout:g}s"
    # requests wraps urllib3's MaxRetryError, whose `reason` is the actual socket-level failure.
    cause = exc.args[0] if exc.args else exc
    return f"{type(exc).__name__}: {getattr(cause, 'reason', cause)}"
