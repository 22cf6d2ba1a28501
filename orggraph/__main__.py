"""``python -m orggraph``: the same as the ``orggraph`` command."""

from orggraph.cli.app import main

if __name__ == "__main__":
    raise SystemExit(main())
