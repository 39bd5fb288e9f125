"""The query layer: session-level building blocks that the services compose.

Every function here takes an open ``Session`` and never opens, commits or rolls back a
transaction: a public service method opens exactly one (``ctx.db.session()``), calls these
helpers inside it and returns DTOs (``casereview.services.dto``). Helpers may return ORM
objects, which is why they stay inside ``casereview.services`` and are never handed to the
UI or the CLI.

- ``queries.standards``: parse, store and resolve standard versions
- ``queries.reviews``: load a review, apply or clear an answer, rescore, build its DTOs
- ``queries.audit``: the append-only audit entries of a review
- ``queries.lookups``: units by id or name
"""
