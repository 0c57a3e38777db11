"""Attachment files of comments: stored under ``settings.files_dir``, one ``attachment_file`` row each."""

from __future__ import annotations

import mimetypes
import uuid
from collections.abc import Iterable
from pathlib import Path, PurePath

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import UploadFile

from tenko.core.errors import BadRequest
from tenko.core.resource import Row
from tenko.core.types import new_id, utc_now
from tenko.domains.comments.models import ATTACHMENT_FILE

CHUNK = 1024 * 1024


def attachment_path(files_dir: Path, attachment_id: uuid.UUID) -> Path:
    """Where an attachment's bytes live (sharded by the first characters of its id)."""
    text = str(attachment_id)
    return files_dir / "attachments" / text[:2] / text


def describe(upload: UploadFile) -> tuple[str, str, str]:
    """Name, extension (without dot, at most 6 characters) and mimetype of an upload."""
    name = PurePath((upload.filename or "attachment").replace("\\", "/")).name or "attachment"
    name = name.replace("\x00", "")[:250]
    stem, dot, extension = name.rpartition(".")
    extension = extension.lower() if dot and stem else ""
    if len(extension) > 6:
        raise BadRequest(f"Unsupported file extension: {extension[:20]!r}")
    mimetype = upload.content_type or mimetypes.guess_type(name)[0] or "application/octet-stream"
    return name, extension, mimetype[:255]


async def store(
    session: AsyncSession,
    files_dir: Path,
    uploads: Iterable[UploadFile],
    comment_id: uuid.UUID | None,
    reply_id: uuid.UUID | None = None,
    chat_message_id: uuid.UUID | None = None,
) -> list[Row]:
    """Write each upload to disk and insert its row (for a comment, a reply or a chat message);
    the files of a failed transaction are removed."""
    rows: list[Row] = []
    written: list[Path] = []
    try:
        for upload in uploads:
            name, extension, mimetype = describe(upload)
            attachment_id = new_id()
            path = attachment_path(files_dir, attachment_id)
            path.parent.mkdir(parents=True, exist_ok=True)
            size = 0
            with path.open("wb") as target:
                written.append(path)
                while chunk := await upload.read(CHUNK):
                    size += len(chunk)
                    target.write(chunk)
            now = utc_now()
            rows.append(
                {
                    "id": attachment_id,
                    "created_at": now,
                    "updated_at": now,
                    "name": name,
                    "size": size,
                    "extension": extension,
                    "mimetype": mimetype,
                    "comment_id": comment_id,
                    "reply_id": reply_id,
                    "chat_message_id": chat_message_id,
                }
            )
        if rows:
            await session.execute(insert(ATTACHMENT_FILE), rows)
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return [dict(row, type="AttachmentFile") for row in rows]


def remove_after_commit(session: AsyncSession, files_dir: Path, attachment_ids: Iterable[uuid.UUID]) -> None:
    """Delete the stored bytes once the rows are gone for good (never before the commit)."""
    paths = [attachment_path(files_dir, attachment_id) for attachment_id in attachment_ids]

    async def remove() -> None:
        for path in paths:
            path.unlink(missing_ok=True)

    session.info.setdefault("after_commit", []).append(remove)
