"""`python -m proscribe.spark`: see `proscribe.spark.submit`."""

import sys

from proscribe.spark.submit import main

sys.exit(main())
