"""Effective settings: defaults < environment < values stored through the API."""

from tonearm.domain.settings.jobs import job_settings
from tonearm.domain.settings.service import (
    SettingView,
    describe_settings,
    load_effective_settings,
    update_settings,
)

__all__ = [
    "SettingView",
    "describe_settings",
    "job_settings",
    "load_effective_settings",
    "update_settings",
]
