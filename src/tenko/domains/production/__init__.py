"""A production as its pages show it: every kind of entity, listed and in detail, with its tasks.

The lists and detail of assets, shots, sequences, episodes, scenes, edits and concepts (their
tasks, task types, previews, time and news), the whole-production with-tasks listings and
statistics, concept folders and the actions that span entities and tasks. Built on entities,
tasks, previews, comments and news; the entities domain itself (tables, writes, loaders) knows
none of them.
"""
