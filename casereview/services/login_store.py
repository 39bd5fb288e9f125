"""Where ``casereview login`` keeps its token: one small file per database in the user's
data folder (readable by the OS user only). The database stores only the token's hash,
so the administrator can revoke it; it also expires by itself."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from casereview.paths import user_data_dir


def _file(url: str) -> Path:
    return user_data_dir() / "login" / (hashlib.sha256(url.encode("utf-8")).hexdigest()[:20] + ".json")


def save(url: str, account: str, token: str) -> Path:
    path = _file(url)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump({"database": url, "account": account, "token": token}, out, ensure_ascii=False)
    tmp.replace(path)
    return path


def load(url: str) -> str | None:
    path = _file(url)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    token = data.get("token") if isinstance(data, dict) and data.get("database") == url else None
    return token if isinstance(token, str) else None


def forget(url: str) -> str | None:
    token = load(url)
    _file(url).unlink(missing_ok=True)
    return token
