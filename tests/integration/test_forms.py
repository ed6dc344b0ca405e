"""Forms: choices are SelectChoice everywhere, as WTForms 3.4 requires (the suite refuses
tuples, tests/conftest.py, so every page that fills a select checks itself), and a page's
lengths are the domain's limits."""
import re

import pytest
from wtforms.fields.choices import SelectChoice

from facilitator.domain import actionplan as plan_rules
from facilitator.domain.workshop import Role
from facilitator.services import actionplan, roster, workshops as service
from facilitator.web.workshops.forms import PairRuleForm


def test_choices_given_as_tuples_are_refused(app):
    with app.test_request_context():
        form = PairRuleForm()
        with pytest.raises(TypeError, match="SelectChoice"):
            form.first.choices = [("", "Choose a person…")]
        form.first.choices = [SelectChoice("", "Choose a person…")]
        assert [choice.label for choice in form.first.iter_choices()] == ["Choose a person…"]


def test_roster_and_seating_pages_fill_their_selects_with_select_choices(signed_in, facilitator):
    workshop = service.create(facilitator, title="Café", language="en")
    service.set_table_count(workshop, 2)
    service.add_round(workshop, question="Q1?")
    roster.add(workshop, name="Ana Host", department="Sales", role=Role.HOST)
    roster.add(workshop, name="Bo Guest", department="IT")
    roster_page = signed_in.get(f"/workshops/{workshop.id}/roster")
    assert roster_page.status_code == 200 and "(choose automatically)" in roster_page.text
    seating_page = signed_in.get(f"/workshops/{workshop.id}/seating")
    assert seating_page.status_code == 200
    assert "Choose a person…" in seating_page.text and "Bo Guest" in seating_page.text


def test_the_action_plan_page_takes_its_lengths_from_the_domain(signed_in, facilitator):
    workshop = service.create(facilitator, title="Café", language="en")
    action = actionplan.add_action(workshop, solution_id=None, title="Call back", owner="Ana",
                                   due_date=None)
    actionplan.add_indicator(workshop, action.id, name="Delay", unit="days", source="manual",
                             baseline="4", target="2", due_date=None)
    page = signed_in.get(f"/workshops/{workshop.id}/action-plan").text
    lengths = {}
    for name, length in re.findall(r'<input[^>]* name="(\w+)"[^>]* maxlength="(\d+)"', page):
        lengths.setdefault(name, set()).add(int(length))
    limits = plan_rules.LIMITS
    assert lengths == {
        "title": {limits["title"]}, "owner": {limits["owner"]}, "name": {limits["name"]},
        "unit": {limits["unit"]}, "baseline": {limits["figure"]},
        "target": {limits["figure"]}, "value": {limits["figure"]},
        "comment": {limits["comment"]}}
