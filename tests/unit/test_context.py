"""The lobby's context: the café etiquette's defaults and parsing, the slide sequence."""
from facilitator.domain import context


def test_the_default_etiquette_has_the_five_principles_in_both_languages():
    for language in ("fr", "en"):
        items = context.etiquette_items("", language)
        assert len(items) == 5 and all(i["title"] and i["detail"] for i in items)
    assert context.etiquette_items("", "en")[0]["title"] == "Focus on what matters"
    assert context.etiquette_items("", "fr")[4]["title"] == "Amusez-vous"


def test_a_custom_etiquette_is_one_principle_per_line_with_an_optional_explanation():
    text = "\n  - Phones face down: we listen  \n\nOne voice at a time\nBe kind — always\n"
    assert context.etiquette_items(text, "en") == [
        {"title": "Phones face down", "detail": "We listen"},
        {"title": "One voice at a time", "detail": ""},
        {"title": "Be kind", "detail": "Always"}]


def test_the_etiquette_keeps_at_most_ten_lines():
    text = "\n".join(f"Rule {n}" for n in range(15))
    assert len(context.etiquette_items(text, "fr")) == context.ETIQUETTE_MAX_ITEMS


def test_the_default_text_is_stored_empty_so_it_follows_the_language():
    assert context.stored_etiquette(context.default_etiquette("fr") + "\n", "en") == ""
    assert context.stored_etiquette("  Be brief \n", "fr") == "Be brief"


def test_slides_offer_the_purpose_and_figures_only_when_there_are_some():
    assert context.available_slides(has_purpose=False, has_figures=False) == ["join",
                                                                              "etiquette"]
    assert context.available_slides(has_purpose=True, has_figures=True) == list(context.SLIDES)
