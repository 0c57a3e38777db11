"""CRUD declarations: chats (one per entity) and their messages."""

from __future__ import annotations

from tenko.core.access import ADMIN, CONTRIBUTOR, PROJECT_MANAGER, STUDIO_OR_CLIENT, Policy, own, reaching
from tenko.core.resource import Relation, Resource, table_of
from tenko.core.scope import via
from tenko.domains.chats.models import CHAT, CHAT_MESSAGE, ChatParticipant
from tenko.domains.comments.models import AttachmentFile
from tenko.domains.entities.models import ENTITY

CHATS = Resource(
    name="chats",
    table=CHAT,
    type_name="Chat",
    policy=Policy.of(read=reaching("object_id", entity=True), write=PROJECT_MANAGER, list=ADMIN),
    scope=via(CHAT, ("object_id", ENTITY.c.id), project=ENTITY.c.project_id),
    relations=(Relation("participants", table_of(ChatParticipant), "chat_id", "person_id"),),
)
CHAT_MESSAGES = Resource(
    name="chat-messages",
    table=CHAT_MESSAGE,
    type_name="ChatMessage",
    # the studio's people write in an entity's chat, each their own messages
    policy=Policy.of(
        read=STUDIO_OR_CLIENT,
        write=CONTRIBUTOR & own(),
        delete=(CONTRIBUTOR & own()) | PROJECT_MANAGER,
        list=ADMIN,
    ),
    scope=via(CHAT_MESSAGE, ("chat_id", CHAT.c.id), ("object_id", ENTITY.c.id), project=ENTITY.c.project_id),
    relations=(Relation("attachment_files", table_of(AttachmentFile), "chat_message_id", "id", writable=False),),
)

RESOURCES = (CHATS, CHAT_MESSAGES)
