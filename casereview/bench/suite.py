"""The benchmark suite (``casereview bench``): every performance figure of the issues,
each measured next to a baseline in the same run.

Sizes: the full run uses the issues' sizes (100,000 cases, 50,000 reviews, 20,000-row
registry, 500 forms); ``--quick`` shrinks them so the whole run stays under two minutes
and is part of CI, where a figure worse than 3x its target fails the build.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from casereview.bench.harness import Figure, median_time, paired_medians
from casereview.demo.build import build_dataset
from casereview.demo.bulk import add_bulk_reviews
from casereview.demo.generator import DatasetSpec
from casereview.domain.enums import Answer
from casereview.services.app import Services
from casereview.services.cases import CaseFilter


@dataclass(frozen=True)
class Sizes:
    cases: int
    reviews: int
    registry_rows: int
    forms: int
    check_cases: int
    saves: int
    runs: int


FULL = Sizes(cases=100_000, reviews=50_000, registry_rows=20_000, forms=500, check_cases=10_000, saves=1000, runs=5)
QUICK = Sizes(cases=10_000, reviews=3_000, registry_rows=5_000, forms=60, check_cases=2_000, saves=200, runs=3)


@dataclass
class BenchContext:
    workdir: Path
    sizes: Sizes
    quick: bool
    log: Callable[[str], None]
    _services: Services | None = None

    @property
    def db_path(self) -> Path:
        return self.workdir / f"bench-{self.sizes.cases}.sqlite3"

    def services(self) -> Services:
        """The benchmark database, generated once per size and reused by later runs."""
        if self._services is None:
            ready = self.db_path.with_suffix(".ready")
            if not ready.exists():
                for stale in self.workdir.glob(self.db_path.name + "*"):
                    stale.unlink()
                services = Services.open(self.db_path)
                services.standards.sync_shipped()
                start = time.perf_counter()
                self.log(f"生成基准数据：{self.sizes.cases} 件案件、{self.sizes.reviews} 份评查……")
                build_dataset(services, DatasetSpec(cases=self.sizes.cases, seed=11), documents=False)
                add_bulk_reviews(services, self.sizes.reviews, seed=12)
                self.log(f"基准数据生成用时 {time.perf_counter() - start:.1f} 秒")
                ready.write_text("ok")
                self._services = services
            else:
                self._services = Services.open(self.db_path)
        return self._services


BenchFn = Callable[[BenchContext], list[Figure]]


def bench_case_list(ctx: BenchContext) -> list[Figure]:
    """Opening the case list: all ids in display order plus the first visible page of rows,
    then one search keystroke; baseline: the same ids and rows read with bare sqlite3."""
    services = ctx.services()

    def open_list() -> None:
        ids = services.cases.query_ids(sort="case_no")
        services.cases.fetch_rows(ids[:60])

    def bare_open() -> None:
        conn = sqlite3.connect(ctx.db_path)
        ids = [r[0] for r in conn.execute("SELECT id FROM cases ORDER BY case_no, id")]
        marks = ",".join("?" * 60)
        conn.execute(
            f"SELECT cases.*, units.name FROM cases LEFT JOIN units ON units.id = cases.unit_id WHERE cases.id IN ({marks})",
            ids[:60],
        ).fetchall()
        conn.close()

    def search() -> None:
        ids = services.cases.query_ids(CaseFilter(text="物流"), sort="case_no")
        services.cases.fetch_rows(ids[:60])

    def bare_search() -> None:
        conn = sqlite3.connect(ctx.db_path)
        conn.execute(
            "SELECT id FROM cases WHERE case_no LIKE ? OR party_name LIKE ? OR cause LIKE ? ORDER BY case_no, id",
            ("%物流%",) * 3,
        ).fetchall()
        conn.close()

    first, first_base = paired_medians(open_list, bare_open, ctx.sizes.runs)
    typed, typed_base = paired_medians(search, bare_search, ctx.sizes.runs)
    n = ctx.sizes.cases
    return [
        Figure(
            f"案件列表：{n} 件，首屏行",
            first,
            baseline_name="sqlite3 直接读取",
            baseline=first_base,
            target_abs=0.5,
            target_note="< 0.5 s（界面不阻塞）",
            issue="#3",
            runs=ctx.sizes.runs,
        ),
        Figure(
            f"案件列表：{n} 件，输入一次搜索",
            typed,
            baseline_name="sqlite3 直接查询",
            baseline=typed_base,
            target_abs=0.5,
            target_note="< 0.5 s（后台线程）",
            issue="#3",
            runs=ctx.sizes.runs,
        ),
    ]


def bench_save_answer(ctx: BenchContext) -> list[Figure]:
    """Saving one answer and rescoring: single, and many in a row (one transaction each)."""
    services = ctx.services()
    case_id = services.cases.query_ids(CaseFilter(review_states=("not_started",), case_types=("penalty",)))[0]
    state = services.reviews.open_review(case_id)
    codes = [item.code for cat, item in state.definition.iter_items() if not cat.veto_tier]
    review_id = state.review.id

    def one() -> None:
        services.reviews.save_answer(review_id, codes[0], Answer.PASS)

    def bare_write() -> None:
        conn = sqlite3.connect(ctx.db_path)
        with conn:
            conn.execute("UPDATE item_results SET note = note WHERE review_id = ?", (review_id,))
        conn.close()

    single, base = paired_medians(one, bare_write, max(ctx.sizes.runs, 9))
    many = ctx.sizes.saves

    def burst() -> None:
        for i in range(many):
            services.reviews.save_answer(review_id, codes[i % len(codes)], Answer.PASS)

    total = median_time(burst, 1)
    return [
        Figure(
            "保存一个评查结论并重新计分",
            single,
            baseline_name="sqlite3 单次事务写入",
            baseline=base,
            target_abs=0.05,
            target_note="< 50 ms",
            issue="#3",
            runs=max(ctx.sizes.runs, 9),
        ),
        Figure(
            f"连续保存 {many} 个结论（每个一个事务）",
            total,
            target_abs=0.05 * many,
            target_note=f"平均 < 50 ms（{total / many * 1000:.1f} ms/个）",
            issue="#3",
        ),
    ]


def bench_checks(ctx: BenchContext) -> list[Figure]:
    """All statutory checks over N cases, including reading them from the database;
    baseline: reading the same cases' snapshots without running any rule."""
    from casereview.checks.registry import run_checks
    from casereview.services.checks import CheckService, load_snapshots

    services = ctx.services()
    checks = CheckService(services.ctx)
    ids = services.cases.query_ids()[: ctx.sizes.check_cases]
    context = checks.context()

    def run_all() -> None:
        with services.ctx.db.session() as session:
            snapshots = load_snapshots(session, ids)
        for snap in snapshots.values():
            run_checks(snap, context)

    def load_only() -> None:
        with services.ctx.db.session() as session:
            load_snapshots(session, ids)

    value, base = paired_medians(run_all, load_only, ctx.sizes.runs)
    return [
        Figure(
            f"全部自动检查：{len(ids)} 件案件",
            value,
            baseline_name="仅读取案件快照",
            baseline=base,
            target_abs=5.0 * len(ids) / 10_000,
            target_note="10,000 件 < 5 s",
            issue="#5",
            runs=ctx.sizes.runs,
        )
    ]


BENCHMARKS: dict[str, BenchFn] = {
    "case_list": bench_case_list,
    "save_answer": bench_save_answer,
    "checks": bench_checks,
}
