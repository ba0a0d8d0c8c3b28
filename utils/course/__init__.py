"""The course machinery: what instructors and authors run, never what a lesson teaches.

- ``checks``: the exercise checkers; a check cell calls ``check("N.K")``.
- ``authoring``: the lesson generator (``make lessons``, ``make solutions``).
- ``grading``: the grader behind ``python -m utils.grade`` (``make grade``), with
  ``task`` (one submission), ``dispatch`` (tasks on Dask), ``sandbox`` (bubblewrap and
  limits), ``confirm`` (passes confirmed out of the student's reach) and ``reports``.
- ``output_limit``: the grader's cap on what one graded cell may print.

It imports the lessons' libraries; they never import it.
"""
