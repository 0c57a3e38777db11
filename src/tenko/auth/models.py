"""Tables tenko adds to the reference data model."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, String
from sqlalchemy.orm import Mapped, mapped_column

from tenko.core.model import Base, table_of


class RevokedToken(Base):
    """A logged-out token id, refused until it would have expired anyway.

    Also the auth layer's other keys that expire: a person's session cutoffs (``person:...``,
    see ``tokens.cutoff_key``) and the login unlock marks (``unlock:...``, see ``throttle``).

    Kept in the database (not in a worker's memory) so that a revocation holds across
    restarts and across workers; the reference server keeps these in its key-value store.
    """

    __tablename__ = "revoked_token"

    jti: Mapped[str] = mapped_column(String(64), primary_key=True)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(), nullable=False, index=True)


#: the tables of this module, built once: every other module imports these
REVOKED_TOKEN = table_of(RevokedToken)
