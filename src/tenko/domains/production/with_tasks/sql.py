"""Columns read straight in their JSON text form, so bulk reads build no Python UUID or datetime.

``id_text(column)``: a UUID as its canonical ``8-4-4-4-12`` string. ``datetime_text(column)``:
the API's ``YYYY-MM-DDTHH:MM:SS``. Both keep NULL as NULL. PostgreSQL formats them in SQL;
SQLite stores them as text already (32 hex digits, ``YYYY-MM-DD HH:MM:SS.ffffff``), which a
string slice reshapes far faster than SQLite's own string functions would.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, DateTime, String, Uuid
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement


def _dashed(value: str | None) -> str | None:
    if value is None or len(value) != 32:
        return value
    return f"{value[:8]}-{value[8:12]}-{value[12:16]}-{value[16:20]}-{value[20:]}"


def _iso(value: str | None) -> str | None:
    return value if value is None else f"{value[:10]}T{value[11:19]}"


class _SqliteText(String):
    """A string that SQLite hands back in its stored form, to be reshaped on the way out."""

    reshape: Any = None
    cache_ok = True

    def result_processor(self, dialect: Dialect, coltype: object) -> Any:
        return type(self).reshape if dialect.name == "sqlite" else None


class _IdText(_SqliteText):
    reshape = staticmethod(_dashed)


class _DatetimeText(_SqliteText):
    reshape = staticmethod(_iso)


class id_text(FunctionElement[Any]):
    type = _IdText()
    inherit_cache = True
    name = "id_text"


class datetime_text(FunctionElement[Any]):
    type = _DatetimeText()
    inherit_cache = True
    name = "datetime_text"


def _argument(element: FunctionElement[Any], compiler: SQLCompiler, **kw: Any) -> str:
    return str(compiler.process(next(iter(element.clauses)), **kw))


@compiles(id_text)
def _id_text_default(element: id_text, compiler: SQLCompiler, **kw: Any) -> str:
    return f"CAST({_argument(element, compiler, **kw)} AS TEXT)"


@compiles(id_text, "sqlite")
@compiles(datetime_text, "sqlite")
def _stored_text_sqlite(element: FunctionElement[Any], compiler: SQLCompiler, **kw: Any) -> str:
    return _argument(element, compiler, **kw)


@compiles(datetime_text)
def _datetime_text_default(element: datetime_text, compiler: SQLCompiler, **kw: Any) -> str:
    return f"to_char({_argument(element, compiler, **kw)}, 'YYYY-MM-DD\"T\"HH24:MI:SS')"


def as_text(column: Any) -> Any:
    """The column in its JSON form when it is a UUID or a datetime, else unchanged."""
    if isinstance(column.type, Uuid):
        return id_text(column)
    if isinstance(column.type, DateTime):
        return datetime_text(column)
    return column


def texts(*columns: Any) -> tuple[ColumnElement[Any], ...]:
    return tuple(as_text(column) for column in columns)
