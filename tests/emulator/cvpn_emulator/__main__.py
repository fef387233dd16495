# SPDX-License-Identifier: GPL-3.0-or-later
"""``python -m cvpn_emulator``: see ``cli.py``."""

import sys

from .cli import main

sys.exit(main())
