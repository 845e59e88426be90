"""Screening: one party, a batch file, or (elsewhere) a Spark DataFrame.

The package shares its name with the public function `proscribe.screen(...)`.
Python sets `proscribe.screen` to this module as soon as any submodule
(`proscribe.screen.engine`, ...) is imported, which would hide the function;
so the module itself is callable and forwards to it. `proscribe.screen("Karim
Khan")` and `proscribe.screen.engine` both work, in any import order.
"""

from __future__ import annotations

import sys
import types
from typing import Any


class _CallableModule(types.ModuleType):
    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        from proscribe import _screen

        return _screen(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
