"""Team-server figure: 20 simulated reviewers saving answers at once on one PostgreSQL.

Each reviewer is a process with its own ``Services`` (own interpreter and connection, as a PC would have),
saving an answer, pausing 0.5–1.5 s (reading the file), and saving the next. ``mode="threads"``
runs them as threads of one process instead (one interpreter: its GIL queue is included).
Besides the latencies, the client CPU and the SQL statements per save are reported: both
stay the same on a busy machine, where the latencies do not.
Reviewers work in pairs on one shared review (the worst case for locking: every save of
the pair claims the same row), one taking the even items, the other the odd ones, saving
answers in a loop for a bounded time and keeping, per item, the last answer it saved.
Afterwards every review is checked: each item must hold its owner's last answer (else a
lost update) and the cached answered count, score, grade and case-list columns must equal
a fresh computation (else a stale aggregate). Baseline: a bare psycopg loop of
single-row INSERTs (autocommit) on the same server for the same time.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import statistics
import time
import uuid
from collections.abc import Callable
from typing import Any

from sqlalchemy import create_engine, event, select, text

from casereview.bench.harness import Figure
from casereview.domain.enums import Answer
from casereview.scoring.engine import score
from casereview.services.app import Services
from casereview.services.queries.reviews import answers_of, definition_of
from casereview.storage.models import Case, ItemResult, Review, Unit

REVIEWERS = 20
# A reviewer reads the file between two answers; even a fast one clicks about once a second.
# Without a pause, 20 threads saving back to back measure the test machine's CPU queue, not
# the server (each save is one full transaction with its re-scoring).
THINK_SECONDS = (0.5, 1.5)
PG_ENV_VARS = ("CASEREVIEW_BENCH_PG_URL", "CASEREVIEW_TEST_PG_URL")


def server_url() -> str | None:
    return next((os.environ[v] for v in PG_ENV_VARS if os.environ.get(v)), None)


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def bench_team_server(seconds: float, log: Callable[[str], None], *, guard_latency: bool = True,
                      mode: str = "processes") -> list[Figure]:
    """``guard_latency`` False (--quick): a few seconds on a shared CI machine say little
    about p95, so only the lost/stale count (must be 0) is a target there."""
    admin_url = server_url()
    if not admin_url:
        log("团队服务器基准跳过：未设置 CASEREVIEW_BENCH_PG_URL 或 CASEREVIEW_TEST_PG_URL。")
        return []
    name = f"cr_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" ENCODING \'UTF8\''))
    url = admin_url.rpartition("/")[0] + "/" + name
    try:
        return _run(url, seconds, log, guard_latency, mode)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _run(url: str, seconds: float, log: Callable[[str], None], guard_latency: bool, mode: str) -> list[Figure]:
    setup = Services.open(url, actor="基准", as_system=True)
    setup.standards.sync_shipped()
    pairs = REVIEWERS // 2
    with setup.ctx.db.session() as session:
        unit = Unit(name="基准执法支队")
        session.add(unit)
        session.flush()
        cases = [Case(case_no=f"基准〔2026〕{i + 1}号", case_type="penalty", unit_id=unit.id) for i in range(pairs)]
        session.add_all(cases)
        session.flush()
        case_ids = [c.id for c in cases]
    review_ids = [setup.reviews.open_review(cid).review.id for cid in case_ids]
    codes = [c for c in setup.reviews.state(review_ids[0]).definition.item_codes()]
    setup.close()

    # Each simulated PC is a process of its own (its own interpreter and connection), as on a
    # real team: threads of one process would measure this process's GIL queue instead.
    if mode == "threads":
        import queue
        import threading

        results: Any = queue.Queue()
        ready: Any = queue.Queue()
        go: Any = threading.Event()
        start_at: Any = _Value()
        workers: list[Any] = [
            threading.Thread(target=_reviewer, args=(url, i, review_ids[i // 2], codes, (ready, go, start_at),
                                                     seconds, results), name=f"reviewer-{i}", daemon=True)
            for i in range(REVIEWERS)]
    else:
        ctx = multiprocessing.get_context("spawn")
        results, ready, go = ctx.Queue(), ctx.Queue(), ctx.Event()
        start_at = ctx.Value("d", 0.0)
        workers = [ctx.Process(target=_reviewer, args=(url, i, review_ids[i // 2], codes, (ready, go, start_at),
                                                       seconds, results), name=f"reviewer-{i}")
                   for i in range(REVIEWERS)]
    cpu_start = time.process_time()
    for w in workers:
        w.start()
    for _ in workers:  # every PC has started, imported the program and connected
        ready.get(timeout=600)
    start_at.value = time.time()
    cpu_start = time.process_time()
    go.set()
    latencies: list[list[float]] = [[] for _ in range(REVIEWERS)]
    last: list[dict[tuple[int, str], str]] = [{} for _ in range(REVIEWERS)]
    cpu: list[float] = []
    statements = 0
    errors: list[str] = []
    for _ in workers:
        index, lat, saved, cpu_seconds, count, error = results.get(timeout=seconds + 300)
        latencies[index], cpu = lat, [*cpu, cpu_seconds]
        statements += count
        last[index] = {(rid, code): answer for rid, code, answer in saved}
        if error:
            errors.append(error)
    if mode == "threads":  # one process: its CPU is the reviewers' CPU
        cpu = [time.process_time() - cpu_start]
    for w in workers:
        w.join(timeout=30)
    elapsed = seconds
    if errors:
        raise RuntimeError(f"团队服务器基准中保存失败：{errors[0]}")
    saves = [x for per in latencies for x in per]
    lost, stale = _check(url, last)
    bare_latencies = _bare_insert_loop(url, seconds)
    cpu_per_save = sum(cpu) / max(len(saves), 1)
    statements_per_save = statements / max(len(saves), 1)
    log(f"团队服务器（{'线程' if mode == 'threads' else '进程'}）：{len(saves)} 次保存，{elapsed:.1f} 秒，丢失 {lost}，"
        f"过期 {stale}，每次保存的客户端 CPU {cpu_per_save * 1000:.0f} ms、SQL 语句 {statements_per_save:.1f} 条")
    p50, p95 = statistics.median(saves), _percentile(saves, 0.95)
    bare_p50, bare_p95 = statistics.median(bare_latencies), _percentile(bare_latencies, 0.95)
    throughput = len(saves) / elapsed
    bare_throughput = len(bare_latencies) / seconds
    who = "线程" if mode == "threads" else "进程"
    label = f"{REVIEWERS} 人同时评查、每人约每秒保存一个结论（PostgreSQL，{seconds:.0f} 秒，每人一个{who}）"
    return [
        Figure(f"{label}：p50 延迟", p50, baseline_name="psycopg 单行 INSERT 循环 p50", baseline=bare_p50,
               target_note="—", issue="#16", runs=len(saves)),
        Figure(f"{label}：p95 延迟", p95, baseline_name="psycopg 单行 INSERT 循环 p95", baseline=bare_p95,
               target_abs=0.1 if guard_latency else None,
               target_note="< 100 ms" if guard_latency else "< 100 ms（快速规模仅供参考）", issue="#16",
               runs=len(saves)),
        Figure(f"{label}：吞吐量", throughput, unit="次/秒", baseline_name="psycopg 单行 INSERT 循环",
               baseline=bare_throughput, target_note="—", issue="#16"),
        Figure(f"{label}：每次保存的客户端 CPU", cpu_per_save, target_note="—", issue="#16",
               runs=len(saves)),
        Figure(f"{label}：每次保存的 SQL 语句", statements_per_save, unit="条", target_note="—", issue="#16",
               runs=len(saves)),
        Figure(f"{label}：丢失或过期的更新", float(lost + stale), unit="个", target_abs=0.0,
               target_note="必须为 0", issue="#16", extra={"lost": lost, "stale": stale, "saves": len(saves)}),
    ]


def _reviewer(url: str, index: int, review_id: int, codes: list[str], gate: tuple[Any, Any, Any], seconds: float,
              results: Any) -> None:
    """One simulated PC (a process): answers its half of the items of one review in a loop,
    pausing like a reader between answers; reports latencies, its last answers and CPU."""
    latencies: list[float] = []
    saved: dict[tuple[int, str], str] = {}
    error = ""
    cpu0 = time.process_time()
    statements = [0]
    try:
        services = Services.open(url, actor=f"评查员{index + 1}", as_system=True)
        event.listen(services.ctx.db.engine, "before_cursor_execute",
                     lambda *_args: statements.__setitem__(0, statements[0] + 1))
        try:
            mine = codes[index % 2::2]
            choices = (Answer.PASS, Answer.NOT_APPLICABLE)
            rng = random.Random(index)
            # connect and warm up before the start: a PC has saved before (the first save of a
            # process compiles its statements; 20 of those would be the run's 95th percentile)
            services.reviews.state(review_id)
            services.reviews.save_answer(review_id, mine[0], Answer.PASS)
            saved[(review_id, mine[0])] = Answer.PASS.value
            ready, go, start_at = gate
            ready.put(index)
            go.wait()
            cpu0 = time.process_time()
            statements[0] = 0
            deadline, n = start_at.value + seconds, 0
            while time.time() < deadline:
                code = mine[n % len(mine)]
                answer = choices[(n // len(mine) + index) % 2]
                began = time.perf_counter()
                services.reviews.save_answer(review_id, code, answer)
                latencies.append(time.perf_counter() - began)
                saved[(review_id, code)] = answer.value
                n += 1
                time.sleep(rng.uniform(*THINK_SECONDS))
        finally:
            services.close()
    except BaseException as exc:  # reported as a failed figure
        error = f"{type(exc).__name__}: {exc}"
        gate[0].put(index)  # never leave the others waiting
    results.put((index, latencies, [(r, c, a) for (r, c), a in saved.items()], time.process_time() - cpu0,
                 statements[0], error))


class _Value:
    """``multiprocessing.Value`` for threads."""

    value = 0.0


def _check(url: str, last: list[dict[tuple[int, str], str]]) -> tuple[int, int]:
    """(answers that are not their owner's last save, reviews or cases with stale aggregates)."""
    expected = {key: value for per in last for key, value in per.items()}
    services = Services.open(url, as_system=True)
    lost = stale = 0
    try:
        with services.ctx.db.session() as session:
            saved = {(r.review_id, r.item_code): r.answer for r in session.scalars(select(ItemResult))}
            lost = sum(1 for key, value in expected.items() if saved.get(key) != value)
            for review in session.scalars(select(Review)):
                results = session.scalars(select(ItemResult).where(ItemResult.review_id == review.id)).all()
                real = score(definition_of(session, review), answers_of(results))
                case = session.get(Case, review.case_id)
                if (review.answered != real.answered_count or review.total_score != real.total
                        or review.grade != real.grade or case is None or case.review_score != real.total):
                    stale += 1
    finally:
        services.close()
    return lost, stale


def _bare_insert_loop(url: str, seconds: float) -> list[float]:
    import psycopg

    dsn = url.replace("postgresql+psycopg://", "postgresql://")
    out: list[float] = []
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("CREATE TEMP TABLE bench_rows (id serial PRIMARY KEY, review_id int, item text, answer text)")
        stop = time.perf_counter() + seconds
        n = 0
        while time.perf_counter() < stop:
            began = time.perf_counter()
            conn.execute("INSERT INTO bench_rows (review_id, item, answer) VALUES (%s, %s, %s)", (1, f"V{n % 40}", "pass"))
            out.append(time.perf_counter() - began)
            n += 1
    return out
