"""The key that signs assignment packages: on the lead's PC, never in the database.

The private key of an Ed25519 pair lives in the current OS user's settings folder
(``signing-key.json`` next to ``server.json``), sealed the same way as the server password
(Windows: DPAPI, bound to the Windows account; elsewhere AES-GCM with a key file only that
user can read). The database keeps only public keys (``exchange.server_key``: every key
that signed packages for this team, who registered it and when), which the application
role may read without being able to sign anything. A lead working on two PCs has two keys;
a reviewer's laptop shows the fingerprint of the one that signed its package.
"""

from __future__ import annotations

import json
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from casereview.errors import StorageError
from casereview.storage.server import _protect, _unprotect, settings_path, write_private_json


def signing_key_path() -> Path:
    return settings_path().with_name("signing-key.json")


def local_public_key_hex() -> str | None:
    """The public key of this OS user's signing key, read without unsealing the private key
    and without creating anything (None: this PC has no signing key yet)."""
    path = signing_key_path()
    if not path.is_file():
        return None
    try:
        public = json.loads(path.read_text(encoding="utf-8")).get("public")
    except Exception as exc:
        raise StorageError(f"无法读取本机的数据包签名密钥 {path}：{exc}。", code="signing_key_unreadable") from exc
    return public if isinstance(public, str) and public else None


def local_signing_key() -> Ed25519PrivateKey:
    """This OS user's signing key, created (and sealed) on first use."""
    path = signing_key_path()
    if path.is_file():
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
            return Ed25519PrivateKey.from_private_bytes(bytes.fromhex(_unprotect(record["private"])))
        except Exception as exc:  # damaged file, key file gone, another user's DPAPI blob
            raise StorageError(
                f"无法读取本机的数据包签名密钥 {path}：{exc}。如该文件已损坏，请删除它，下次导出时会生成新密钥"
                "（评查人员笔记本上会显示新的签名指纹）。", code="signing_key_unreadable") from exc
    key = Ed25519PrivateKey.generate()
    raw = key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption())
    public = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw).hex()
    record = {"public": public, "private": _protect(raw.hex())}
    write_private_json(path, record)
    return key
