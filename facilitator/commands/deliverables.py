"""`facilitator deliverables CODE --out DIR`: the two PDFs and the exports of a workshop."""
from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext


@click.command("deliverables")
@click.argument("workshop_code")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False),
              help="Folder to write summary.pdf, detailed.pdf, data.json and the CSV files.")
@with_appcontext
def deliverables(workshop_code: str, out_dir: str) -> None:
    """Write the summary and detailed PDFs, and the JSON and CSV exports, of a workshop."""
    from sqlalchemy import select

    from facilitator.domain.deliverables import FontsMissingError, export_csv
    from facilitator.domain.workshop import normalise_join_code
    from facilitator.extensions import db
    from facilitator.models import Workshop
    from facilitator.services import deliverables as service

    workshop = db.session.scalar(select(Workshop).where(
        Workshop.join_code == normalise_join_code(workshop_code)))
    if workshop is None:
        raise click.ClickException(f"no workshop has the code {workshop_code!r}")
    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    try:
        report = service.build_report(workshop)
        from facilitator.domain import deliverables as compose
        files = {"summary.pdf": compose.build_summary_pdf(report),
                 "detailed.pdf": compose.build_detailed_pdf(report),
                 "data.json": compose.export_json(report).encode()}
        files.update({name: text.encode("utf-8-sig")
                      for name, text in export_csv(report).items()})
    except FontsMissingError as error:
        raise click.ClickException(str(error)) from error
    for name, content in files.items():
        (folder / name).write_bytes(content)
        click.echo(f"{folder / name}  ({len(content):,} bytes)")
