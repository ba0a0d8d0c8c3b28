"""Helper package of the course *Encryption in AI & Privacy*.

Modules are named after the idea they hold: ``symmetric`` (lesson 01), ``storage``
(lesson 02), ``he`` (lesson 03), ``protection`` (lesson 04), ``data`` (datasets and
images), ``plots`` (the course's figure style), ``checks`` (exercise checkers),
``authoring`` (the lesson generator), ``grading`` (the grader, run as
``python -m utils.grade``) and ``output_limit`` (the grader's cap on printed output).
"""
