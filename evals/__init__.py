"""HR evaluation suites over prompt versions and models.

The suite format and runner arrive with the evaluation work; nothing here is used yet.
"""

__all__: list[str] = []
