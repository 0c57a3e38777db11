"""What ``PUT /data/comments/{id}`` may change, and who may (``COMMENT_CHANGES``), judged on a
``CommentAccess``: the comment with the caller's access to its task.

Kept apart from ``access.py`` (the loaders of the routes), which reads the comments resource,
while the resource declares these rules: each imports this module, not the other.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from tenko.core.access import Caller
from tenko.core.guard import Action, OfRow
from tenko.core.resource import ChangeRules, Row, WriteContext
from tenko.domains.tasks.access import TaskAccess, access_to, fetch_status, fetch_task, status_refusal


@dataclass
class CommentAccess(OfRow):
    """A comment of the task of the path that the caller reads."""

    task: TaskAccess
    row: Row
    #: the caller is mentioned in it or one of its replies (loaded only for the actions that ask)
    mentioned: bool = False

    @property
    def caller(self) -> Caller:
        return self.task.caller

    @property
    def by_author(self) -> bool:
        return bool(self.row["person_id"] == self.caller.id)

    def by_author_or_manager(self) -> bool:
        return self.by_author or self.task.is_manager

    def may_reply(self) -> bool:
        """Who may comment the task (vendors: when assigned), its author, and whoever it mentions."""
        return self.task.may_comment() or self.by_author or self.mentioned


# What ``PUT /data/comments/{id}`` may change, and who may. The update policy lets in the author
# and the project's managers and supervisors; the author edits the words, every other key follows
# the rule of the route made for it (pinning, marking for clients, moving, replying, acknowledging).

#: set by the server to whoever edits (``resources.mark_editor``): whatever a body says is dropped
EDITOR = "editor_id"


def only_through(route: str) -> Action[CommentAccess]:
    """A key with a route of its own: only admins (who may do everything) change it here."""
    return Action(f"admins only (others: {route})", lambda comment: comment.caller.is_admin, f"use {route}")


def managers(refusal: str) -> Action[CommentAccess]:
    return Action("the project's managers", lambda comment: comment.task.is_manager, refusal)


AUTHOR_OR_MANAGER_EDITS = Action[CommentAccess](
    "its author, or the project's managers",
    CommentAccess.by_author_or_manager,
    "only its author or the project's managers edit a comment",
)
#: who may change each key (a key not listed: the project's managers)
KEY_RULES: Mapping[str, Action[CommentAccess]] = {
    # the author's words (attachments have their own routes, for the same people)
    "text": AUTHOR_OR_MANAGER_EDITS,
    "checklist": AUTHOR_OR_MANAGER_EDITS,
    # the value decides too: ``status_refusal`` judges the new status for the caller's role
    "task_status_id": Action(
        "its author, or the project's managers; a status the caller's role may set",
        CommentAccess.by_author_or_manager,
        "only its author or the project's managers change the status of a comment",
    ),
    "pinned": Action(
        "the project's managers; supervisors of the task's department",
        lambda comment: comment.task.may_update_fields(),
        "only the project's managers and the supervisors of the task's department pin comments",
    ),
    "for_client": managers("only the project's managers mark comments for clients"),
    "object_id": managers("only the project's managers move comments"),
    "person_id": managers("only the project's managers comment in the name of someone else"),
    "replies": only_through("the reply routes"),
    "acknowledgements": only_through("the ack route"),
    "mentions": only_through("the text of a new comment or reply"),
    "department_mentions": only_through("the text of a new comment or reply"),
    "previews": only_through("the preview routes of the comment"),
}
OTHER_KEYS = managers("only the project's managers may change it")


def _change_rules_text() -> str:
    by_rule: dict[str, list[str]] = {}
    for key, rule in KEY_RULES.items():
        by_rule.setdefault(rule.text, []).append(key)
    rules = "; ".join(f"{', '.join(keys)}: {text}" for text, keys in by_rule.items())
    return (
        f"{rules}; any other key: {OTHER_KEYS.text}; {EDITOR}: set to the caller. A key sent with its stored"
        " value is ignored; a refused one answers 403 naming it"
    )


async def refused_comment_changes(context: WriteContext, changed: frozenset[str]) -> dict[str, str]:
    """Of the keys an update changes, those the caller may not change, and why."""
    if context.caller.is_admin:
        return {}  # admins may change everything, even on a comment whose task is gone
    session, values, current = context.session, context.values, context.current or {}
    task = await access_to(session, context.caller, await fetch_task(session, current["object_id"]))
    comment = CommentAccess(task, current)
    refused = {key: rule.refusal for key in changed if not (rule := KEY_RULES.get(key, OTHER_KEYS)).allows(comment)}
    if "task_status_id" in changed and "task_status_id" not in refused:
        if values["task_status_id"] is None:
            if not task.is_manager:
                refused["task_status_id"] = "a comment keeps a status"
        elif problem := status_refusal(task, await fetch_status(session, values["task_status_id"])):
            refused["task_status_id"] = problem
    return refused


COMMENT_CHANGES = ChangeRules(_change_rules_text(), frozenset({EDITOR}), refused_comment_changes)
