"""The exchange package file: a signed zip, optionally encrypted with a passphrase.

Layout (nothing else is accepted on reading):
    manifest.json         kind, creator, signer's public key, sha256 and size of every member
    data.json             the records (see casereview.exchange.records)
    documents/<sha256>    document contents, named by their hash
    signature             Ed25519 signature of manifest.json

Encrypted packages are ``MAGIC + salt + nonce + AES-256-GCM(zip) + tag`` with the key
derived by scrypt from the passphrase; encryption and decryption stream in 1 MiB pieces,
so a package with 500 MB of scans is never held in memory.

Reading is defensive: the package comes from outside. Member names are matched against the
layout (no path is ever taken from the archive to write a file), sizes and counts are
capped, every member is re-hashed against the signed manifest, and any failure is one
``PackageError`` with a Chinese message; the caller then changes nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from casereview.errors import ValidationError

__all__ = ["FORMAT", "OpenedPackage", "PackageError", "PackageLimits", "open_package", "write_package"]

FORMAT = "casereview-exchange"
FORMAT_VERSION = 1
MAGIC = b"CRPKG-AESGCM-1\n"
_CHUNK = 1 << 20
_DOC_NAME = re.compile(r"^documents/([0-9a-f]{64})$")
_EXT = re.compile(r"^\.[a-z0-9]{1,9}$")
_FIXED = {"manifest.json", "data.json", "signature"}


class PackageError(ValidationError):
    """A package that cannot be used (damaged, tampered, foreign, too large, wrong passphrase)."""

    code = "package_invalid"


@dataclass(frozen=True)
class PackageLimits:
    max_package_bytes: int = 8 << 30
    max_member_bytes: int = 1 << 30  # one document
    max_data_bytes: int = 256 << 20  # data.json
    max_members: int = 20000
    max_ratio: int = 200  # uncompressed / compressed: a zip bomb is refused


def _scrypt_key(passphrase: str, salt: bytes) -> bytes:
    return Scrypt(salt=salt, length=32, n=2**15, r=8, p=1).derive(passphrase.encode("utf-8"))


def write_package(
    target: Path,
    *,
    kind: str,
    meta: dict[str, Any],
    data: dict[str, Any],
    documents: dict[str, Path],
    signing_key: Ed25519PrivateKey,
    passphrase: str | None = None,
) -> Path:
    """Write a package to ``target`` (temp file, then replace: a failure leaves nothing half
    written). ``documents``: sha256 -> local file holding that content."""
    from cryptography.hazmat.primitives import serialization

    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    data_bytes = json.dumps(data, ensure_ascii=False, sort_keys=True, default=str).encode("utf-8")
    members: dict[str, dict[str, Any]] = {
        "data.json": {"sha256": hashlib.sha256(data_bytes).hexdigest(), "size": len(data_bytes)}
    }
    for sha, path in documents.items():
        members[f"documents/{sha}"] = {"sha256": sha, "size": path.stat().st_size}
    public = signing_key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    manifest = {
        "format": FORMAT, "format_version": FORMAT_VERSION, "kind": kind, "signer_key": public.hex(),
        "members": members, **meta,
    }
    manifest_bytes = json.dumps(manifest, ensure_ascii=False, sort_keys=True).encode("utf-8")
    signature = signing_key.sign(manifest_bytes)
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=".pkg-", suffix=".tmp")
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        zip_path = tmp if passphrase is None else tmp.with_suffix(".zip")
        with zipfile.ZipFile(zip_path, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as zf:
            zf.writestr("manifest.json", manifest_bytes)
            zf.writestr("signature", signature)
            zf.writestr("data.json", data_bytes)
            for sha, path in documents.items():
                with open(path, "rb") as src, zf.open(f"documents/{sha}", "w", force_zip64=True) as dst:
                    shutil.copyfileobj(src, dst, _CHUNK)
        if passphrase is not None:
            try:
                with open(zip_path, "rb") as src, open(tmp, "wb") as dst:
                    _encrypt_stream(src, dst, passphrase)
            finally:
                zip_path.unlink(missing_ok=True)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return target


def _encrypt_stream(src: BinaryIO, dst: BinaryIO, passphrase: str) -> None:
    salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
    encryptor = Cipher(algorithms.AES(_scrypt_key(passphrase, salt)), modes.GCM(nonce)).encryptor()
    encryptor.authenticate_additional_data(MAGIC)
    dst.write(MAGIC + salt + nonce)
    while chunk := src.read(_CHUNK):
        dst.write(encryptor.update(chunk))
    dst.write(encryptor.finalize() + encryptor.tag)


def _decrypt_to(src_path: Path, dst: BinaryIO, passphrase: str) -> None:
    size = src_path.stat().st_size
    header = len(MAGIC) + 16 + 12
    if size < header + 16:
        raise PackageError("加密的交换包不完整（文件被截断）。", code="package_truncated")
    with open(src_path, "rb") as src:
        src.seek(len(MAGIC))
        salt, nonce = src.read(16), src.read(12)
        src.seek(size - 16)
        tag = src.read(16)
        src.seek(header)
        decryptor = Cipher(algorithms.AES(_scrypt_key(passphrase, salt)), modes.GCM(nonce, tag)).decryptor()
        decryptor.authenticate_additional_data(MAGIC)
        remaining = size - header - 16
        while remaining > 0:
            chunk = src.read(min(_CHUNK, remaining))
            if not chunk:
                break
            remaining -= len(chunk)
            dst.write(decryptor.update(chunk))
        try:
            dst.write(decryptor.finalize())
        except InvalidTag as exc:
            raise PackageError("无法解密交换包：口令错误，或文件已被改动或截断。", code="package_decrypt") from exc


@dataclass
class OpenedPackage:
    """A package whose signature and member hashes were checked (documents still inside)."""

    manifest: dict[str, Any]
    data: dict[str, Any]
    signer_key: bytes
    zip_path: Path
    _zip: zipfile.ZipFile

    @property
    def kind(self) -> str:
        return str(self.manifest.get("kind"))

    def document_names(self) -> list[str]:
        return [name.split("/", 1)[1] for name in self.manifest["members"] if name.startswith("documents/")]

    @contextmanager
    def document(self, sha: str, ext: str = "") -> Iterator[Path]:
        """A document copied out to a temporary file ``doc<ext>`` (re-hashed against its name)."""
        member = self.manifest["members"].get(f"documents/{sha}")
        if member is None:
            raise PackageError(f"交换包中没有文件 {sha[:16]}…。", code="package_member_missing")
        with tempfile.TemporaryDirectory(prefix="casereview-pkg-") as tmp:
            out = Path(tmp) / ("doc" + (ext if _EXT.match(ext) else ""))
            digest = hashlib.sha256()
            written = 0
            with self._zip.open(f"documents/{sha}") as src, open(out, "wb") as dst:
                while chunk := src.read(_CHUNK):
                    written += len(chunk)
                    if written > member["size"]:
                        raise PackageError(f"交换包中的文件 {sha[:16]}… 大小与清单不符。", code="package_tampered")
                    digest.update(chunk)
                    dst.write(chunk)
            if digest.hexdigest() != sha or written != member["size"]:
                raise PackageError(f"交换包中的文件 {sha[:16]}… 已被改动（校验值不符）。", code="package_tampered")
            yield out


@contextmanager
def open_package(
    path: str | Path, *, passphrase: str | None = None, limits: PackageLimits | None = None
) -> Iterator[OpenedPackage]:
    """Open, decrypt when needed, and check a package; ``PackageError`` on any problem."""
    limits = limits or PackageLimits()
    path = Path(path)
    if not path.is_file():
        raise PackageError(f"找不到交换包 {path}。", code="package_missing")
    size = path.stat().st_size
    if size > limits.max_package_bytes:
        raise PackageError(f"交换包 {path.name} 过大（{size / 1048576:.0f} MB）。", code="package_too_large")
    with open(path, "rb") as handle:
        encrypted = handle.read(len(MAGIC)) == MAGIC
    with tempfile.TemporaryDirectory(prefix="casereview-pkg-") as tmp:
        zip_path = path
        if encrypted:
            if not passphrase:
                raise PackageError("该交换包已加密，请提供口令。", code="package_needs_passphrase")
            zip_path = Path(tmp) / "package.zip"
            with open(zip_path, "wb") as out:
                _decrypt_to(path, out, passphrase)
        try:
            zf = zipfile.ZipFile(zip_path)
        except (zipfile.BadZipFile, OSError) as exc:
            raise PackageError(f"{path.name} 不是 CaseReview 交换包，或文件不完整（被截断）。", code="package_truncated") from exc
        with zf:
            yield _checked(zf, zip_path, path.name, limits)


def _checked(zf: zipfile.ZipFile, zip_path: Path, name: str, limits: PackageLimits) -> OpenedPackage:
    infos = zf.infolist()
    if len(infos) > limits.max_members:
        raise PackageError(f"交换包 {name} 含有过多文件（{len(infos)} 个）。", code="package_too_large")
    for info in infos:
        if info.filename not in _FIXED and not _DOC_NAME.match(info.filename):
            raise PackageError(f"交换包 {name} 含有不允许的文件“{info.filename[:80]}”，已拒绝（可能是恶意文件）。",
                               code="package_foreign_member")
        if info.file_size > limits.max_member_bytes:
            raise PackageError(f"交换包中的文件“{info.filename[:80]}”过大。", code="package_too_large")
        if info.compress_size and info.file_size / info.compress_size > limits.max_ratio and info.file_size > 1 << 20:
            raise PackageError(f"交换包中的文件“{info.filename[:80]}”压缩比异常（疑似压缩炸弹），已拒绝。",
                               code="package_too_large")
    names = {i.filename for i in infos}
    if not names >= _FIXED:
        raise PackageError(f"{name} 不是完整的 CaseReview 交换包（缺少清单、签名或数据）。", code="package_incomplete")
    try:
        manifest_bytes = _read_small(zf, "manifest.json", 1 << 20)
        signature = _read_small(zf, "signature", 1024)
        manifest = json.loads(manifest_bytes)
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise PackageError(f"{name} 不是 CaseReview 交换包。", code="package_foreign")
        if manifest.get("format_version") != FORMAT_VERSION:
            raise PackageError(f"交换包 {name} 的格式版本（{manifest.get('format_version')}）不受本程序支持。",
                               code="package_version")
        key = bytes.fromhex(str(manifest.get("signer_key", "")))
        Ed25519PublicKey.from_public_bytes(key).verify(signature, manifest_bytes)
    except PackageError:
        raise
    except (InvalidSignature, ValueError, TypeError) as exc:
        raise PackageError(f"交换包 {name} 的签名无效：内容已被改动或不是由签名者生成。", code="package_tampered") from exc
    except (zipfile.BadZipFile, OSError, EOFError, KeyError) as exc:
        raise PackageError(f"交换包 {name} 已损坏或不完整。", code="package_truncated") from exc
    members = manifest.get("members")
    if not isinstance(members, dict) or set(members) != names - {"manifest.json", "signature"}:
        raise PackageError(f"交换包 {name} 的文件与清单不符（有文件被加入或删除）。", code="package_tampered")
    data_member = members["data.json"]
    if int(data_member.get("size", 0)) > limits.max_data_bytes:
        raise PackageError(f"交换包 {name} 的数据部分过大。", code="package_too_large")
    try:
        data_bytes = _read_small(zf, "data.json", limits.max_data_bytes)
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise PackageError(f"交换包 {name} 已损坏或不完整。", code="package_truncated") from exc
    if hashlib.sha256(data_bytes).hexdigest() != data_member.get("sha256"):
        raise PackageError(f"交换包 {name} 的数据已被改动（校验值与签名清单不符）。", code="package_tampered")
    try:
        data = json.loads(data_bytes)
    except ValueError as exc:
        raise PackageError(f"交换包 {name} 的数据无法读取。", code="package_invalid") from exc
    if not isinstance(data, dict):
        raise PackageError(f"交换包 {name} 的数据格式不正确。", code="package_invalid")
    return OpenedPackage(manifest, data, key, zip_path, zf)


def _read_small(zf: zipfile.ZipFile, member: str, limit: int) -> bytes:
    with zf.open(member) as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise PackageError(f"交换包中的“{member}”过大。", code="package_too_large")
    return data


def public_key_hex(key: Ed25519PrivateKey) -> str:
    from cryptography.hazmat.primitives import serialization

    return key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw).hex()


def fingerprint(public_hex: str) -> str:
    """A short, readable fingerprint of a public key to compare by phone."""
    digest = hashlib.sha256(bytes.fromhex(public_hex)).hexdigest()[:16].upper()
    return " ".join(digest[i:i + 4] for i in range(0, 16, 4))
