"""`facilitator diagnose FILE`: the feedback diagnostic from the command line.

A thin adapter: read the file, call the pure domain, print JSON or a short report.
"""
from __future__ import annotations

import json
from pathlib import Path

import click

from facilitator.domain.diagnostic import (
    Diagnostic,
    FeedbackFileError,
    detect_language,
    diagnose as run_diagnostic,
    load_feedback,
    parse_stages,
    stage_label,
    text,
)

_SHOWN_REJECTIONS = 20


@click.command("diagnose")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--stages", "stages_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Journey stages file: one 'stage: description' per line.")
@click.option("--lang", "language", type=click.Choice(["fr", "en"]), default=None,
              help="Language of the comments, and so of reasons and questions "
                   "(detected from the comments when omitted).")
@click.option("--json", "as_json", is_flag=True, help="Print the diagnostic as JSON.")
def diagnose(file: Path, stages_file: Path | None, language: str | None, as_json: bool) -> None:
    """Diagnose an NPS feedback export (CSV, TSV, XLSX or JSON)."""
    messages = language or "en"
    try:
        stages = parse_stages(_read_text(stages_file)) if stages_file else None
        imported = load_feedback(file.read_bytes(), filename=file.name)
        if not imported.responses:
            raise FeedbackFileError("no_valid_response", rejected=len(imported.rejected))
    except FeedbackFileError as error:
        raise click.ClickException(error.message(messages)) from error
    except OSError as error:
        raise click.ClickException(str(error)) from error
    language = language or detect_language(imported.responses)
    result = run_diagnostic(imported, stages=stages, language=language,
                            comments_language=language)
    if as_json:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(render_report(result))


def _lines(numbers: tuple[int, ...], shown: int = 12) -> str:
    """"2, 5, 7-9, ..." : runs of consecutive lines folded, the rest counted."""
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    parts = [f"{r[0]}-{r[-1]}" if len(r) > 2 else ", ".join(map(str, r)) for r in runs]
    return ", ".join(parts[:shown]) + (f", \u2026 (+{len(parts) - shown})" if len(parts) > shown else "")


def _read_text(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _percent(share: float, lang: str) -> str:
    # A whole percentage in the language's typography; apart from the sentence, so that no
    # catalogue entry holds "% o" that gettext's checker would take for a "%o" placeholder.
    return text("report.percent", lang, value=100 * share)


def render_report(result: Diagnostic) -> str:
    """A plain-text report, in the diagnostic's language."""
    lang, summary = result.language, result.summary
    lines = [text("report.title", lang), "",
             text("report.responses", lang, n=summary.n, rejected=len(result.rejected)),
             text("report.nps", lang, nps=summary.nps, moe=summary.margin_of_error,
                  p=summary.promoters, pa=summary.passives, d=summary.detractors)]
    lines += result.warnings()
    if result.rejected:
        lines += ["", text("report.rejected", lang)]
        lines += ["  " + text("report.line", lang, line=r.line, reason=r.reason(lang))
                  for r in result.rejected[:_SHOWN_REJECTIONS]]
        if len(result.rejected) > _SHOWN_REJECTIONS:
            lines.append("  " + text("report.more", lang, n=len(result.rejected) - _SHOWN_REJECTIONS))
    lines += ["", text("report.themes", lang)]
    for theme in result.themes:
        lines.append("  " + text("report.theme", lang, name=theme.name,
                                 stage=stage_label(theme.stage, lang), count=theme.count,
                                 nps=theme.nps, rate=_percent(theme.detractor_rate, lang),
                                 share=_percent(theme.detractor_share, lang)))
        lines.append("      " + text("report.lines", lang, lines=_lines(theme.lines)))
        lines += [f"      \u201c{quote}\u201d" for quote in theme.verbatims[:2]]
    lines += ["", text("report.questions", lang)]
    lines += [f"  {index}. {q.text}" for index, q in enumerate(result.questions, start=1)]
    return "\n".join(lines)
