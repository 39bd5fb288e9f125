"""Password hashing (Argon2id) and the password policy."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from casereview.errors import ValidationError

MIN_LENGTH = 8
MAX_FAILED_ATTEMPTS = 5
LOCKOUT_MINUTES = 15

# argon2-cffi's defaults are RFC 9106's "low memory" Argon2id profile (64 MiB, 3 passes):
# about 50 ms on an office PC, which is what a sign-in can afford.
_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    if not stored_hash:
        return False
    try:
        return _hasher.verify(stored_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return _hasher.check_needs_rehash(stored_hash)


def check_policy(password: str, *, name: str = "", display_name: str = "") -> None:
    """At least 8 characters with letters and digits, not the account name: raise one
    Chinese message saying what is missing."""
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append(f"至少 {MIN_LENGTH} 个字符")
    if not any(ch.isdigit() for ch in password):
        problems.append("包含数字")
    if not any(ch.isalpha() for ch in password):
        problems.append("包含字母或汉字")
    if problems:
        raise ValidationError("密码不符合要求：需要" + "、".join(problems) + "。", code="password_policy")
    lowered = password.lower()
    for word in (name, display_name):
        if word and word.lower() in lowered:
            raise ValidationError("密码不能包含账号名或姓名。", code="password_policy")
