"""The calls of the routes the defaults cannot make (imported for their ``@case`` registrations)."""

from tests.contract import cases_breakdown, cases_people, cases_projects, cases_tasks

__all__ = ["cases_breakdown", "cases_people", "cases_projects", "cases_tasks"]
