"""Forms of the workshop design pages. Limits come from domain.workshop."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (BooleanField, DateField, EmailField, IntegerField, SelectField, StringField,
                     TextAreaField, TimeField)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp

from facilitator.domain import context
from facilitator.domain import workshop as rules
from facilitator.domain.roster import EMAIL
from facilitator.domain.workshop import Mode, PairKind, Role

LANGUAGE_CHOICES = [SelectChoice("fr", "Français"), SelectChoice("en", "English")]


class WorkshopForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(),
                                                 Length(max=rules.TITLE_MAX_LENGTH)])
    date = DateField(_l("Date"), validators=[Optional()])
    place = StringField(_l("Place"), validators=[Length(max=160)])
    language = SelectField(_l("Language of the workshop"), choices=LANGUAGE_CHOICES)
    mode = SelectField(_l("Mode"), choices=[
        SelectChoice(Mode.QUESTION.value,
                     _l("Question: every table treats the round's question")),
        SelectChoice(Mode.THEMES.value,
                     _l("Themes: each table keeps its theme, people visit themes"))])
    brief = TextAreaField(_l("Context and brief"), validators=[Length(max=5000)])
    etiquette = TextAreaField(_l("Café etiquette"),
                              validators=[Length(max=context.ETIQUETTE_MAX_LENGTH)])
    hold_notes = BooleanField(_l("Hold shared notes for the host's review before the table "
                                 "sees them"))
    participant_photos = BooleanField(_l("Participants may add photos of the tablecloth "
                                         "(hosts always can)"))
    starts_at = TimeField(_l("Starts at"), validators=[Optional()])
    ends_at = TimeField(_l("Ends at"), validators=[Optional()])
    rotation_minutes = IntegerField(_l("Move between rounds (min)"),
                                    default=rules.DEFAULT_ROTATION_MINUTES,
                                    validators=[DataRequired(), NumberRange(min=1, max=30)])
    plenary_minutes = IntegerField(_l("Plenary (min)"), default=rules.DEFAULT_PLENARY_MINUTES,
                                   validators=[DataRequired(),
                                               NumberRange(min=5, max=rules.MAX_PHASE_MINUTES)])


def _phase_field(label, phase: rules.Phase) -> IntegerField:
    return IntegerField(label, default=rules.DEFAULT_PHASE_MINUTES[phase],
                        validators=[DataRequired(),
                                    NumberRange(min=1, max=rules.MAX_PHASE_MINUTES)])


class NewWorkshopForm(WorkshopForm):
    """The essentials of a new workshop: its tables, its rounds and their phase lengths
    (questions are written on the Questions page, from the diagnostic's bank)."""
    tables = IntegerField(_l("Number of tables"), default=4,
                          validators=[DataRequired(), NumberRange(min=1, max=rules.MAX_TABLES)])
    rounds = IntegerField(_l("Number of rounds"), default=3,
                          validators=[DataRequired(), NumberRange(min=1, max=rules.MAX_ROUNDS)])
    reflection = _phase_field(_l("Individual reflection (min)"), rules.Phase.REFLECTION)
    sharing = _phase_field(_l("Sharing (min)"), rules.Phase.SHARING)
    discussion = _phase_field(_l("Discussion (min)"), rules.Phase.DISCUSSION)


class TableForm(FlaskForm):
    name = StringField(_l("Name"), validators=[Length(max=80)])
    theme = StringField(_l("Theme"), validators=[Length(max=200)])
    capacity = IntegerField(_l("Seats (optional)"),
                            validators=[Optional(), NumberRange(min=2, max=20)])


class TableCountForm(FlaskForm):
    count = IntegerField(_l("Number of tables"), validators=[DataRequired(),
                                                             NumberRange(min=1, max=40)])


class RoundForm(FlaskForm):
    question = TextAreaField(_l("Question"), validators=[Length(max=rules.QUESTION_MAX_LENGTH)])
    synthesizing = BooleanField(_l("Synthesizing round"))
    reflection = IntegerField(_l("Individual reflection (min)"),
                              default=rules.DEFAULT_PHASE_MINUTES[rules.Phase.REFLECTION],
                              validators=[DataRequired(),
                                          NumberRange(min=1, max=rules.MAX_PHASE_MINUTES)])
    sharing = IntegerField(_l("Sharing (min)"),
                           default=rules.DEFAULT_PHASE_MINUTES[rules.Phase.SHARING],
                           validators=[DataRequired(),
                                       NumberRange(min=1, max=rules.MAX_PHASE_MINUTES)])
    discussion = IntegerField(_l("Discussion (min)"),
                              default=rules.DEFAULT_PHASE_MINUTES[rules.Phase.DISCUSSION],
                              validators=[DataRequired(),
                                          NumberRange(min=1, max=rules.MAX_PHASE_MINUTES)])

    def validate_question(self, field):
        # A synthesizing round may stay blank: the workshop's suggested question fills it.
        if not self.synthesizing.data:
            DataRequired()(self, field)


class ParticipantForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(),
                                               Length(max=rules.NAME_MAX_LENGTH)])
    department = StringField(_l("Department"),
                             validators=[Length(max=rules.DEPARTMENT_MAX_LENGTH)])
    role = SelectField(_l("Role"), choices=[
        SelectChoice(Role.PARTICIPANT.value, _l("Participant")),
        SelectChoice(Role.HOST.value, _l("Host"))])
    email = EmailField(_l("Email (optional)"), validators=[Optional(), Length(max=254),
                                 Regexp(EMAIL, message=_l("This is not an email address."))])
    host_table = SelectField(_l("Hosts table"), coerce=int, default=0)


class RosterImportForm(FlaskForm):
    file = FileField(_l("Roster file (CSV)"), validators=[
        FileRequired(), FileAllowed(["csv", "txt", "tsv"], _l("Choose a .csv file."))])


class DuplicateForm(FlaskForm):
    tables = BooleanField(_l("Tables"), default=True)
    rounds = BooleanField(_l("Rounds and their questions"), default=True)
    roster = BooleanField(_l("Roster and pair rules"))
    diagnostic = BooleanField(_l("Diagnostic (imported feedback, stages, theme edits)"))


def _person_id(value) -> int | None:
    """A participant's id from a select whose first option (empty) chooses nobody."""
    return None if value in ("", None) else int(value)


class PairRuleForm(FlaskForm):
    """Two people of the roster kept apart; the view fills the choices, sorted by name."""
    first = SelectField(_l("First person"), coerce=_person_id, validate_choice=False)
    second = SelectField(_l("Second person"), coerce=_person_id, validate_choice=False)
    kind = SelectField(_l("Rule"), choices=[SelectChoice(PairKind.NEVER.value,
                                                         _l("Never together")),
                                            SelectChoice(PairKind.APART_FIRST_ROUND.value,
                                                         _l("Apart in round 1"))])


class ActionForm(FlaskForm):
    """A bare form for buttons that change something: it carries the CSRF token."""


class RehearsalForm(FlaskForm):
    speed = SelectField(_l("Speed"), coerce=int, default=40, choices=[
        SelectChoice(1, _l("Real time")), SelectChoice(10, _l("10 times faster")),
        SelectChoice(40, _l("40 times faster (a 20-minute round in 30 seconds)")),
        SelectChoice(120, _l("120 times faster"))])
    autopilot = BooleanField(_l("Autopilot: the rounds start and votes open by themselves"),
                             default=True)
