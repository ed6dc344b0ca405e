"""The checklist a facilitator sees before the workshop can go live."""
import pytest

from facilitator.domain.workshop import Role, Status
from facilitator.services import UserError, roster, workshops as service


@pytest.fixture
def workshop(facilitator):
    return service.create(facilitator, title="Café")


def blocking(workshop):
    return {(c.code, tuple(sorted(c.params.items())) if c.code.startswith("table") else ())
            for c in service.readiness(workshop) if c.blocking and not c.ok}


def test_an_empty_workshop_lists_what_is_missing(workshop):
    codes = {code for code, _ in blocking(workshop)}
    assert codes == {"tables", "rounds", "questions"}
    with pytest.raises(UserError):
        service.mark_ready(workshop)


def test_the_checklist_names_the_table_that_lacks_a_host(workshop, signed_in):
    service.set_table_count(workshop, 3)
    service.add_round(workshop, question="What works?")
    roster.add(workshop, name="H1", role=Role.HOST)
    roster.add(workshop, name="H2", role=Role.HOST)
    missing = [c for c in service.readiness(workshop) if c.code == "table_without_host"]
    assert [c.params["table"] for c in missing] == [3]
    page = signed_in.get(f"/workshops/{workshop.id}", headers={"Accept-Language": "en"})
    assert "Table 3 has no host" in page.get_data(as_text=True)  # not "Table 3 (Table 3)"


def test_two_hosts_at_one_table_block(workshop):
    service.set_table_count(workshop, 1)
    service.add_round(workshop, question="Q?")
    table = workshop.tables[0]
    roster.add(workshop, name="H1", role=Role.HOST, host_table=table)
    roster.add(workshop, name="H2", role=Role.HOST, host_table=table)
    codes = {c.code for c in service.readiness(workshop) if not c.ok and c.blocking}
    assert codes == {"table_with_hosts"}


def test_ready_when_every_table_has_one_host_and_every_round_a_question(workshop):
    service.set_table_count(workshop, 2)
    service.add_round(workshop, question="Q?")
    for name in ("H1", "H2"):
        roster.add(workshop, name=name, role=Role.HOST)
    for i in range(6):
        roster.add(workshop, name=f"P{i}")
    service.mark_ready(workshop)
    assert workshop.status is Status.READY
    warnings = {c.code for c in service.readiness(workshop) if not c.ok}
    assert warnings == {"people_range"}  # 8 people: a warning, never a block


def test_an_edit_that_breaks_readiness_returns_to_draft(workshop):
    service.set_table_count(workshop, 1)
    service.add_round(workshop, question="Q?")
    host = roster.add(workshop, name="H", role=Role.HOST)
    service.mark_ready(workshop)
    roster.remove(workshop, host)
    assert workshop.status is Status.DRAFT


def test_warnings_outside_twelve_to_fifty_people_and_four_to_eight_seats(workshop):
    service.set_table_count(workshop, 2)
    for i in range(20):
        roster.add(workshop, name=f"P{i}")
    checks = {c.code: c for c in service.readiness(workshop)}
    assert checks["people_range"].ok
    assert not checks["seats_range"].ok and not checks["seats_range"].blocking
    assert checks["seats_range"].params["suggested"] == 3
