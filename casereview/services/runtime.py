"""What the desktop program needs around the services to start: version, user folders, the
self-test, the demo database and the memory probe of the benchmark (lazily re-exported; see
``casereview.services.types``)."""

from __future__ import annotations

from casereview.services.lazy_exports import lazy_getattr

# name -> defining module, imported on first use so that importing this module stays cheap
_SOURCES = {
    "OcrQueue": "casereview.docintel.worker",
    "__version__": "casereview",
    "default_database_path": "casereview.paths",
    "resources_dir": "casereview.paths",
    "user_log_dir": "casereview.paths",
    "SelfTest": "casereview.selftest",
    "Step": "casereview.selftest",
    "display_problems": "casereview.selftest",
    "set_label_language": "casereview.domain.display",
    "run_self_test": "casereview.selftest",
    "build_demo": "casereview.demo",
    "DEMO_PASSWORD": "casereview.demo.build",
    "peak_rss_kb": "casereview.bench.gui",
}

__all__ = sorted(_SOURCES)


__getattr__ = lazy_getattr(globals(), _SOURCES)
