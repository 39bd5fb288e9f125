"""Practice comparison on a hand-built key and answer (pure), and cohort statistics."""

from __future__ import annotations

from casereview.domain.enums import Answer
from casereview.scoring.engine import ItemAnswer
from casereview.standards.loader import shipped_standard
from casereview.training.practice import Attempt, cohort, compare

STD = shipped_standard("gd-transport-penalty-general")


def _all_pass(**overrides: ItemAnswer) -> dict[str, ItemAnswer]:
    answers = {code: ItemAnswer(code, Answer.PASS) for code in STD.item_codes()}
    answers.update(overrides)
    return answers


KEY = _all_pass(
    L04=ItemAnswer("L04", Answer.DEDUCT),  # full: 2 points
    D05=ItemAnswer("D05", Answer.DEDUCT, deduction=2.0),
    V04=ItemAnswer("V04", Answer.VETO),
)


def test_hand_built_answer_gives_expected_missed_and_extra() -> None:
    trainee = _all_pass(
        D05=ItemAnswer("D05", Answer.DEDUCT, deduction=1.0),  # found, wrong points
        A05=ItemAnswer("A05", Answer.DEDUCT, occurrences=1),  # not in the key
        V04=ItemAnswer("V04", Answer.PASS),  # the veto missed
    )
    comp = compare(STD, KEY, trainee, explanations={"L04": "询问笔录早于立案登记表的日期。"})
    assert comp.missed == ("V04", "L04")  # standard order: veto tier first
    assert comp.extra == ("A05",)
    assert comp.points_mismatch == ("D05",)
    assert comp.key_veto and not comp.trainee_veto and not comp.veto_agrees
    l04 = next(i for i in comp.items if i.item_code == "L04")
    assert l04.explanation == "询问笔录早于立案登记表的日期。"
    assert l04.key_points == 2 and l04.trainee_points == 0
    d05 = next(i for i in comp.items if i.item_code == "D05")
    assert (d05.key_points, d05.trainee_points) == (2, 1)
    disagreements = len(comp.missed) + len(comp.extra) + len(comp.points_mismatch)
    assert round(comp.agreement, 6) == round((len(STD.item_codes()) - disagreements) / len(STD.item_codes()), 6)
    assert comp.finding_recall == 1 / 3  # of V04, L04, D05 only D05 was found


def test_identical_answers_agree_fully() -> None:
    comp = compare(STD, KEY, dict(KEY))
    assert comp.agreement == 1.0 and comp.points_difference == 0 and comp.veto_agrees
    assert comp.missed == comp.extra == comp.points_mismatch == ()


def test_points_difference_and_veto_only_mismatch() -> None:
    key = _all_pass(L04=ItemAnswer("L04", Answer.DEDUCT))
    trainee = _all_pass()
    comp = compare(STD, key, trainee)
    assert comp.points_difference == 2.0  # the trainee was 2 points too lenient
    veto_key = _all_pass(V04=ItemAnswer("V04", Answer.VETO))
    comp2 = compare(STD, veto_key, _all_pass(V04=ItemAnswer("V04", Answer.VETO)))
    assert comp2.veto_agrees and comp2.agreement == 1.0


def test_unanswered_items_are_reported() -> None:
    trainee = {k: v for k, v in KEY.items() if k != "A01"}
    comp = compare(STD, KEY, trainee)
    assert comp.codes("unanswered") == ("A01",)


def test_cohort_per_trainee_and_most_missed_items() -> None:
    good = compare(STD, KEY, dict(KEY))
    weak = compare(STD, KEY, _all_pass(D05=ItemAnswer("D05", Answer.DEDUCT, deduction=2.0)))
    weaker = compare(STD, KEY, _all_pass(A05=ItemAnswer("A05", Answer.DEDUCT, occurrences=1)))
    attempts = [
        Attempt(1, 10, "王学员", 1, "练习1", good),
        Attempt(2, 11, "李学员", 1, "练习1", weak),
        Attempt(3, 11, "李学员", 1, "练习1", weaker),
    ]
    res = cohort(attempts)
    assert [t.reviewer_name for t in res.trainees] == ["王学员", "李学员"]
    li = res.trainees[1]
    assert li.attempts == 2 and li.missed == 2 + 3 and li.extra == 1
    top = res.most_missed
    # V04 and L04 were missed in both of 李's attempts, D05 once
    assert {i.item_code for i in top[:2]} == {"V04", "L04"} and top[0].missed == 2
    d05 = next(i for i in res.items if i.item_code == "D05")
    assert (d05.attempts, d05.agree, d05.missed) == (3, 2, 1)
