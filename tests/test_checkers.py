"""Every checker: the solution passes, the untouched stub is 'not attempted', wrong answers fail.

Wrong answers live in ``tests/wrong_answers/lessonNN.py`` (a ``WRONG_ANSWERS`` dict): at
least two per exercise, each with its own hint; legitimate alternative answers (other APIs,
other valid approaches) in ``RIGHT_ANSWERS`` must pass.
"""

import pytest

from tests.exercises import all_exercises, check_source, exercise_source
from tests.wrong_answers import all_right_answers, all_wrong_answers
from utils.course.authoring import strip_solutions

EXERCISES = all_exercises()

WRONG_ANSWERS = all_wrong_answers()


@pytest.mark.parametrize(("slug", "exercise_id"), EXERCISES)
def test_solution_passes(slug, exercise_id):
    result = check_source(exercise_source(slug, exercise_id), exercise_id)
    assert result.passed, f"{result.line} (COURSE_CHECK_SEED={result.seed})"


@pytest.mark.parametrize(("slug", "exercise_id"), EXERCISES)
def test_untouched_stub_is_not_attempted(slug, exercise_id):
    stub = strip_solutions(exercise_source(slug, exercise_id))
    assert check_source(stub, exercise_id).line == f"❌ Exercise {exercise_id}: not attempted yet"


@pytest.mark.parametrize(("slug", "exercise_id"), EXERCISES)
def test_every_exercise_has_two_wrong_answers_with_distinct_hints(slug, exercise_id):
    wrong = WRONG_ANSWERS.get(exercise_id, [])
    assert len(wrong) >= 2, (
        f"exercise {exercise_id} needs at least two wrong answers in WRONG_ANSWERS"
    )
    lines = set()
    for source, _ in wrong:  # stops at the second distinct hint: some checks are slow
        lines.add(check_source(source, exercise_id).line)
        if len(lines) >= 2:
            break
    assert len(lines) >= 2, f"exercise {exercise_id}: wrong answers all got the same hint"


@pytest.mark.parametrize(
    ("exercise_id", "source", "hint"),
    [(ex, source, hint) for ex, cases in WRONG_ANSWERS.items() for source, hint in cases],
)
def test_wrong_answer_fails_with_its_hint(exercise_id, source, hint):
    result = check_source(source, exercise_id)
    assert not result.passed, f"passed with COURSE_CHECK_SEED={result.seed}"
    assert hint in result.line, f"{result.line} (COURSE_CHECK_SEED={result.seed})"


@pytest.mark.parametrize(("exercise_id", "source"), all_right_answers())
def test_legitimate_alternative_passes(exercise_id, source):
    result = check_source(source, exercise_id)
    assert result.passed, f"{result.line} (COURSE_CHECK_SEED={result.seed})"
