"""Reading an untrusted registry in a child process first, for the app.

The spreadsheet reader is native code: a file it mishandles can hang it, make it allocate
gigabytes or abort the process (an assertion, an allocation failure). The limits checked
before reading (limits.py) catch the known shapes; for anything else, the app reads each new
file once in a child process with a time limit and (on Linux and macOS) an address-space
limit. Only a file the child read to its end is then read in the app's own process; a child
that hangs is killed, and a crash or memory exhaustion becomes one Chinese message, naming
the file, while the app goes on. The result is remembered per file (path, size, mtime, sheet).

``probe_file`` is also usable from scripts; ``CASEREVIEW_PROBE_FAULT`` (hang, crash, memory)
injects a fault into the child, for tests.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from casereview.errors import ValidationError

__all__ = ["DEFAULT_MEMORY", "DEFAULT_TIMEOUT", "ProbeResult", "probe_file"]

DEFAULT_TIMEOUT = 120.0  # seconds for one file: a 200 MB registry reads in well under this
DEFAULT_MEMORY = 2 * 1024 * 1024 * 1024  # address space of the child (Linux, macOS)
_CHECKED: dict[tuple[str, int, int, str | None], int] = {}  # files read to the end → rows


@dataclass(frozen=True, slots=True)
class ProbeResult:
    rows: int  # data rows read (header found as the import would find it)
    cached: bool


def _limit_memory(memory: int) -> None:
    try:
        import resource
    except ImportError:  # Windows: the time limit and the crash containment still hold
        return
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))


def _child(path: str, sheet: str | None, memory: int, conn: Any) -> None:
    """In the child: read the whole sheet as the import would; report rows or the message."""
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


def probe_file(path: str | Path, *, sheet: str | None = None, timeout: float = DEFAULT_TIMEOUT,
               memory: int = DEFAULT_MEMORY) -> ProbeResult:
    """Read ``path`` to its end in a child process; ``ValidationError`` (one Chinese message
    naming the file) when the child refuses it, runs out of time or memory, or dies."""
    path = Path(path)
    try:
        stat = path.stat()
    except OSError:
        raise ValidationError(f"找不到文件 {path}", code="file_not_found", path=str(path)) from None
    key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns, sheet)
    if key in _CHECKED:
        return ProbeResult(_CHECKED[key], True)
    ctx = multiprocessing.get_context("spawn")
    receive, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_child, args=(str(path), sheet, memory, send), name="casereview-reader", daemon=True)
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
        _CHECKED[key] = int(detail)
        return ProbeResult(int(detail), False)
    if kind == "refused":
        raise ValidationError(str(detail), code="reader_refused", **where)
    if kind == "memory":
        raise ValidationError(f"读取文件 {name} 需要的内存超过 {memory / 2**30:.1f} GB 的上限，已停止读取"
                              "（文件可能被特意构造）；数据库未作任何修改", code="reader_memory", **where)
    raise ValidationError(f"无法读取文件 {name}：{detail}", code="reader_failed", **where)

