"""Every table of the data model, imported explicitly (Alembic and the schema tests read this)."""

from tenko.auth import models as auth_models  # noqa: F401
from tenko.core.model import Base
from tenko.domains.budgets import models as budgets_models  # noqa: F401
from tenko.domains.chats import models as chats_models  # noqa: F401
from tenko.domains.comments import models as comments_models  # noqa: F401
from tenko.domains.entities import models as entities_models  # noqa: F401
from tenko.domains.events import models as events_models  # noqa: F401
from tenko.domains.files import models as files_models  # noqa: F401
from tenko.domains.imports import models as imports_models  # noqa: F401
from tenko.domains.notifications import models as notifications_models  # noqa: F401
from tenko.domains.people import models as people_models  # noqa: F401
from tenko.domains.playlists import models as playlists_models  # noqa: F401
from tenko.domains.plugins import models as plugins_models  # noqa: F401
from tenko.domains.previews import models as previews_models  # noqa: F401
from tenko.domains.projects import models as projects_models  # noqa: F401
from tenko.domains.schedules import models as schedules_models  # noqa: F401
from tenko.domains.search import models as search_models  # noqa: F401
from tenko.domains.studio import models as studio_models  # noqa: F401
from tenko.domains.tasks import models as tasks_models  # noqa: F401
from tenko.domains.templates import models as templates_models  # noqa: F401

metadata = Base.metadata

__all__ = ["Base", "metadata"]
