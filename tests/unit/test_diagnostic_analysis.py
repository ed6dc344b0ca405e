"""NPS figures, themes against labelled fixtures, theme edits, question bank, CLI."""
import json
import math
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from facilitator.commands.diagnose import diagnose as diagnose_command
from facilitator.domain.diagnostic import (
    CATALOG,
    FeedbackFileError,
    MergeThemes,
    MoveResponse,
    MoveTheme,
    Question,
    RenameTheme,
    Response,
    ThemeEditError,
    check_questions,
    diagnose,
    edit_from_dict,
    format_stages,
    load_feedback,
    margin_of_error,
    parse_stages,
    split_clauses,
    summarise_scores,
    text,
    themes_of_response,
)

FIXTURES = Path(__file__).parents[1] / "fixtures" / "feedback"
LABELS = json.loads((FIXTURES / "labels.json").read_text(encoding="utf-8"))
# A discovered theme is named after its commonest spelling, in whichever language.
SAME_THEME = {"subtitles": "sous-titres"}


def analysed(name: str, **options):
    imported = load_feedback((FIXTURES / name).read_bytes(), filename=name)
    return imported, diagnose(imported, language="fr", **options)


def test_nps_and_margin_of_error_follow_the_documented_formula():
    summary = summarise_scores([10] * 20 + [8] * 10 + [3] * 10)
    assert summary.nps == 25.0
    p, d, n = 0.5, 0.25, 40
    assert summary.margin_of_error == pytest.approx(1.96 * math.sqrt((p + d - (p - d) ** 2) / n) * 100)
    assert summary.margin_of_error_adjusted == pytest.approx(margin_of_error(20.75, 10.75, 43))
    assert summary.distribution[10] == 20 and summary.small_sample is False
    assert summarise_scores([9, 3]).small_sample


@pytest.mark.parametrize("name", sorted(LABELS))
def test_reported_nps_is_exact(name):
    _, result = analysed(name)
    payload = result.to_dict()
    expected = LABELS[name]
    for key in ("responses", "promoters", "passives", "detractors", "nps"):
        assert payload[key] == expected[key], key


def test_json_output_has_the_documented_shape():
    _, result = analysed("excel_fr_cp1252.csv")
    payload = json.loads(json.dumps(result.to_dict()))
    assert {"responses", "rejected", "nps", "margin_of_error", "promoters", "passives",
            "detractors", "themes", "suggested_questions"} <= payload.keys()
    theme = payload["themes"][0]
    assert {"name", "stage", "count", "nps", "detractor_share", "verbatims"} <= theme.keys()
    assert {"text", "stage", "theme", "kind"} <= payload["suggested_questions"][0].keys()
    assert payload["by_month"] and payload["by_segment"]


def test_theme_figures_and_detractor_share():
    _, result = analysed("excel_fr_cp1252.csv")
    platform = result.themes[0]
    assert platform.stage != "unassigned"
    assert platform.count == platform.promoters + platform.passives + platform.detractors
    assert platform.nps == pytest.approx(100 * (platform.promoters - platform.detractors) / platform.count)
    assert platform.detractor_share == pytest.approx(platform.detractors / result.summary.detractors)
    assert 1 <= len(platform.verbatims) <= 3


def test_mixed_comment_is_split_into_praise_and_irritant():
    clauses = split_clauses("Les formateurs sont compétents mais la plateforme est inutilisable.", "detractor")
    assert clauses == [("Les formateurs sont compétents", "positive"),
                       ("la plateforme est inutilisable", "negative")]
    clauses = split_clauses("La plateforme plante mais les formateurs sont top", "detractor")
    assert [polarity for _, polarity in clauses] == ["negative", "positive"]
    assert split_clauses("Pas terrible.", "passive") == [("Pas terrible", "negative")]


def test_irritants_and_praise_per_stage():
    _, result = analysed("surveymonkey.csv")
    assert any(stage.irritants for stage in result.stages)
    assert any(stage.praise for stage in result.stages)
    for stage in result.stages:
        assert all(finding.count >= 1 and finding.verbatims for finding in
                   (*stage.irritants, *stage.praise))


def test_edits_rename_merge_and_move_recompute_figures():
    _, before = analysed("qualtrics_utf16.tsv")
    counts = {t.name: t.count for t in before.themes}
    first, second, third = (t.name for t in before.themes[:3])
    edits = [
        MergeThemes((first, second), into="expérience d’apprentissage"),
        RenameTheme(third, "accessibilité"),
        MoveTheme("accessibilité", "use"),
    ]
    _, after = analysed("qualtrics_utf16.tsv", edits=edits)
    themes = {t.name: t for t in after.themes}
    merged = themes["expérience d’apprentissage"]
    assert max(counts[first], counts[second]) <= merged.count <= counts[first] + counts[second]
    assert themes["accessibilité"].stage == "use"
    assert themes["accessibilité"].count == counts[third]
    assert after.summary == before.summary


def test_moving_one_response_to_a_theme():
    imported, result = analysed("broken_rows.csv")
    line_13 = next(r for r in imported.responses if r.line == 13)
    moved = diagnose(imported, language="fr",
                     edits=[MoveResponse(line_13.content_hash, "stabilité", stage="use")])
    stability = next(t for t in moved.themes if t.name == "stabilité")
    assert (stability.count, stability.detractors, stability.stage) == (1, 1, "use")
    with pytest.raises(ThemeEditError):
        diagnose(imported, edits=[RenameTheme("nope", "x")])
    assert edit_from_dict({"edit": "merge", "sources": ["a"], "into": "b"}) == MergeThemes(("a",), "b")


def test_stages_file_replaces_the_defaults():
    stages = parse_stages((FIXTURES / "stages.txt").read_text(encoding="utf-8"))
    assert [s.name for s in stages] == ["inscription", "apprentissage", "aide", "fin de parcours"]
    assert parse_stages(format_stages(stages)) == stages
    imported, result = analysed("excel_fr_cp1252.csv", stages=stages)
    placed = {t.stage for t in result.themes}
    assert placed <= {s.name for s in stages} | {"unassigned"}
    assert "aide" in placed and "apprentissage" in placed
    with pytest.raises(FeedbackFileError) as error:
        parse_stages("just words\n")
    assert error.value.code == "bad_stages"


def test_suggested_questions_progress_and_stay_short():
    _, result = analysed("excel_fr_cp1252.csv")
    kinds = [q.kind for q in result.questions]
    assert kinds[0] == "best_practice" and "solution" in kinds
    assert {"work_stream", "mobile_app", "relationship_marketing", "value_added_services"} <= set(kinds)
    assert result.question_warnings == []
    assert all(len(q.text) < 200 and q.verbatims for q in result.questions)
    english = diagnose(load_feedback((FIXTURES / "utf8_bom.csv").read_bytes()), language="en")
    first = english.questions[0]
    assert first.theme in first.text and "best practices" in first.text


def test_check_questions_warns_about_length_and_order():
    questions = [
        Question("Quelles solutions ?", "use", "plateforme", "solution"),
        {"text": "Quelles bonnes pratiques ?", "kind": "best_practice"},
        {"text": "x" * 201, "kind": "work_stream"},
    ]
    warnings = check_questions(questions)
    assert [(w.index, w.code) for w in warnings] == [(2, "regression"), (3, "too_long")]
    assert "201" in warnings[1].message("fr")


def test_every_text_exists_in_both_languages():
    """English is the text itself; French comes from the Babel catalogue, filled for each."""
    from babel.messages.pofile import read_po

    from facilitator.services.translations import TRANSLATIONS

    with (TRANSLATIONS / "fr" / "LC_MESSAGES" / "messages.po").open("rb") as po:
        french = read_po(po, locale="fr")
    untranslated = [key for key, msgid in CATALOG.items()
                    if french.get(msgid) is None or not french.get(msgid).string
                    or french.get(msgid).fuzzy]
    assert untranslated == []
    assert text("file.too_many_rows", "fr", limit=5) == \
        "Le fichier d\u00e9passe 5 r\u00e9ponses\u00a0: d\u00e9coupez-le."
    assert text("file.too_many_rows", "en", limit=5) == "The file has more than 5 responses; split it."


def test_responses_without_dates_or_segments_have_no_trend():
    result = diagnose([Response(line=2, score=9, comment="Top", content_hash="a")])
    assert result.by_month == [] and result.by_segment == []
    dated = diagnose([Response(line=2, score=9, date=date(2024, 3, 1), segment="A", content_hash="a")])
    assert dated.by_month[0].key == "2024-03" and dated.by_segment[0].key == "A"


def test_cli_prints_json_and_report():
    runner = CliRunner()
    result = runner.invoke(diagnose_command, [str(FIXTURES / "broken_rows.csv"), "--json", "--lang", "en"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload["nps"] == 0.0 and payload["responses"] == 7
    assert payload["rejected"][0] == {"line": 3, "reason": "score 11 outside 0-10",
                                      "code": "score_out_of_range",
                                      "messages": payload["rejected"][0]["messages"]}
    report = runner.invoke(diagnose_command, [str(FIXTURES / "excel_fr_cp1252.csv"),
                                              "--stages", str(FIXTURES / "stages.txt")])
    assert report.exit_code == 0 and "NPS +25.0" in report.output


def test_cli_bad_file_exits_non_zero_with_one_line(tmp_path):
    legacy = tmp_path / "old.xls"
    legacy.write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 100)
    result = CliRunner().invoke(diagnose_command, [str(legacy), "--lang", "en"])
    assert result.exit_code != 0
    assert result.output.strip().count("\n") == 0 and ".xls" in result.output
