"""Getting a SparkSession, with a clear message when pyspark or Java is missing.

pyspark is an optional extra (`pip install 'proscribe[spark]'`), so nothing
in proscribe imports it at module level: the CLI and the Python API load
this package lazily and turn a missing piece into one sentence saying what
to install, instead of a py4j stack trace.

On a `local[...]` master the Python workers are started by the JVM; unless
told otherwise it starts `python3` from PATH, which is not the virtualenv
proscribe is installed in. So for local masters the workers run the driver's
own interpreter. On a cluster the executors' interpreter is the cluster's
business (see docs/scale.md).
"""

from __future__ import annotations

import importlib
import os
import shutil
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

DEFAULT_MASTER = "local[*]"


class SparkUnavailable(RuntimeError):
    """pyspark or the Java runtime Spark needs is not installed."""


def require_pyspark() -> None:
    """Raise `SparkUnavailable` naming the fix when pyspark cannot be imported."""
    try:
        for module in ("pyspark", "pandas", "pyarrow"):
            importlib.import_module(module)
    except ImportError as exc:
        raise SparkUnavailable(
            f"the Spark engine needs pyspark, pandas and pyarrow ({exc}); "
            "install them with: pip install 'proscribe[spark]'"
        ) from exc


def require_java() -> None:
    """Spark runs on a JVM; say so before py4j fails with 'Java gateway process exited'."""
    home = os.environ.get("JAVA_HOME", "").strip()
    if home and os.access(os.path.join(home, "bin", "java"), os.X_OK):
        return
    if shutil.which("java") is None:
        raise SparkUnavailable(
            "the Spark engine needs a Java runtime (17 or later) and none was found: "
            "install one (e.g. apt-get install openjdk-17-jre-headless) or set JAVA_HOME"
        )


def is_local(master: str) -> bool:
    return master == "local" or master.startswith("local[")


def get_session(
    master: str | None = None,
    app_name: str = "proscribe",
    config: dict[str, str] | None = None,
) -> tuple[SparkSession, bool]:
    """The active session when there is one, else a new one on `master` (default local[*]).

    Returns the session and whether this call created it (the caller that
    created a session stops it; one it was handed belongs to someone else).
    """
    require_pyspark()
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None:
        # getOrCreate would hand back this session whatever master is asked for.
        return active, False
    master = master or DEFAULT_MASTER
    builder = SparkSession.builder.master(master).appName(app_name)
    if is_local(master):
        require_java()
        # Workers must import proscribe: run them on this interpreter.
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        # A local run stays on the loopback interface.
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        builder = (
            builder.config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
        )
    for key, value in (config or {}).items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session, True
