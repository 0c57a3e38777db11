"""The documented shapes of comments as the comment routes answer them."""

from __future__ import annotations

from tenko.core import answers
from tenko.domains.comments.resources import COMMENTS

#: a comment with its relations and attachment ids


#: a task's thread: short author and status, attachments and previews


_PERSON = answers.object_of({key: {} for key in ("id", "first_name", "last_name", "full_name", "has_avatar", "role")})


COMMENT_WITH_IDS = answers.record_schema(COMMENTS, extra={"attachment_files": answers.ID_LIST})


THREAD_COMMENT = answers.record_schema(
    COMMENTS,
    extra={
        "attachment_files": answers.list_of(answers.OBJECT),
        "previews": answers.list_of(answers.OBJECT),
        "person": answers.nullable(_PERSON),
        "task_status": answers.nullable(answers.OBJECT),
    },
)
