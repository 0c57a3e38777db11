"""The breakdown: casting (entity links between an entity and the assets it uses) and asset instances."""
