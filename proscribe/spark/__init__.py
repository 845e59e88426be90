"""Screening on Apache Spark: a DataFrame, or a query file, over an index shipped to the executors.

    from proscribe.spark import screen_dataframe
    hits = screen_dataframe(customers_df, "lists.idx", threshold=0.7)

pyspark is an optional extra (`pip install 'proscribe[spark]'`); importing
this package does not import it, so the rest of proscribe works without it.
Each row goes through the local batch's own code (`screen_rows`), so Spark
and local give the same result for the same input. See docs/scale.md.
"""

from proscribe.spark.frame import screen_dataframe, with_row_numbers
from proscribe.spark.session import SparkUnavailable, get_session

__all__ = ["SparkUnavailable", "get_session", "screen_dataframe", "with_row_numbers"]
