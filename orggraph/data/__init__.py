"""The organisations that ship with orggraph (see :mod:`orggraph.datasets`)."""

__all__: list[str] = []
