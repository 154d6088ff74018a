"""Quality upgrades: a track done with a lossy file is searched again now and then, and a file
in a better tier of the quality profile replaces the owned one.

Jobs: the periodic ``upgrade.tick`` {} enqueues ``upgrade.search`` {"track_id"} for due
tracks (bounded per tick); a better file then runs through the acquisition pipeline
(``acquire.download`` → ``acquire.monitor`` → ``postprocess``) while the track stays done.
"""

from tonearm.domain.upgrades.jobs import UPGRADE_SEARCH_JOB, UPGRADE_TICK_JOB

__all__ = ["UPGRADE_SEARCH_JOB", "UPGRADE_TICK_JOB"]
