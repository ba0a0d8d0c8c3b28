"""``python -m utils.grade PATH... [--out DIR] [--workers N] [--timeout S]``: see utils.grading."""

import sys

from utils.grading import main

if __name__ == "__main__":
    sys.exit(main())
