"""The `facilitator` console script: Flask's commands (run, db ...) plus ours."""
from __future__ import annotations

import importlib
import sys

import click
from flask import current_app
from flask.cli import FlaskGroup, with_appcontext
from sqlalchemy import select

# Commands written as plain click commands in facilitator/commands/.
DOMAIN_COMMANDS = ("facilitator.commands.rotate:rotate",
                   "facilitator.commands.diagnose:diagnose",
                   "facilitator.commands.deliverables:deliverables")


def _create_app():
    from facilitator import create_app

    return create_app()


@click.group(cls=FlaskGroup, create_app=_create_app, add_version_option=False,
             load_dotenv=False)
def main() -> None:
    """Run World Café workshops: design, diagnostic, live rounds, deliverables."""


@click.command("create-user")
@click.argument("email")
@click.option("--name", default="", help="The facilitator's display name.")
@click.password_option(help="The password (asked twice when not given).")
@with_appcontext
def create_user(email: str, name: str, password: str) -> None:
    """Create a facilitator account, or reset the password of an existing one."""
    from facilitator.services.accounts import AccountError, create_or_reset

    try:
        user, created = create_or_reset(email, password, name)
    except AccountError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"{'Created' if created else 'Updated'} facilitator {user.email}.")


@click.command("demo")
@click.option("--if-empty", is_flag=True, help="Only seed when the database has no workshop.")
@with_appcontext
def demo(if_empty: bool) -> None:
    """Seed the demo workshop and print the facilitator login and the join link."""
    from facilitator.domain.workshop import OPEN_STATUSES
    from facilitator.extensions import db
    from facilitator.models import Workshop
    from facilitator.services.demo import DEMO_EMAIL, DEMO_PASSWORD, has_workshops, seed_demo

    if if_empty and has_workshops():
        workshop = db.session.scalar(select(Workshop).where(
            Workshop.status.in_(OPEN_STATUSES)).order_by(Workshop.id.desc()))
        click.echo("The database already has workshops; the demo was not seeded again.")
        if workshop is None:
            click.echo("No workshop is open for joining.")
            return
    else:
        workshop = seed_demo()
        click.echo(f"Seeded the demo workshop \"{workshop.title}\".")
    base = (current_app.config.get("BASE_URL") or _local_base()).rstrip("/")
    click.echo("")
    click.echo(f"  Facilitator sign-in: {base}/login")
    click.echo(f"    email:    {DEMO_EMAIL}")
    click.echo(f"    password: {DEMO_PASSWORD}")
    click.echo(f"  Join link for participants: {base}/j/{workshop.join_code}"
               f"  (code {workshop.join_code})")
    click.echo("")


def _local_base() -> str:
    import os

    return f"http://{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '5000')}"


def register(app) -> None:
    """Attach our commands to the app's CLI, so `flask --app` and `facilitator` agree."""
    for command in (create_user, demo):
        app.cli.add_command(command)
    for spec in DOMAIN_COMMANDS:
        module_name, attr = spec.split(":")
        app.cli.add_command(getattr(importlib.import_module(module_name), attr))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
