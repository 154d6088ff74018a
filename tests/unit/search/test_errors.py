"""Each failing source is reported with a precise code."""

from __future__ import annotations

import httpx
import pytest

from tonearm.domain.providers import CircuitOpen, ProviderNotConfigured, ProviderRateLimited
from tonearm.domain.search.errors import SourceTimeout, SourceUnavailable, describe_source_error
from tonearm.integrations.slskd import SlskdServerError


class TestDescribeSourceError:
    @pytest.mark.parametrize(
        ("exc", "code"),
        [
            (ProviderRateLimited("slskd", 42.0), "RATE_LIMITED"),
            (CircuitOpen("spotify", "spotify is failing", retry_after=60.0), "CIRCUIT_OPEN"),
            (ProviderNotConfigured(), "NOT_CONFIGURED"),
            (SlskdServerError("boom", status=503), "DEPENDENCY_ERROR"),
            (httpx.ConnectError("refused"), "DEPENDENCY_ERROR"),
            (SourceUnavailable("slow down", code="RATE_LIMITED"), "RATE_LIMITED"),
            (SourceTimeout(8.0), "TIMEOUT"),
            (ValueError("bug"), "INTERNAL_ERROR"),
        ],
    )
    def test_code_prefixes_the_message(self, exc: Exception, code: str) -> None:
        assert describe_source_error(exc).startswith(f"{code}: ")

    def test_rate_limit_names_the_wait(self) -> None:
        assert describe_source_error(ProviderRateLimited("slskd", 42.0)) == (
            "RATE_LIMITED: slskd is rate limited for 42 s"
        )

    def test_long_messages_are_cut(self) -> None:
        assert len(describe_source_error(SourceUnavailable("x" * 1000))) == 300
