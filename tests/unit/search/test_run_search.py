"""run_search: a source past its deadline is reported, the others are returned."""

from __future__ import annotations

import asyncio

from tonearm.domain.search import SearchItem, SearchRequest, run_search


async def _library(request: SearchRequest) -> list[SearchItem]:
    return [SearchItem(id="library:1", source="library", type="track", title="Karma Police")]


async def _never_answers(request: SearchRequest) -> list[SearchItem]:
    await asyncio.Event().wait()
    raise AssertionError("unreachable")


class TestRunSearch:
    async def test_source_past_its_deadline_is_a_timeout(self) -> None:
        request = SearchRequest(query="Karma Police", sources=["soulseek", "library"])
        page = await run_search(
            request, {"soulseek": _never_answers, "library": _library}, {"soulseek": 0.05}
        )
        assert [i.id for i in page.items] == ["library:1"]
        assert page.errors == {"soulseek": "TIMEOUT: no answer within 0.05 s"}

    async def test_missing_runner_is_reported(self) -> None:
        request = SearchRequest(query="Karma", sources=["spotify", "library"])
        page = await run_search(request, {"library": _library})
        assert page.errors["spotify"].startswith("NOT_CONFIGURED: ")
        assert page.total == 1
