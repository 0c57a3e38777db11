"""Hand-written task routes of the foundation: reordering task types."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(tags=["tasks"])
