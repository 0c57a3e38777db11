"""Time: time sheets, days off, presence, quotas and task dates, per person and per project.

Built on people, projects, tasks and comments (quotas count the comments that close a task),
so none of those imports it.
"""
