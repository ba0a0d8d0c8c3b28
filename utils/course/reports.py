"""What the grader writes: the gradebook, summaries, feedback and a class report.

- ``gradebook.csv``: one row per submission and exercise (:data:`COLUMNS`);
- ``summary.csv``: one row per submission, with its review flags and notes;
- ``students.csv``: one row per student (the first folder under the submissions root, or
  the file's name), one column per lesson (best submission's points) and the total;
- ``feedback/*.md``: what each student reads;
- ``report.html``: one self-contained page (figures embedded as PNG, no external link)
  with the score distribution per lesson, the pass rate per exercise and the most
  frequent ❌ hints per exercise: what to re-teach.

Every file is replaced atomically, so a rerun never leaves a mix of old and new reports.
"""

from __future__ import annotations

import base64
import csv
import html
import io
import re
import shutil
import tempfile
from collections import Counter
from pathlib import Path

from matplotlib.figure import Figure

from utils.course.task import COLUMNS, Graded, Row
from utils.files import atomic_write_text
from utils.plots import PALETTE, SAFE, UNSAFE

TOP_HINTS = 3


def write_reports(graded: dict[str, Graded], out: Path, titles: dict[str, str]) -> None:
    """Write every report for ``graded`` (submission name -> result) into ``out``.

    ``titles`` maps lesson slugs to the titles shown in feedback and the class report.
    """
    out.mkdir(parents=True, exist_ok=True)
    rows = [row for result in graded.values() for row in result.rows]
    atomic_write_text(out / "gradebook.csv", _csv(COLUMNS, [_row_values(r) for r in rows]))
    summary = []
    for name, result in graded.items():
        own = result.rows
        total, maximum = sum(r.points for r in own), sum(r.max_points for r in own)
        percent = f"{100 * total / maximum:.1f}" if maximum else "0.0"
        summary.append([name, own[0].lesson, f"{total:g}", f"{maximum:g}", percent,
                        "; ".join(result.flags), "; ".join(result.notes)])  # fmt: skip
    header = ["submission", "lesson", "total", "max", "percent", "flagged", "notes"]
    atomic_write_text(out / "summary.csv", _csv(header, summary))
    atomic_write_text(out / "students.csv", _students(graded, titles))
    atomic_write_text(out / "report.html", class_report(graded, titles))
    fresh = Path(tempfile.mkdtemp(prefix=".feedback-", dir=out))
    used: set[str] = set()
    for name, result in graded.items():
        text = _feedback(name, result, titles.get(result.rows[0].lesson, ""))
        (fresh / _feedback_name(name, used)).write_text(text, encoding="utf-8")
    old = out / "feedback"
    if old.exists():
        stale = old.rename(out / f".stale-{fresh.name}")
        shutil.rmtree(stale)
    fresh.rename(old)


def student_of(submission: str) -> str:
    """The student a submission belongs to: the first folder of its name, else its stem."""
    first, _, rest = submission.partition("/")
    return first if rest else first.removesuffix(".ipynb")


def _students(graded: dict[str, Graded], titles: dict[str, str]) -> str:
    lessons = sorted(titles)
    best: dict[str, dict[str, float]] = {}
    flagged: set[str] = set()
    for name, result in graded.items():
        student = student_of(name)
        scores = best.setdefault(student, {})
        lesson = result.rows[0].lesson
        if lesson:
            points = sum(r.points for r in result.rows)
            scores[lesson] = max(points, scores.get(lesson, 0))
        if result.flags:
            flagged.add(student)
    header = ["student", *lessons, "total", "flagged"]
    lines = [
        [
            student,
            *(f"{scores[s]:g}" if s in scores else "" for s in lessons),
            f"{sum(scores.values()):g}",
            "yes" if student in flagged else "",
        ]  # fmt: skip
        for student, scores in sorted(best.items())
    ]
    return _csv(header, lines)


def _row_values(row: Row) -> list[str]:
    return [row.submission, row.lesson, row.exercise, "true" if row.passed else "false",
            f"{row.points:g}", f"{row.max_points:g}", row.message]  # fmt: skip


def _csv(header: list[str], rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def _feedback_name(submission: str, used: set[str]) -> str:
    stem = re.sub(r"[\\/:]+", "__", submission.removesuffix(".ipynb")).strip("._") or "submission"
    name, n = f"{stem}.md", 2
    while name in used:
        name, n = f"{stem}-{n}.md", n + 1
    used.add(name)
    return name


def _feedback(submission: str, result: Graded, title: str) -> str:
    rows = result.rows
    total, maximum = sum(r.points for r in rows), sum(r.max_points for r in rows)
    lines = [f"# Feedback: {submission}", ""]
    if rows[0].lesson:
        lines += [f"Lesson: {title or rows[0].lesson}", "", f"Score: {total:g} / {maximum:g}", ""]
    for row in rows:
        if not row.exercise:
            lines.append(f"- ❌ {row.message}")
        elif row.message.startswith(("✅", "❌")):
            lines.append(f"- {row.message}")
        else:
            mark = "✅" if row.passed else "❌"
            lines.append(f"- {mark} Exercise {row.exercise}: {row.message}")
    if result.notes:
        lines += ["", "Notes from the grader:", *(f"- {note}" for note in result.notes)]
    return "\n".join(lines) + "\n"


# --- the class report ----------------------------------------------------------------------


def class_report(graded: dict[str, Graded], titles: dict[str, str]) -> str:
    """The class report: one HTML page, figures embedded, nothing loaded from elsewhere."""
    rows = [row for result in graded.values() for row in result.rows]
    exercises = sorted({r.exercise for r in rows if r.exercise}, key=_exercise_key)
    percents: dict[str, list[float]] = {}
    for result in graded.values():
        own = result.rows
        maximum = sum(r.max_points for r in own)
        if own[0].lesson and maximum:
            percents.setdefault(own[0].lesson, []).append(
                100 * sum(r.points for r in own) / maximum
            )
    rates = {
        e: sum(r.passed for r in rows if r.exercise == e) / sum(1 for r in rows if r.exercise == e)
        for e in exercises
    }
    hints = {
        e: Counter(_hint(r) for r in rows if r.exercise == e and not r.passed) for e in exercises
    }
    ungraded = [name for name, result in graded.items() if not result.rows[0].exercise]
    flagged = {name: result.flags for name, result in graded.items() if result.flags}
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        # no network: nothing but what is inline here may load
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "img-src data:; style-src 'unsafe-inline'\">",
        "<title>Class report</title>",
        f"<style>{_STYLE}</style></head><body>",
        "<h1>Class report</h1>",
        f"<p>{len(graded)} submission(s) from {len({student_of(n) for n in graded})} student(s); "
        f"{len(ungraded)} could not be graded; {len(flagged)} flagged for review.</p>",
    ]
    if percents:
        parts += ["<h2>Score distribution per lesson</h2>", _img(_distribution(percents, titles),
                  "Histogram of scores in percent, one panel per lesson")]  # fmt: skip
    if rates:
        parts += ["<h2>Pass rate per exercise</h2>", _img(_pass_rates(rates),
                  "Bar chart of the share of submissions passing each exercise")]  # fmt: skip
        parts += ["<h2>Most frequent hints per exercise</h2>", "<table>",
                  "<tr><th>exercise</th><th>passed</th><th>most frequent ❌ (count)</th></tr>"]  # fmt: skip
        for exercise in exercises:
            top = "".join(
                f"<li>{html.escape(hint)} <b>({count})</b></li>"
                for hint, count in hints[exercise].most_common(TOP_HINTS)
            )
            parts.append(
                f"<tr><td>{exercise}</td><td>{100 * rates[exercise]:.0f}%</td>"
                f"<td><ul>{top}</ul></td></tr>"
            )
        parts.append("</table>")
    if flagged or ungraded:
        parts.append("<h2>To look at</h2><ul>")
        parts += [f"<li>{html.escape(n)}: not graded</li>" for n in ungraded]
        parts += [
            f"<li>{html.escape(n)}: flagged for review ({html.escape('; '.join(f))})</li>"
            for n, f in flagged.items()
        ]
        parts.append("</ul>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


_STYLE = (
    "body{font-family:sans-serif;max-width:60rem;margin:2rem auto;color:#222}"
    "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3rem .6rem;"
    "vertical-align:top;text-align:left}img{max-width:100%}"
)


def _exercise_key(exercise: str) -> tuple[int, ...]:
    return tuple(int(part) for part in exercise.split("."))


def _hint(row: Row) -> str:
    """A failed row's hint without its exercise prefix or review note."""
    message = re.sub(r" \[flagged for review: .*\]$", "", row.message)
    return message.removeprefix(f"❌ Exercise {row.exercise}: ")


def _distribution(percents: dict[str, list[float]], titles: dict[str, str]) -> Figure:
    lessons = sorted(percents)
    figure = Figure(figsize=(3.2 * len(lessons), 2.8), dpi=90, layout="constrained")
    axes = figure.subplots(1, len(lessons), squeeze=False)[0]
    for ax, lesson in zip(axes, lessons, strict=True):
        ax.hist(percents[lesson], bins=[0, 20, 40, 60, 80, 100.01], color=PALETTE[0])
        ax.set(title=titles.get(lesson, lesson)[:30], xlabel="score (%)", ylabel="submissions")
    return figure


def _pass_rates(rates: dict[str, float]) -> Figure:
    figure = Figure(figsize=(max(4, 0.5 * len(rates) + 1), 2.8), dpi=90, layout="constrained")
    ax = figure.subplots()
    values = [100 * r for r in rates.values()]
    colours = [SAFE if v >= 50 else UNSAFE for v in values]
    ax.bar(list(rates), values, color=colours)
    ax.set(ylim=(0, 100), ylabel="passed (%)", xlabel="exercise")
    return figure


def _img(figure: Figure, alt: str) -> str:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f'<p><img alt="{html.escape(alt)}" src="data:image/png;base64,{data}"></p>'
