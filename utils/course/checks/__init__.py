"""Exercise checks.

A check cell calls ``check("1.2")``. The checker for exercise 1.2 lives in
``utils/course/checks/lesson01.py``; it looks up the student's functions by name in the
notebook, tests them on several cases and prints exactly one line::

    ✅ Exercise 1.2 passed
    ❌ Exercise 1.2: <what is wrong and a hint>

A check never raises, whatever the student's code does.
"""

from utils.course.checks.core import Hint, check, checker, run_check

__all__ = ["Hint", "check", "checker", "run_check"]
