"""``python -m utils.grade PATH... [--out DIR] [--workers N | --scheduler URL] [--sandbox MODE]``: see utils.course.grading."""

import sys

from utils.course.grading import main

if __name__ == "__main__":
    sys.exit(main())
