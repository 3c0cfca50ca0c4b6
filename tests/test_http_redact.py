"""Masking secrets in text, URLs, headers and log records."""

from __future__ import annotations

import logging

import pytest

from ingestion.http import RedactingFilter, Redactor

SECRET = "s3cr3t+key/=="


def test_text_masks_every_occurrence_and_encoded_forms() -> None:
    redactor = Redactor([SECRET])

    text = f"key {SECRET} again {SECRET}, in a URL s3cr3t%2Bkey%2F%3D%3D"

    assert redactor.text(text) == "key *** again ***, in a URL ***"


def test_short_and_empty_secrets_are_ignored() -> None:
    redactor = Redactor(["", "abc", "en"])

    assert redactor.text("abc en lang") == "abc en lang"


def test_longer_secret_is_masked_whole() -> None:
    redactor = Redactor(["token", "token-with-tail"])

    assert redactor.text("token-with-tail") == "***"


def test_add_registers_later_secrets() -> None:
    redactor = Redactor()
    redactor.add("late-secret")

    assert redactor.text("a late-secret here") == "a *** here"


@pytest.mark.parametrize("name", ["api_key", "API_KEY", "apikey", "key", "token", "access_token", "x_cg_demo_api_key"])
def test_url_masks_sensitive_query_params(name: str) -> None:
    redactor = Redactor()

    url = f"https://api.example.com/3/movie/550?language=en&{name}=abcdef123&page=2"

    assert redactor.url(url) == f"https://api.example.com/3/movie/550?language=en&{name}=***&page=2"


def test_url_masks_user_info_and_known_secrets_in_the_path() -> None:
    redactor = Redactor(["pathsecret"])

    assert redactor.url("https://user:pw@host.example/v1/pathsecret/x?monkey=1") == (
        "https://***@host.example/v1/***/x?monkey=1"
    )


def test_headers_masks_credential_headers_and_values_holding_secrets() -> None:
    redactor = Redactor(["hidden-value"])

    masked = redactor.headers(
        {
            "Authorization": "Bearer anything",
            "proxy-authorization": "Basic abc",
            "Cookie": "session=1",
            "x-cg-demo-api-key": "demo",
            "X-Auth-Token": "t",
            "X-Custom": "prefix hidden-value",
            "Accept": "application/json",
        }
    )

    assert masked == {
        "Authorization": "***",
        "proxy-authorization": "***",
        "Cookie": "***",
        "x-cg-demo-api-key": "***",
        "X-Auth-Token": "***",
        "X-Custom": "***",
        "Accept": "application/json",
    }


def test_redacting_filter_masks_message_args_and_tracebacks(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("tests.redact")
    redacting = RedactingFilter(Redactor([SECRET]))
    logger.addFilter(redacting)
    try:
        with caplog.at_level(logging.INFO, logger="tests.redact"):
            logger.info("calling %s with %s", "https://x.example", SECRET)
            try:
                raise RuntimeError(f"bad key {SECRET}")
            except RuntimeError:
                logger.exception("failed")
    finally:
        logger.removeFilter(redacting)

    first, second = caplog.records
    assert first.getMessage() == "calling https://x.example with ***"
    assert first.args is None
    assert second.exc_text is not None
    assert "bad key ***" in second.exc_text
    assert SECRET not in caplog.text
