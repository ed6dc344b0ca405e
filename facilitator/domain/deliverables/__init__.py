"""Deliverables of a workshop composed from plain data: three PDFs (ReportLab) and exports.

``build_summary_pdf`` and ``build_detailed_pdf`` take a :class:`WorkshopReport`,
``build_action_plan_pdf`` an ``ActionPlanReport`` (domain.actionplan), each with the gettext
of the workshop's language (a Babel catalogue's, given by the caller); ``export_json`` and
``export_csv`` give the same data as text.
"""

from .actionplan import build_action_plan_pdf
from .data import WorkshopReport, sample_report
from .detailed import build_detailed_pdf
from .exports import export_csv, export_json
from .fonts import FontsMissingError
from .summary import build_summary_pdf

__all__ = [
    "FontsMissingError",
    "WorkshopReport",
    "build_action_plan_pdf",
    "build_detailed_pdf",
    "build_summary_pdf",
    "export_csv",
    "export_json",
    "sample_report",
]
