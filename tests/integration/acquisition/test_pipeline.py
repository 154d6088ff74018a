"""The whole pipeline in process on real SQLite and PostgreSQL, with decoys and traps."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from tests.integration.acquisition.factories import SONGS, create_track, decoy_network
from tests.integration.acquisition.harness import COVERS, running_pipeline, wait_for
from tonearm.db.models import BlocklistEntry, Download, LibraryFile, Track
from tonearm.domain.acquisition.jobs import enqueue_search
from tonearm.domain.postprocess import read_tags
from tonearm.emulators.lyrics import generated_lyrics


async def test_every_song_is_filed_with_the_right_file_despite_decoys_and_traps(
    tmp_path: Path, db_url: str
) -> None:
    songs = SONGS[:3]
    async with running_pipeline(tmp_path, db_url, decoy_network(songs)) as pipe:
        async with pipe.db.transaction() as session:
            tracks = [create_track(song, cover_base=f"{COVERS}/v1") for song in songs]
            session.add_all(tracks)
            await session.flush()
            ids = [t.id for t in tracks]
            for track_id in ids:
                await enqueue_search(session, track_id)

        async def all_settled() -> bool:
            async with pipe.db.transaction(readonly=True) as session:
                states = (await session.execute(select(Track.state))).scalars().all()
            return all(state in ("done", "failed") for state in states)

        await wait_for(all_settled, timeout_s=40)
        async with pipe.db.transaction(readonly=True) as session:
            rows = (await session.execute(select(Track).order_by(Track.id))).scalars().all()
            downloads = (await session.execute(select(Download))).scalars().all()
            blocked = (await session.execute(select(BlocklistEntry))).scalars().all()
            indexed = (await session.execute(select(func.count(LibraryFile.id)))).scalar_one()

    assert [(t.state, t.reason) for t in rows] == [("done", None)] * len(songs)
    assert indexed == len(songs)
    library = pipe.settings.resolved_library_dir
    for track, song in zip(rows, songs, strict=True):
        winner = next(d for d in downloads if d.track_id == track.id and d.state == "done")
        assert winner.username == "honest"
        assert winner.filename == song.right_file("honest")
        path = library / track.library_path
        tags = read_tags(path)
        assert (tags.title, tags.artists, tags.album) == (song.title, [song.artist], song.album)
        assert (tags.track_number, tags.year, tags.spotify_track_id) == (
            song.number,
            song.year,
            song.spotify_id,
        )
        assert tags.has_cover
        lrc = path.with_suffix(".lrc").read_text(encoding="utf-8")
        assert lrc == generated_lyrics(song.artist, song.title)
    trapped = {(b.username, b.filename) for b in blocked}
    assert ("truncator", songs[0].right_file("truncator")) in trapped
    assert ("rejecter", songs[1].right_file("rejecter")) in trapped
    assert ("staller", songs[2].right_file("staller")) in trapped
    audio = sorted(p for p in library.rglob("*") if p.suffix == ".flac")
    assert len(audio) == len(songs)
