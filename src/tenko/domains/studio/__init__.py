"""The studio and its shared reference data: departments, task types and statuses, asset types,
status automations, software and hardware, file statuses: what every production uses."""
