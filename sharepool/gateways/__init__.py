"""The only doors between the public schema's apps and the community schemas' apps (issue 11).

`sharepool.platform.*` apps never import `sharepool.tenants`, and tenant apps never import
`sharepool.platform`: each need that crosses the boundary has one module here, which takes and returns
plain data (`CommunityRef`, ids, dataclasses) and never an ORM object of the other side
(STYLE.md 7). import-linter checks both directions (pyproject.toml, `[tool.importlinter]`).
"""
