"""The unit catalogue: YAML source of truth -> validated model -> SQLite -> queries.

    catalogue/*.yml  --load_catalogue()-->  Catalogue (validated, in memory)
                     --build_database()-->  var/catalogue.db (atomic replace)
    var/catalogue.db --CatalogueDB-------->  what the actions ask

Staff commands: `python -m actions.unit_catalogue --help` (see README).
"""
