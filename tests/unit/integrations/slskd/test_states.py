"""slskd's flag-string states and versions."""

from __future__ import annotations

import pytest

from tonearm.integrations.slskd import TransferState, is_limit_rejection, parse_version


@pytest.mark.parametrize(
    ("raw", "queued", "running", "succeeded", "failed"),
    [
        ("Requested", True, False, False, False),
        ("Queued, Locally", True, False, False, False),
        ("Queued, Remotely", True, False, False, False),
        ("Initializing", False, True, False, False),
        ("InProgress", False, True, False, False),
        ("Completed, Succeeded", False, False, True, False),
        ("Completed, Rejected", False, False, False, True),
        ("Completed, Errored", False, False, False, True),
        ("Completed, Cancelled", False, False, False, True),
    ],
)
def test_flags(raw: str, queued: bool, running: bool, succeeded: bool, failed: bool) -> None:
    state = TransferState.parse(raw)
    assert (state.is_queued, state.is_running, state.is_succeeded, state.is_failed) == (
        queued,
        running,
        succeeded,
        failed,
    )


def test_failure_is_final_only_after_slskds_own_retries() -> None:
    errored = TransferState.parse("Completed, Errored")
    assert errored.is_final((0, 24), None)
    assert not errored.is_final((0, 25), 1)
    assert errored.is_final((0, 26, 1), 3)
    assert TransferState.parse("Completed, Rejected").is_final((0, 26), 1)
    assert not TransferState.parse("InProgress").is_final((0, 22), None)


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("Daily download limit reached", True),
        ("Weekly file limit of 100 exceeded", True),
        ("Limit exceeded: daily megabytes", True),
        ("File not shared.", False),
        (None, False),
    ],
)
def test_limit_rejections(message: str | None, expected: bool) -> None:
    assert is_limit_rejection(message) is expected
    assert TransferState.parse("Completed, Rejected").is_limit_rejection(message) is expected


def test_versions() -> None:
    assert parse_version("0.26.1.0+a1b2c3") == (0, 26, 1, 0)
    assert parse_version("v0.22") == (0, 22)
    with pytest.raises(ValueError):
        parse_version("latest")
