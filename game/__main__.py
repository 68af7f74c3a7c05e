"""``python -m game`` is the ``hoverslam`` command."""

import sys

from game.cli import main

sys.exit(main())
