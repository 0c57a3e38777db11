"""CRUD declarations: budgets and budget entries (salaries: managers of the project only)."""

from __future__ import annotations

from tenko.core.access import ADMIN, PROJECT_MANAGER, Policy
from tenko.core.resource import Resource, table_of
from tenko.core.scope import direct, via
from tenko.domains.budgets.models import BUDGET, BudgetEntry

BUDGETS = Resource(
    name="budgets",
    table=BUDGET,
    type_name="Budget",
    policy=Policy.of(read=PROJECT_MANAGER, write=PROJECT_MANAGER, list=ADMIN),
    scope=direct(BUDGET),
)
BUDGET_ENTRIES = Resource(
    name="budget-entries",
    table=table_of(BudgetEntry),
    type_name="BudgetEntry",
    policy=Policy.of(read=PROJECT_MANAGER, write=PROJECT_MANAGER, list=ADMIN),
    scope=via(table_of(BudgetEntry), ("budget_id", BUDGET.c.id), project=BUDGET.c.project_id),
)

RESOURCES = (BUDGETS, BUDGET_ENTRIES)
