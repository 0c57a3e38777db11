"""CRUD declarations: saved search filters and filter groups (a person's own, or shared)."""

from __future__ import annotations

from tenko.core.access import ADMIN, MEMBER_IF_SCOPED, Policy, own
from tenko.core.resource import Resource, table_of
from tenko.core.scope import direct
from tenko.domains.search.models import SearchFilter, SearchFilterGroup

#: one's own filters, saved outside any project or in a project one is still in
OWN_FILTER = own() & MEMBER_IF_SCOPED

SEARCH_FILTERS = Resource(
    name="search-filters",
    table=table_of(SearchFilter),
    type_name="SearchFilter",
    policy=Policy.of(read=OWN_FILTER, write=OWN_FILTER, list=ADMIN),
    scope=direct(table_of(SearchFilter)),
)
SEARCH_FILTER_GROUPS = Resource(
    name="search-filter-groups",
    table=table_of(SearchFilterGroup),
    type_name="SearchFilterGroup",
    policy=Policy.of(read=OWN_FILTER, write=OWN_FILTER, list=ADMIN),
    scope=direct(table_of(SearchFilterGroup)),
)

RESOURCES = (SEARCH_FILTERS, SEARCH_FILTER_GROUPS)
