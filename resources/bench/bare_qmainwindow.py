"""Baseline for `casereview bench`: the smallest PySide6 program that shows a main window.

It prints SHOWN (with the CPU seconds it has used) at its first event-loop turn after show() and then its peak memory, as
`casereview-gui --exit-after-show` / `--exit-after-list` do (see casereview/bench/gui.py).
"""

import sys
import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

app = QApplication(sys.argv)
window = QMainWindow()
window.resize(1440, 900)
window.setWindowTitle("bare")
window.show()


def shown() -> None:
    print(f"SHOWN {time.process_time():.4f}", flush=True)  # CPU seconds used so far
    from casereview.bench.gui import peak_rss_kb

    print(f"LISTED 0 {peak_rss_kb()}", flush=True)
    app.quit()


QTimer.singleShot(0, shown)
app.exec()
