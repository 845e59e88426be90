"""The HTTP API: yente-compatible matching, proscribe's own screening, lists and keys.

    from proscribe.api import ApiSettings, create_app
    app = create_app(ApiSettings(db_url="sqlite:///proscribe.sqlite"))

`proscribe serve` runs it under uvicorn; see docs/api.md.
"""

from proscribe.api.app import create_app
from proscribe.api.settings import ApiSettings

__all__ = ["ApiSettings", "create_app"]
