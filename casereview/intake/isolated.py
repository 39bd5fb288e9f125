"""Reading an untrusted registry in a child process first, for the app.

The spreadsheet reader is native code: a file it mishandles can hang it, make it allocate
gigabytes or abort the process (an assertion, an allocation failure). The limits checked
before reading (limits.py) catch the known shapes; for anything else, the app reads each new
file once in a child process with a time limit and (on Linux and macOS) an address-space
limit. Only a file the child read to its end is then read in the app's own process; a child
that hangs is killed, and a crash or memory exhaustion becomes one Chinese message, naming
the file, while the app goes on. The result is remembered per file (path, size, mtime, sheet).

The command line (``cases import``) uses the same probe, with the same limits and messages;
there ``keep_rows`` has the child hand the rows it read over to the caller, so the file is
read once, not twice, and in a single-threaded process on Linux the child is forked rather
than spawned (no second interpreter start-up; the address-space limit then also counts what
the child inherited). The app, which has threads, always spawns.

``probe_file`` is also usable from scripts; ``CASEREVIEW_PROBE_FAULT`` (hang, crash, memory)
injects a fault into the child, for tests.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from casereview.errors import ValidationError

__all__ = ["DEFAULT_MEMORY", "DEFAULT_TIMEOUT", "ProbeResult", "probe_file"]

DEFAULT_TIMEOUT = 120.0  # seconds for one file: a 200 MB registry reads in well under this
DEFAULT_MEMORY = 2 * 1024 * 1024 * 1024  # address space of the child (Linux, macOS)
_CHECKED: dict[tuple[str, int, int, str | None], int] = {}  # files read to the end → rows


@dataclass(frozen=True, slots=True)
class ProbeResult:
    rows: int  # data rows read (header found as the import would find it); keep_rows: rows of the sheet
    cached: bool


def _limit_memory(memory: int) -> None:
    try:
        import resource
    except ImportError:  # Windows: the time limit and the crash containment still hold
        return
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))


KEEP_ROWS_MAX_BYTES = 32 * 1024 * 1024  # larger files: the caller reads again rather than hold two copies


def _child(path: str, sheet: str | None, memory: int, conn: Any, keep_rows: bool = False) -> None:
    """In the child: read the whole sheet as the import would; report rows or the message."""
    import gc

    gc.freeze()  # forked: the collector leaves the inherited objects alone (no scan, no copied pages)
    _limit_memory(memory)
    fault = os.environ.get("CASEREVIEW_PROBE_FAULT", "")
    try:
        if fault == "hang":
            import time

            while True:
                time.sleep(1)
        if fault == "crash":
            os.abort()
        if fault == "memory":
            hog = [bytearray(64 << 20) for _ in range(10_000)]
            del hog
        from casereview.intake.readers import open_table

        if fault == "no_limits":  # read with the pre-read checks off: the reader meets the file raw
            import casereview.intake.readers as readers

            readers.check_registry_file = lambda _path: None  # type: ignore[assignment]
        if keep_rows:
            from casereview.intake.readers import read_materialised

            opened = read_materialised(Path(path), sheet)
            conn.send(("ok", (len(cast("list[object]", opened.rows)), opened)))  # the caller finds the header
            return
        table = open_table(Path(path), sheet=sheet)
        rows = sum(1 for _row in table.rows())
        conn.send(("ok", rows))
    except ValidationError as exc:
        conn.send(("refused", exc.message))
    except MemoryError:
        conn.send(("memory", ""))
    except BaseException as exc:
        conn.send(("error", f"{type(exc).__name__}: {exc}"[:300]))
    finally:
        conn.close()


def _start_method(keep_rows: bool) -> str:
    """fork only for the CLI's read-once probe, on Linux, in a process with one OS thread
    (counted in /proc, so a Qt or native thread counts too); spawn otherwise."""
    if not keep_rows or not sys.platform.startswith("linux"):
        return "spawn"
    try:
        threads = len(os.listdir("/proc/self/task"))
    except OSError:
        return "spawn"
    return "fork" if threads == 1 else "spawn"


def probe_file(path: str | Path, *, sheet: str | None = None, timeout: float = DEFAULT_TIMEOUT,
               memory: int = DEFAULT_MEMORY, keep_rows: bool = False) -> ProbeResult:
    """Read ``path`` to its end in a child process; ``ValidationError`` (one Chinese message
    naming the file) when the child refuses it, runs out of time or memory, or dies.
    ``keep_rows`` (the CLI, which reads the file right after): the rows the child read are
    handed over and used by this process's reader for ``path`` until
    ``readers.forget_preloaded(path)`` (files up to KEEP_ROWS_MAX_BYTES)."""
    path = Path(path)
    try:
        stat = path.stat()
    except OSError:
        raise ValidationError(f"找不到文件 {path}", code="file_not_found", path=str(path)) from None
    key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns, sheet)
    if key in _CHECKED:
        return ProbeResult(_CHECKED[key], True)
    keep_rows = keep_rows and stat.st_size <= KEEP_ROWS_MAX_BYTES
    ctx: Any = multiprocessing.get_context(_start_method(keep_rows))
    receive, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_child, args=(str(path), sheet, memory, send, keep_rows), name="casereview-reader",
                        daemon=True)
    child.start()
    send.close()
    message: tuple[str, Any] | None = None
    timed_out = False
    try:
        if receive.poll(timeout):
            try:
                message = receive.recv()
            except (EOFError, OSError):
                message = None  # the child died without a word (an abort, a signal)
        else:
            timed_out = True
        child.join(5 if message is not None else 0.5)
    finally:
        if child.is_alive():
            child.kill()
            child.join(5)
        receive.close()
    name = path.name
    where = {"path": str(path)}
    if timed_out:
        raise ValidationError(f"读取文件 {name} 超过 {timeout:.0f} 秒仍未完成，已停止读取（文件可能已损坏或被特意构造）；"
                              "数据库未作任何修改", code="reader_timeout", **where)
    if message is None:
        raise ValidationError(f"读取文件 {name} 时表格读取组件异常退出（退出码 {child.exitcode}），已停止读取"
                              "（文件可能已损坏或被特意构造）；程序和数据库未受影响", code="reader_crashed",
                              exit_code=child.exitcode, **where)
    kind, detail = message
    if kind == "ok":
        if keep_rows:
            from casereview.intake.readers import preload

            detail, opened = detail
            preload(path, opened)
        _CHECKED[key] = int(detail)
        return ProbeResult(int(detail), False)
    if kind == "refused":
        raise ValidationError(str(detail), code="reader_refused", **where)
    if kind == "memory":
        raise ValidationError(f"读取文件 {name} 需要的内存超过 {memory / 2**30:.1f} GB 的上限，已停止读取"
                              "（文件可能被特意构造）；数据库未作任何修改", code="reader_memory", **where)
    raise ValidationError(f"无法读取文件 {name}：{detail}", code="reader_failed", **where)

