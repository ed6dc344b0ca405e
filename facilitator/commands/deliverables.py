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
    from sqlalchemy import select

    from facilitator.domain.deliverables import FontsMissingError, export_csv
    from facilitator.domain.workshop import normalise_join_code
    from facilitator.extensions import db
    from facilitator.models import Workshop
    from facilitator.domain import actionplan as plan_rules
    from facilitator.services import actionplan
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
        plan = actionplan.report(workshop)
        files["action-plan.pdf"] = compose.build_action_plan_pdf(plan)
        files["action-plan.csv"] = plan_rules.export_csv(plan).encode("utf-8-sig")
        files["action-plan.json"] = plan_rules.export_json(plan).encode()
        files["action-plan.ics"] = actionplan.ical(plan, datetime.now(timezone.utc)).encode()
        files.update({name: text.encode("utf-8-sig")
                      for name, text in export_csv(report).items()})
    except FontsMissingError as error:
        raise click.ClickException(str(error)) from error
    for name, content in files.items():
        (folder / name).write_bytes(content)
        click.echo(f"{folder / name}  ({len(content):,} bytes)")
