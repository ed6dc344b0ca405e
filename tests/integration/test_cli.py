"""The `facilitator` command line lists its commands without building the app."""
from __future__ import annotations

import subprocess
import sys

import click
from click.testing import CliRunner

from facilitator import cli


def test_help_lists_every_command_of_the_app(app):
    listed = cli.main.list_commands(click.Context(cli.main))
    assert set(app.cli.list_commands(None)) <= set(listed)
    assert {"run", "db", "demo", "create-user", "rotate", "diagnose", "deliverables"} <= \
        set(listed)


def test_help_does_not_build_the_app():
    code = ("import sys; from facilitator import cli; from click.testing import CliRunner;"
            "result = CliRunner().invoke(cli.main, ['--help']); assert result.exit_code == 0;"
            "assert 'Perform database migrations.' in result.output;"
            "heavy = {'alembic', 'reportlab', 'facilitator.models', 'facilitator.web'};"
            "print(sorted(heavy & set(sys.modules)))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True).stdout.strip()
    assert loaded == "[]"


def test_a_deferred_command_keeps_its_own_help_and_runs():
    from flask_migrate.cli import db

    for name, (_, short_help) in cli.DEFERRED.items():
        assert short_help == cli._load(cli.DEFERRED[name][0]).help.splitlines()[0]
    result = CliRunner().invoke(cli.main, ["db", "--help"])
    assert result.exit_code == 0 and "upgrade" in result.output
    assert cli.main.commands["db"] is db
