"""GraphQL API over the ``KnowledgeGraph`` facade (FastAPI + strawberry).

>>> from api import create_app
>>> app = create_app()  # doctest: +SKIP
"""

from api.app import GraphHolder, create_app

__all__ = ["GraphHolder", "create_app"]
