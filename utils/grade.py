"""``python -m utils.grade PATH... [--out DIR] [--workers N] [--timeout S]``: see utils.course.grading."""

import sys

from utils.course.grading import main

if __name__ == "__main__":
    sys.exit(main())
