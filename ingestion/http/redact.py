"""Keeping credentials out of logs, error messages and anything else a person might read."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from urllib.parse import quote, quote_plus, unquote_plus, urlsplit, urlunsplit

MASK = "***"

# Shorter values would mask innocent text everywhere ("1", "en", "usd") and cannot be real credentials.
_MIN_SECRET_LENGTH = 4

_SENSITIVE_PARAMS = frozenset(
    {"api_key", "apikey", "key", "token", "access_token", "x_cg_demo_api_key", "x_cg_pro_api_key"}
)
_SENSITIVE_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie"})
_SENSITIVE_HEADER_PARTS = ("api-key", "apikey", "token")


def is_sensitive_param(name: str) -> bool:
    """Whether a query parameter of this name carries a credential."""
    return name.lower() in _SENSITIVE_PARAMS


def is_sensitive_header(name: str) -> bool:
    """Whether a header of this name carries a credential."""
    lowered = name.lower()
    return lowered in _SENSITIVE_HEADERS or any(part in lowered for part in _SENSITIVE_HEADER_PARTS)


class Redactor:
    """Masks known secret values, and credentials recognisable by their parameter or header name."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        self._secrets: tuple[str, ...] = ()
        for secret in secrets:
            self.add(secret)

    def add(self, secret: str) -> None:
        """Register one more secret value (also masked in its URL-encoded forms)."""
        if len(secret) < _MIN_SECRET_LENGTH:
            return
        variants = {secret, quote(secret, safe=""), quote_plus(secret)}
        # Longest first, so a secret that contains another is masked whole rather than leaving its tail.
        # Rebinding one tuple keeps concurrent readers (log filters on other threads) safe without a lock.
        self._secrets = tuple(sorted(set(self._secrets) | variants, key=len, reverse=True))

    def text(self, s: str) -> str:
        """`s` with every registered secret replaced by the mask."""
        for secret in self._secrets:
            s = s.replace(secret, MASK)
        return s

    def url(self, url: str) -> str:
        """`url` with credentials in the user-info part and in sensitive query parameters masked."""
        parts = urlsplit(url)
        netloc = parts.netloc
        if "@" in netloc:
            netloc = f"{MASK}@{netloc.rpartition('@')[2]}"
        query = "&".join(self._mask_param(pair) for pair in parts.query.split("&")) if parts.query else ""
        return self.text(urlunsplit(parts._replace(netloc=netloc, query=query)))

    def headers(self, h: Mapping[str, str]) -> dict[str, str]:
        """A copy of `h` with credential headers, and any value containing a secret, masked."""
        return {
            name: MASK if is_sensitive_header(name) or self.text(value) != value else value for name, value in h.items()
        }

    @staticmethod
    def _mask_param(pair: str) -> str:
        name, sep, _ = pair.partition("=")
        return f"{name}={MASK}" if sep and is_sensitive_param(unquote_plus(name)) else pair


class RedactingFilter(logging.Filter):
    """Renders each log record and masks secrets in it, so no handler ever sees a credential."""

    def __init__(self, redactor: Redactor) -> None:
        super().__init__()
        self._redactor = redactor

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = self._redactor.text(record.getMessage())
        record.args = None
        if record.exc_info and not record.exc_text:
            # Formatters reuse a pre-rendered exc_text, so rendering it here keeps tracebacks masked too.
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self._redactor.text(record.exc_text)
        if record.stack_info:
            record.stack_info = self._redactor.text(record.stack_info)
        return True
