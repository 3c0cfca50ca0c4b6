"""Errors raised by the HTTP layer; every message names the API and endpoint and says what to do next.

Callers pass the URL and body snippets already redacted: these texts end up in logs and terminals.
"""

from __future__ import annotations


def _after(attempts: int) -> str:
    return f"after {attempts} attempt{'s' if attempts != 1 else ''}"


def _status_advice(api: str, status: int) -> str:
    if status in (401, 403):
        return f"Check the API key or token configured for {api} (.dlt/secrets.toml or the environment)."
    if status == 404:
        return f"Check the ids in the request and the base_url configured for {api}."
    if status == 429:
        return f"{api} is rate limiting us: lower its rate limit in .dlt/config.toml or try again later."
    if status >= 500:
        return f"{api} is failing on its side: try again later."
    return f"Check the request parameters and the base_url configured for {api}."


class ApiError(Exception):
    """Base of every failure talking to an API."""

    def __init__(self, message: str, *, api: str, endpoint: str, url: str) -> None:
        super().__init__(message)
        self.api = api
        self.endpoint = endpoint
        self.url = url


class ApiStatusError(ApiError):
    """The API answered with an HTTP error status (at once for most 4xx, after retries for 429/5xx)."""

    def __init__(
        self,
        *,
        api: str,
        endpoint: str,
        url: str,
        status: int,
        body_snippet: str = "",
        attempts: int = 1,
        advice: str | None = None,
    ) -> None:
        message = f"{api} endpoint '{endpoint}' answered HTTP {status} for GET {url}"
        if attempts > 1:
            message += f" {_after(attempts)}"
        message += f". {advice or _status_advice(api, status)}"
        if body_snippet:
            message += f" Response body: {body_snippet}"
        super().__init__(message, api=api, endpoint=endpoint, url=url)
        self.status = status


class RetryAfterTooLongError(ApiStatusError):
    """The API asked us to come back later than `RetryPolicy.max_retry_after` allows."""

    def __init__(
        self,
        *,
        api: str,
        endpoint: str,
        url: str,
        status: int,
        retry_after: float,
        max_retry_after: float,
        body_snippet: str = "",
    ) -> None:
        advice = (
            f"{api} asked to retry in {retry_after:.0f}s, longer than the {max_retry_after:.0f}s allowed: "
            f"raise max_retry_after in the retry settings of {api} to wait that long, or try again later."
        )
        super().__init__(api=api, endpoint=endpoint, url=url, status=status, body_snippet=body_snippet, advice=advice)
        self.retry_after = retry_after
        self.max_retry_after = max_retry_after


class ApiUnreachableError(ApiError):
    """No answer at all (connection refused, DNS failure, timeout) after every attempt."""

    def __init__(self, *, api: str, endpoint: str, url: str, host: str, reason: str, attempts: int) -> None:
        message = (
            f"{api} endpoint '{endpoint}' is unreachable: "
            f"no answer from {host} {_after(attempts)} ({reason}). "
            f"Check your connection and the base_url configured for {api}. "
            "No network? `make demo` runs everything offline against the local API emulator."
        )
        super().__init__(message, api=api, endpoint=endpoint, url=url)
        self.host = host


class MalformedResponseError(ApiError):
    """A success status whose body is not JSON (often an HTML error or captive-portal page)."""

    def __init__(self, *, api: str, endpoint: str, url: str, problem: str, body_snippet: str, attempts: int) -> None:
        message = (
            f"{api} endpoint '{endpoint}' returned {problem} for GET {url} {_after(attempts)}; "
            f"check that the base_url configured for {api} points at the API and not at a web page or proxy. "
            f"Response body: {body_snippet or '(empty)'}"
        )
        super().__init__(message, api=api, endpoint=endpoint, url=url)
