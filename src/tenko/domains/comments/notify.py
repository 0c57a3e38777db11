"""Who is told about a comment or a reply: the task's watchers and the people mentioned, each
only if they may read the comment now (``readers.COMMENT_READERS``).

A vendor following a sequence is not told about the tasks of it they are not assigned to, an
artist not about a client's comment, a client not about a comment not marked for them: a
notification is never the way round the reading rule.
"""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from tenko.core.resource import Row
from tenko.domains.comments.readers import readers_of
from tenko.domains.notifications import service as notifications


async def notify_comment(
    session: AsyncSession,
    task: Row,
    comment: Row,
    mentioned: set[uuid.UUID],
    change: bool,
) -> list[Row]:
    """Assignees and subscribers get a ``comment`` notification; mentioned people a ``mention``."""
    watchers = await notifications.watchers_of(session, task)
    allowed = await readers_of(session, task, comment, watchers | mentioned)
    recipients = {person_id: "comment" for person_id in watchers & allowed}
    recipients.update({person_id: "mention" for person_id in mentioned & allowed})
    return await notifications.create_notifications(
        session, recipients, author_id=comment["person_id"], tasks=[task], comment_id=comment["id"], change=change
    )


async def notify_reply(
    session: AsyncSession, task: Row, comment: Row, reply: Row, mentioned: set[uuid.UUID]
) -> list[Row]:
    """The comment's author and the task's watchers get a ``reply``; mentioned people ``reply-mention``."""
    watchers = await notifications.watchers_of(session, task) | {comment["person_id"]}
    allowed = await readers_of(session, task, comment, watchers | mentioned)
    recipients = {person_id: "reply" for person_id in watchers & allowed}
    recipients.update({person_id: "reply-mention" for person_id in mentioned & allowed})
    return await notifications.create_notifications(
        session, recipients, author_id=reply["person_id"], tasks=[task], comment_id=comment["id"], reply_id=reply["id"]
    )
