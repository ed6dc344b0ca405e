"""The domain's one translation mechanism: English texts, a gettext per language given by
the app (Babel's catalogues, services/translations.py), no dictionary of its own."""
import subprocess
import sys
from pathlib import Path

import pytest

from facilitator.domain import context, i18n, plenary
from facilitator.domain.diagnostic import stage_label, text
from facilitator.services import translations

FEEDBACK = Path(__file__).parents[1] / "fixtures" / "feedback"


@pytest.fixture
def no_catalogues():
    i18n.use_catalogues(lambda language: i18n.english, ("en",))
    yield
    translations.install()


def test_without_catalogues_the_domain_speaks_english(no_catalogues):
    assert plenary.channel_label("web", "fr") == "Website"
    assert stage_label("purchase", "fr") == "Purchase & enrolment"
    assert context.etiquette_items("", "fr")[4]["title"] == "Have fun"


def test_the_catalogues_give_the_domain_its_french():
    assert plenary.channel_label("web", "fr") == "Site web"
    assert plenary.channel_label("web", "en") == "Website"
    assert plenary.channel_label("Une idée à nous", "fr") == "Une idée à nous"
    assert stage_label("purchase", "fr") == "Achat et inscription"
    assert text("reject.duplicate", "fr", line=4) == "doublon de la ligne 4"
    assert text("file.bad_json", "en").endswith('{"responses": [...]}.')


def test_a_language_without_a_catalogue_reads_english():
    assert translations.gettext_for("de")("Website") == "Website"
    assert i18n.gettext_for("de")("Website") == "Website"


def test_the_diagnose_command_speaks_french_without_the_app():
    """A fresh process, as from a shell, with no app: the package gave the domain its
    catalogues when it was imported. (English, the texts themselves, needs none.)"""
    sample = FEEDBACK / "surveymonkey.csv"
    found = subprocess.run(
        [sys.executable, "-c", "from facilitator.cli import main; main()", "diagnose",
         str(sample), "--lang", "fr"], capture_output=True, text=True, check=True).stdout
    assert found.splitlines()[0] == "Diagnostic des retours clients"
    assert "Questions suggérées" in found
