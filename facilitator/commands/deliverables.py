"""`facilitator deliverables CODE --out DIR`: the three PDFs and the exports of a workshop."""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import click
from flask.cli import with_appcontext


@click.command("deliverables")
@click.argument("workshop_code")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False),
              help="Folder to write summary.pdf, detailed.pdf, action-plan.pdf, data.json, "
                   "the CSV files and action-plan.ics.")
@with_appcontext
def deliverables(workshop_code: str, out_dir: str) -> None:
    """Write the summary, detailed and action plan PDFs, and the exports, of a workshop."""
    from facilitator.domain.deliverables import FontsMissingError
    from facilitator.services import deliverables as service

    workshop = service.by_code(workshop_code)
    if workshop is None:
        raise click.ClickException(f"no workshop has the code {workshop_code!r}")
    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    try:
        files = service.all_files(workshop, datetime.now(timezone.utc))
    except FontsMissingError as error:
        raise click.ClickException(str(error)) from error
    for name, content in files.items():
        (folder / name).write_bytes(content)
        click.echo(f"{folder / name}  ({len(content):,} bytes)")
