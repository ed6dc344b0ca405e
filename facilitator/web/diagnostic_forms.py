"""Forms of the diagnostic pages: upload, column mapping, stages, theme edits, questions."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    FieldList,
    Form,
    FormField,
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import CheckboxInput, ListWidget

from facilitator.domain import workshop as rules
from facilitator.domain.diagnostic.stages import MAX_DESCRIPTION, MAX_STAGES

NO_COLUMN = -1
THEME_NAME_LENGTH = 80
STAGE_NAME_LENGTH = 60


class ImportForm(FlaskForm):
    # No extension filter: the importer recognises CSV, TSV, XLSX and JSON by their content
    # and explains in one sentence what is wrong with anything else.
    file = FileField(_l("Feedback export (CSV, TSV, XLSX or JSON)"),
                     validators=[FileRequired(_l("Choose a file."))])


class MappingForm(FlaskForm):
    score = SelectField(_l("Score (0-10)"), coerce=int)
    comment = SelectField(_l("Comment"), coerce=int)
    date = SelectField(_l("Date"), coerce=int)
    segment = SelectField(_l("Segment (product, course, offer…)"), coerce=int)
    respondent = SelectField(_l("Respondent id (email, id…)"), coerce=int)

    FIELDS = ("score", "comment", "date", "segment", "respondent")

    def set_columns(self, header: list[str]) -> None:
        choices = [SelectChoice(NO_COLUMN, _l("(none)"))] + [
            SelectChoice(index, f"{index + 1}. {name or '—'}")
            for index, name in enumerate(header)]
        for name in self.FIELDS:
            getattr(self, name).choices = choices

    def mapping(self) -> dict[str, int | None]:
        return {name: (None if getattr(self, name).data == NO_COLUMN else getattr(self, name).data)
                for name in self.FIELDS}


class StageRow(Form):
    """One stage of the journey: a name, and what happens there in the customer's words."""

    key = HiddenField()
    name = StringField(_l("Stage"), validators=[Optional(), Length(max=STAGE_NAME_LENGTH)])
    description = TextAreaField(_l("What happens at this stage"),
                                validators=[Optional(), Length(max=MAX_DESCRIPTION)])


class StagesForm(FlaskForm):
    stages = FieldList(FormField(StageRow), min_entries=1, max_entries=MAX_STAGES)


class RenameForm(FlaskForm):
    old = HiddenField(validators=[DataRequired()])
    new = StringField(_l("New name"), validators=[DataRequired(),
                                                  Length(max=THEME_NAME_LENGTH)])


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class MergeForm(FlaskForm):
    sources = MultiCheckboxField(_l("Themes to merge"), validators=[DataRequired()])
    into = StringField(_l("Into the theme"), validators=[DataRequired(),
                                                         Length(max=THEME_NAME_LENGTH)])


class MoveForm(FlaskForm):
    theme = HiddenField(validators=[DataRequired()])
    stage = SelectField(_l("Stage"))


class QuestionForm(FlaskForm):
    question = TextAreaField(_l("Question"), validators=[
        DataRequired(), Length(max=rules.QUESTION_MAX_LENGTH)])
    kind = HiddenField()
