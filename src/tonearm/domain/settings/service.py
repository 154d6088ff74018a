"""Read, describe and change settings at run time."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, SecretStr, TypeAdapter, ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from tonearm.config import RUNTIME_KEYS, SECRET_KEYS, Settings
from tonearm.domain.activity import record_activity
from tonearm.domain.settings import repository
from tonearm.errors import ValidationFailed
from tonearm.kit.crypto import SecretBox, SecretBoxError

Source = Literal["api", "env", "default"]
_ENCRYPTED = "enc"


class SettingView(BaseModel):
    """One setting as the API shows it: secrets only say whether they are set."""

    key: str
    value: Any = None
    is_set: bool
    secret: bool
    editable: bool
    source: Source


def _decode(key: str, raw: Any, box: SecretBox) -> Any:
    if key in SECRET_KEYS and isinstance(raw, dict) and _ENCRYPTED in raw:
        try:
            return SecretStr(box.decrypt(str(raw[_ENCRYPTED])))
        except SecretBoxError:
            return None
    return raw


async def load_effective_settings(
    session: AsyncSession, base: Settings, box: SecretBox
) -> tuple[Settings, dict[str, Source]]:
    """The settings in force now, and where each value comes from."""
    stored = await repository.load_all(session)
    overrides = {k: _decode(k, v, box) for k, v in stored.items() if k in Settings.model_fields}
    effective = base.model_copy(update=overrides)
    sources: dict[str, Source] = {
        name: "api"
        if name in overrides
        else ("env" if name in base.model_fields_set else "default")
        for name in Settings.model_fields
    }
    return effective, sources


async def describe_settings(
    session: AsyncSession, base: Settings, box: SecretBox
) -> list[SettingView]:
    """Every setting with its effective value (secrets masked) and source."""
    effective, sources = await load_effective_settings(session, base, box)
    views = []
    for name in Settings.model_fields:
        value = getattr(effective, name)
        secret = name in SECRET_KEYS
        views.append(
            SettingView(
                key=name,
                value=None if secret else _jsonable(value),
                is_set=value is not None and (not secret or bool(value.get_secret_value())),
                secret=secret,
                editable=name in RUNTIME_KEYS,
                source=sources[name],
            )
        )
    return views


async def update_settings(
    session: AsyncSession, base: Settings, box: SecretBox, patch: dict[str, Any]
) -> list[str]:
    """Validate and store ``patch`` (``None`` clears a value); returns the changed keys."""
    unknown = sorted(set(patch) - set(Settings.model_fields))
    fixed = sorted(set(patch) - RUNTIME_KEYS - set(unknown))
    if unknown or fixed:
        raise ValidationFailed(
            "some settings cannot be changed here",
            details={"unknown": unknown, "not_editable": fixed},
        )
    validated = {key: _validate(key, value) for key, value in patch.items()}
    for key, value in validated.items():
        await repository.upsert(session, key, _encode(key, value, box))
    await record_activity(
        session,
        "settings.changed",
        f"Settings changed: {', '.join(sorted(validated))}",
        entity_type="settings",
        details={"keys": sorted(validated)},
    )
    return sorted(validated)


def _validate(key: str, value: Any) -> Any:
    if value is None:
        if key in _REQUIRED:
            raise ValidationFailed(
                f"{key} cannot be cleared", details={"key": key, "errors": ["a value is required"]}
            )
        return None
    field = Settings.model_fields[key]
    # The field's own constraints (ge, le, ...) live in its metadata, not its annotation.
    annotated: Any = (
        Annotated[(field.annotation, *field.metadata)] if field.metadata else field.annotation
    )
    try:
        parsed = TypeAdapter[Any](annotated).validate_python(value)
    except ValidationError as exc:
        errors = [e["msg"] for e in exc.errors()]
        raise ValidationFailed(
            f"invalid value for {key}: {errors[0]}" if errors else f"invalid value for {key}",
            details={"key": key, "errors": errors},
        ) from exc
    for check in _FIELD_CHECKS.get(key, ()):
        check(parsed)
    return parsed


def _encode(key: str, value: Any, box: SecretBox) -> Any:
    if value is None:
        return None
    if isinstance(value, SecretStr):
        return {_ENCRYPTED: box.encrypt(value.get_secret_value())}
    return _jsonable(value)


def _jsonable(value: Any) -> Any:
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


_FIELD_CHECKS: dict[str, tuple[Any, ...]] = {}
# The quality profile cannot work without these: ``null`` is refused instead of stored.
_REQUIRED = frozenset(
    {"quality_formats", "quality_preferred_users", "quality_blocked_users", "quality_upgrade_lossy"}
)
