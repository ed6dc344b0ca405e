"""Forms of the action plan pages: an action, an indicator, a dated value, a follow-up
import. Limits come from domain.actionplan; numbers are parsed by the service, which
accepts a decimal comma."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, IntegerField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from facilitator.domain import actionplan as rules

DATE_ERROR = _l("Type a date such as 2027-03-31.")


def _date(label, required: bool = False) -> DateField:
    validators = [DataRequired(DATE_ERROR)] if required else [Optional()]
    return DateField(label, validators=validators,
                     render_kw={"min": "2000-01-01", "max": "2100-12-31"})


class ActionForm(FlaskForm):
    solution_id = IntegerField(validators=[Optional()])
    title = StringField(_l("Action"), validators=[Length(max=rules.TITLE_MAX)])
    owner = StringField(_l("Owner"), validators=[Length(max=rules.OWNER_MAX)])
    due_date = _date(_l("Due date"))
    status = SelectField(_l("Status"), choices=[SelectChoice(s, s) for s in rules.STATUSES])


class IndicatorForm(FlaskForm):
    name = StringField(_l("Indicator"), validators=[Length(max=rules.NAME_MAX)])
    unit = StringField(_l("Unit"), validators=[Length(max=rules.UNIT_MAX)])
    source = StringField(_l("Source"), validators=[Length(max=260)])
    baseline = StringField(_l("Baseline"), validators=[Length(max=40)])
    target = StringField(_l("Target"), validators=[Length(max=40)])
    due_date = _date(_l("Due date"))


class ValueForm(FlaskForm):
    measured_on = _date(_l("Date"), required=True)
    value = StringField(_l("Value"), validators=[Length(max=40)])
    comment = StringField(_l("Comment"), validators=[Length(max=500)])


class FollowUpForm(FlaskForm):
    file = FileField(_l("Feedback export (CSV, TSV, XLSX or JSON)"),
                     validators=[FileRequired(_l("Choose a file."))])
    measured_on = _date(_l("Date the feedback was collected"), required=True)
