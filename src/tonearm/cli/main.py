"""``tonearm``: serve, worker, migrate, doctor, apikey, emulate, demo, version."""

from __future__ import annotations

import typer

from tonearm import __version__
from tonearm.cli import apikey, demo, doctor, emulate, jobs, reference, serve

app = typer.Typer(
    name="tonearm",
    help="Self-hosted music automation hub.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command("serve")(serve.serve)
app.command("worker")(serve.worker)
app.command("migrate")(serve.migrate)
app.command("doctor")(doctor.doctor)
app.command("demo")(demo.demo)
app.command("openapi")(reference.openapi)
app.command("config-reference")(reference.config_reference)
app.add_typer(apikey.app, name="apikey")
app.add_typer(emulate.app, name="emulate")
app.add_typer(jobs.app, name="jobs")


@app.command("version")
def version() -> None:
    """Print Tonearm's version."""
    typer.echo(__version__)
