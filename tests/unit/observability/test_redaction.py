"""The redaction processor masks secret keys and registered secret values."""

from __future__ import annotations

import io
import json

from tonearm.observability import configure_logging, get_logger
from tonearm.observability.logging import REDACTED, Redactor


class TestRedactor:
    def test_masks_secret_looking_keys(self) -> None:
        out = Redactor()(None, "info", {"event": "x", "api_key": "abc", "refresh_token": "r"})
        assert out["api_key"] == REDACTED
        assert out["refresh_token"] == REDACTED

    def test_masks_registered_values_anywhere(self) -> None:
        redactor = Redactor()
        redactor.add_secret("s3cr3t-value")
        out = redactor(
            None,
            "info",
            {"event": "x", "url": "http://h/?k=s3cr3t-value", "n": [{"inner": "s3cr3t-value"}]},
        )
        assert "s3cr3t-value" not in json.dumps(out)

    def test_keeps_ordinary_fields(self) -> None:
        out = Redactor()(None, "info", {"event": "x", "status": 200, "route": "/a"})
        assert out == {"event": "x", "status": 200, "route": "/a"}


class TestJsonLines:
    def test_each_line_is_a_json_object_with_contract_keys(self) -> None:
        stream = io.StringIO()
        configure_logging("INFO", "json", stream)
        try:
            get_logger("tonearm.test").info("demo.event", password="hunter2hunter2")
        finally:
            configure_logging("INFO", "json")
        line = json.loads(stream.getvalue().strip().splitlines()[-1])
        assert {"ts", "level", "event", "logger"} <= set(line)
        assert line["logger"] == "tonearm.test"
        assert line["password"] == REDACTED
        assert line["ts"].endswith("Z")
