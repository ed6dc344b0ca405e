"""The `facilitator` console script: Flask's commands (run, db ...) plus ours.

Listing the commands does not build the app (which imports every module of it): every
command of the app's CLI is also declared here, so `facilitator --help` answers at once.
"""
from __future__ import annotations

import importlib
import sys

import click
from flask import current_app
from flask.cli import FlaskGroup, with_appcontext

# Commands written as plain click commands in facilitator/commands/.
DOMAIN_COMMANDS = ("facilitator.commands.rotate:rotate",
                   "facilitator.commands.diagnose:diagnose",
                   "facilitator.commands.deliverables:deliverables")
# Flask-Migrate's group imports Alembic (most of the start-up time): listed by its help,
# imported when called. tests/integration/test_cli.py keeps the help true.
DEFERRED = {"db": ("flask_migrate.cli:db", "Perform database migrations.")}


def _create_app():
    from facilitator import create_app

    return create_app()


class CommandLine(FlaskGroup):
    """Flask's group, whose listing comes from the commands declared on it (built-in,
    plugins, ours) instead of building the app; a command it lacks still reaches the
    app's CLI."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        self._load_plugin_commands()
        return sorted(click.Group.list_commands(self, ctx))

    def resolve_command(self, ctx: click.Context, args: list[str]):
        if args and args[0] in DEFERRED:
            self.add_command(_load(DEFERRED[args[0]][0]), args[0])  # the real one, now
        return super().resolve_command(ctx, args)


@click.group(cls=CommandLine, create_app=_create_app, add_version_option=False,
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
    from facilitator.services.demo import (DEMO_EMAIL, DEMO_PASSWORD, has_workshops,
                                           latest_open_workshop, seed_demo)

    if if_empty and has_workshops():
        workshop = latest_open_workshop()
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


def _commands() -> list[click.Command]:
    return [create_user, demo] + [_load(spec) for spec in DOMAIN_COMMANDS]


def _load(spec: str) -> click.Command:
    module_name, attr = spec.split(":")
    return getattr(importlib.import_module(module_name), attr)


def register(app) -> None:
    """Attach our commands to the app's CLI, so `flask --app` and `facilitator` agree."""
    for command in _commands():
        app.cli.add_command(command)


for _command in _commands():
    main.add_command(_command)
for _name, (_, _help) in DEFERRED.items():
    main.add_command(click.Command(_name, help=_help))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
