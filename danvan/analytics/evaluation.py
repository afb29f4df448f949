"""The evaluation harness behind ``danvan analytics-eval``: precision, recall and F1 of

* the category classifier, per category and macro-averaged, on a stratified held-out quarter of the shipped
  set (and on the hand-written letters of data/check.csv, which no template produced);
* duplicate detection, on pairs generated from the shipped set (a letter and a rewritten copy of it —
  without diacritics, in NFD, clauses dropped or added — against two different letters of one category);
* hotspot detection, on a synthetic Poisson series per commune with planted bursts.

Everything is seeded: the same command prints the same figures.
"""

from __future__ import annotations

import math
import random
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from danvan.analytics import classifier, dedup, hotspots
from danvan.analytics.dataset import DATA_DIR, load
from danvan.core.text import fold

MARK_START, MARK_END = "<!-- eval:start -->", "<!-- eval:end -->"


@dataclass
class Score:
    precision: float
    recall: float
    f1: float
    support: int = 0


def prf(tp: int, fp: int, fn: int) -> Score:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Score(round(precision, 3), round(recall, 3), round(f1, 3), tp + fn)


@dataclass
class Report:
    classifier_per_category: dict[str, Score] = field(default_factory=dict)
    classifier_macro: Score | None = None
    check_macro: Score | None = None
    check_accuracy: float | None = None
    duplicates: Score | None = None
    hotspots: Score | None = None
    sizes: dict[str, int] = field(default_factory=dict)


def _macro(per: dict[str, Score]) -> Score:
    n = len(per) or 1
    return Score(
        round(sum(s.precision for s in per.values()) / n, 3),
        round(sum(s.recall for s in per.values()) / n, 3),
        round(sum(s.f1 for s in per.values()) / n, 3),
        sum(s.support for s in per.values()),
    )


def _per_category(truth: list[str], predicted: list[str]) -> dict[str, Score]:
    result = {}
    for code in sorted(set(truth)):
        tp = sum(1 for t, p in zip(truth, predicted, strict=True) if t == code and p == code)
        fp = sum(1 for t, p in zip(truth, predicted, strict=True) if t != code and p == code)
        fn = sum(1 for t, p in zip(truth, predicted, strict=True) if t == code and p != code)
        result[code] = prf(tp, fp, fn)
    return result


def evaluate_classifier(report: Report, *, limit: int | None) -> None:
    rows = classifier.shipped_rows(limit)
    train_rows, test_rows = classifier.split(rows)
    model = classifier.train(train_rows)
    predicted = list(model.predict([text for _code, text in test_rows]))
    report.classifier_per_category = _per_category([code for code, _text in test_rows], predicted)
    report.classifier_macro = _macro(report.classifier_per_category)
    report.sizes.update(train=len(train_rows), test=len(test_rows))
    check_path = DATA_DIR / "check.csv"
    if check_path.exists():
        check = load(check_path)
        guessed = list(model.predict([text for _code, text in check]))
        truth = [code for code, _text in check]
        report.check_macro = _macro(_per_category(truth, guessed))
        report.check_accuracy = round(sum(t == g for t, g in zip(truth, guessed, strict=True)) / len(truth), 3)
        report.sizes["check"] = len(check)


def _rewrite(text: str, rng: random.Random) -> str:
    """Another writing of the same letter: no diacritics or NFD, a clause dropped, a sentence added."""
    clauses = [c.strip() for c in text.replace(". ", ".|").replace(", ", ",|").split("|") if c.strip()]
    if len(clauses) > 2 and rng.random() < 0.5:
        clauses.pop(rng.randrange(1, len(clauses)))
    if rng.random() < 0.5:
        clauses.append(rng.choice(["Rất mong được xem xét sớm.", "Xin chân thành cảm ơn.", "Kèm theo hình ảnh."]))
    rewritten = " ".join(clauses)
    style = rng.random()
    if style < 0.33:
        return fold(rewritten)
    if style < 0.66:
        return unicodedata.normalize("NFD", rewritten)
    return rewritten


def evaluate_duplicates(report: Report, *, pairs: int, threshold: float | None = None) -> None:
    rng = random.Random(11)
    rows = load()
    by_code: dict[str, list[str]] = {}
    for code, text in rows:
        by_code.setdefault(code, []).append(text)
    tp = fp = fn = 0
    for _ in range(pairs):
        code = rng.choice(sorted(by_code))
        first, second = rng.sample(by_code[code], 2)
        same = dedup.similarity(dedup.signature(first), dedup.signature(_rewrite(first, rng)))
        other = dedup.similarity(dedup.signature(first), dedup.signature(second))
        limit = threshold if threshold is not None else dedup.conf("DUPLICATE_THRESHOLD")
        tp += same >= limit
        fn += same < limit
        fp += other >= limit
    report.duplicates = prf(tp, fp, fn)
    report.sizes["pairs"] = pairs * 2


def _poisson(lam: float, rng: random.Random) -> int:
    threshold, k, product = math.exp(-lam), 0, rng.random()
    while product > threshold:
        k += 1
        product *= rng.random()
    return k


def evaluate_hotspots(report: Report, *, communes: int, weeks: int = 30, baseline_weeks: int = 8) -> None:
    rng = random.Random(5)
    tp = fp = fn = 0
    for _ in range(communes):
        lam = rng.uniform(0.2, 2.0)
        series = [_poisson(lam, rng) for _ in range(weeks)]
        bursts = set()
        if rng.random() < 0.5:
            week = rng.randrange(baseline_weeks + 2, weeks)
            series[week] += rng.randint(4, 8)
            bursts.add(week)
        for week in range(baseline_weeks, weeks):
            verdict = hotspots.evaluate(series[week], series[week - baseline_weeks : week])
            if verdict.is_hotspot and week in bursts:
                tp += 1
            elif verdict.is_hotspot:
                fp += 1
            elif week in bursts:
                fn += 1
    report.hotspots = prf(tp, fp, fn)
    report.sizes["cells"] = communes * (weeks - baseline_weeks)


def run(*, small: bool = False) -> Report:
    report = Report()
    evaluate_classifier(report, limit=20 if small else None)
    evaluate_duplicates(report, pairs=40 if small else 400)
    evaluate_hotspots(report, communes=20 if small else 300)
    return report


def _fmt(value: float) -> str:
    return f"{value:.3f}"


def as_markdown(report: Report, *, small: bool) -> str:
    from danvan.cases.categories import CATEGORIES

    names = {code: name for code, name, _order in CATEGORIES}
    lines = [
        MARK_START,
        f"Figures from `danvan analytics-eval{' --small' if small else ''}` (seeded; rerun to refresh).",
        "",
        "| Evaluation | Precision | Recall | F1 | Size |",
        "|---|---|---|---|---|",
    ]
    macro = report.classifier_macro
    lines.append(
        f"| Category suggestion, held-out 25 % (macro) | {_fmt(macro.precision)} | {_fmt(macro.recall)} | "
        f"{_fmt(macro.f1)} | {report.sizes.get('test', 0)} letters |"
    )
    if report.check_macro is not None:
        check = report.check_macro
        lines.append(
            f"| Category suggestion, hand-written check letters (macro) | {_fmt(check.precision)} | "
            f"{_fmt(check.recall)} | {_fmt(check.f1)} | {report.sizes.get('check', 0)} letters |"
        )
    dup, hot = report.duplicates, report.hotspots
    lines.append(
        f"| Duplicate detection (generated pairs) | {_fmt(dup.precision)} | {_fmt(dup.recall)} | {_fmt(dup.f1)} | "
        f"{report.sizes.get('pairs', 0)} pairs |"
    )
    lines.append(
        f"| Hotspot detection (synthetic series, planted bursts) | {_fmt(hot.precision)} | {_fmt(hot.recall)} | "
        f"{_fmt(hot.f1)} | {report.sizes.get('cells', 0)} commune-weeks |"
    )
    lines += [
        "",
        "Per category (held-out split):",
        "",
        "| Category | Precision | Recall | F1 | Support |",
        "|---|---|---|---|---|",
    ]
    for code, score in report.classifier_per_category.items():
        lines.append(
            f"| {names.get(code, code)} (`{code}`) | {_fmt(score.precision)} | {_fmt(score.recall)} | "
            f"{_fmt(score.f1)} | {score.support} |"
        )
    lines.append(MARK_END)
    return "\n".join(lines)


def write_docs(path: Path, block: str) -> None:
    """Replace the figures between the markers (or append them) and keep the rest of the page."""
    current = path.read_text(encoding="utf-8") if path.exists() else "# Early warning (analytics)\n\n"
    if MARK_START in current and MARK_END in current:
        head, rest = current.split(MARK_START, 1)
        _old, tail = rest.split(MARK_END, 1)
        current = head + block + tail
    else:
        current = current.rstrip("\n") + "\n\n" + block + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(current, encoding="utf-8")
