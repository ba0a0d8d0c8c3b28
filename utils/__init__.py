"""Helper package of the course *Encryption in AI & Privacy*, in two kinds of rooms.

The lessons' libraries, what a learner reads and reuses, each named after its idea:
``symmetric`` (lesson 01), ``storage`` (lesson 03), ``he`` (lesson 04), ``protection``
(lesson 05), ``data`` (datasets and images), ``plots`` (the course's figure style) and
``files`` (paths and atomic writes).

The course machinery, what instructors and authors run, in ``utils.course``: exercise
checks, the lesson generator and the grader (``python -m utils.grade``). It imports the
libraries; no library imports it, and a lesson reaches it only through ``check("N.K")``.
"""
