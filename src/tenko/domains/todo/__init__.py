"""To-do lists: open tasks of the studio and of a person, with their last comment and the names they show.

Built on tasks and comments (a to-do shows the last comment of each task).
"""
