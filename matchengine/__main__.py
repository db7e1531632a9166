# SPDX-License-Identifier: MPL-2.0
"""Run the engine's command line: ``python -m matchengine rank|overview|schema``."""

import sys

from matchengine.cli import main

sys.exit(main())
