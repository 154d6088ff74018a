"""A worker process for tests: ``python -m tests.integration.orchestrator.worker_main URL``."""

from __future__ import annotations

import argparse
import asyncio
import signal

from tests.integration.orchestrator.tasks_for_tests import registry
from tonearm.db import Database
from tonearm.observability import configure_logging
from tonearm.orchestrator import Worker, WorkerOptions


async def main(args: argparse.Namespace) -> None:
    db = Database(args.url)
    worker = Worker(
        db,
        registry,
        worker_id=args.worker_id,
        hostname=args.hostname,
        concurrency=args.concurrency,
        services={"hostname": args.hostname},
        options=WorkerOptions(
            lease_s=args.lease_s,
            heartbeat_s=args.lease_s / 4,
            poll_min_s=0.01,
            poll_max_s=0.2,
            reap_every_s=args.lease_s / 2,
            shutdown_timeout_s=args.shutdown_timeout_s,
        ),
    )
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, worker.request_stop)
    try:
        await worker.run()
    finally:
        await db.dispose()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("--worker-id", default=None)
    parser.add_argument("--hostname", default=None)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--lease-s", type=float, default=2.0)
    parser.add_argument("--shutdown-timeout-s", type=float, default=5.0)
    parser.add_argument("--log-level", default="WARNING")
    arguments = parser.parse_args()
    configure_logging(arguments.log_level, "json")
    asyncio.run(main(arguments))
