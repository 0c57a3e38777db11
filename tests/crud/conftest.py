"""Fixtures of the CRUD suite: a record factory acting as the admin."""

from __future__ import annotations

import pytest

from tests.crud.factory import Factory
from tests.support import Api


@pytest.fixture(scope="session")
def factory(admin: Api) -> Factory:
    return Factory(admin)
