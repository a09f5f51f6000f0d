"""The named traversals, on the hand-made graph of conftest.py."""
