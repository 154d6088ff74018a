"""Logging with the event contract, metrics and health helpers."""

from tonearm.observability.logging import configure_logging, get_logger, redactor
from tonearm.observability.metrics import Metrics

__all__ = ["Metrics", "configure_logging", "get_logger", "redactor"]
