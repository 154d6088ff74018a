"""Effective settings: defaults < environment < values stored through the API."""

from tonearm.domain.settings.service import (
    SettingView,
    describe_settings,
    load_effective_settings,
    update_settings,
)

__all__ = ["SettingView", "describe_settings", "load_effective_settings", "update_settings"]
