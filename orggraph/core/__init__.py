"""The core: `Org` (units as rows), the unit stores, tree algorithms, views,
rollups, the change-log record, the pydantic schema and the networkx build.

The core imports nothing from :mod:`orggraph.io`, :mod:`orggraph.ops`,
:mod:`orggraph.render` or :mod:`orggraph.cli`.
"""
