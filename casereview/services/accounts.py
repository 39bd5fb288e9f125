"""Accounts: sign-in, passwords, tokens and the administrator's account management.

Accounts are never deleted (the audit keeps pointing at them): an administrator
deactivates them. Every change and every refused sign-in is written to the audit chain.
Signing in makes the account the acting one of this ``ServiceContext``.
"""

from __future__ import annotations

import getpass
import hashlib
import platform
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from casereview.accounts import passwords
from casereview.accounts.roles import ROLE_LABELS, Actor, Role, role_code
from casereview.errors import AuthError, ConflictError, NotFoundError, PermissionDenied, ValidationError
from casereview.services.context import ServiceContext
from casereview.storage import audit_chain
from casereview.storage.models import Account, AccountToken, Reviewer, Unit, utcnow

TOKEN_DAYS = 30
# Roles that score and therefore need a roster entry (assignment, reviews point at it).
_ROSTER_ROLES = (Role.LEAD, Role.RECHECKER, Role.REVIEWER, Role.TRAINEE)


@dataclass(frozen=True)
class AccountInfo:
    id: int
    name: str
    display_name: str
    unit_id: int | None
    unit: str | None
    roles: tuple[str, ...]
    active: bool
    locked_until: datetime | None
    must_change_password: bool
    has_password: bool
    reviewer_id: int | None
    last_login_at: datetime | None
    caps: tuple[str, ...] = ()  # what the roles allow (casereview.accounts.roles.Cap), for the UI

    @property
    def role_labels(self) -> str:
        return "、".join(ROLE_LABELS.get(r, r) for r in self.roles) or "—"


def check_roles(roles: list[str] | tuple[str, ...]) -> list[str]:
    codes: list[str] = []
    for role in roles:
        code = role_code(role)
        if code is None:
            choices = "、".join(f"{k}（{v}）" for k, v in ROLE_LABELS.items())
            raise ValidationError(f"角色“{role}”无效，可选：{choices}。", role=role)
        if code not in codes:
            codes.append(code)
    if not codes:
        raise ValidationError("账号至少要有一个角色。")
    return codes


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def account_snapshot(account: Account) -> dict[str, Any]:
    return {
        "name": account.name,
        "display_name": account.display_name,
        "unit_id": account.unit_id,
        "roles": list(account.roles or []),
        "active": account.active,
    }


def create_roster_account(session: Session, person: Reviewer) -> Account:
    """The account of a roster person added without one (no password until an
    administrator sets it); the login name is the person's name, numbered if taken."""
    login = person.name
    if session.scalar(select(Account.id).where(Account.name == login)) is not None:
        login = f"{person.name}{person.id}"
    account = Account(
        name=login, display_name=person.name, unit_id=person.unit_id, roles=[person.role or "reviewer"],
        active=person.active, must_change_password=True, failed_attempts=0,
    )
    session.add(account)
    session.flush()
    person.account_id = account.id
    return account


class AccountService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    # -- helpers --------------------------------------------------------------------

    def _info(self, session: Session, a: Account) -> AccountInfo:
        unit = session.get(Unit, a.unit_id) if a.unit_id else None
        reviewer_id = session.scalar(select(Reviewer.id).where(Reviewer.account_id == a.id))
        return AccountInfo(
            id=a.id, name=a.name, display_name=a.display_name, unit_id=a.unit_id,
            unit=(unit.short_name or unit.name) if unit else None, roles=tuple(a.roles or ()), active=a.active,
            locked_until=a.locked_until if a.locked_until and a.locked_until > utcnow() else None,
            must_change_password=a.must_change_password, has_password=bool(a.password_hash),
            reviewer_id=reviewer_id, last_login_at=a.last_login_at,
            caps=tuple(sorted(Actor(a.id, a.name, a.display_name, frozenset(a.roles or ())).caps)),
        )

    def _find(self, session: Session, ref: int | str) -> Account:
        text = str(ref).strip()
        account = session.scalar(select(Account).where(Account.name == text))
        if account is None and text.isdigit():
            account = session.get(Account, int(text))
        if account is None:
            raise NotFoundError(f"没有名为“{text}”的账号。", account=text)
        return account

    def _actor_of(self, session: Session, a: Account) -> Actor:
        reviewer_id = session.scalar(select(Reviewer.id).where(Reviewer.account_id == a.id))
        return Actor(
            account_id=a.id, name=a.name, display_name=a.display_name, roles=frozenset(a.roles or ()),
            unit_id=a.unit_id, reviewer_id=reviewer_id,
        )

    def _audit(self, session: Session, account: Account | None, action: str, before: Any = None,
               after: Any = None, reason: str | None = None, actor: str | None = None) -> None:
        audit_chain.record(
            session, actor=actor or self.ctx.actor_name, entity="account",
            entity_id=account.id if account else None, action=action, before=before, after=after, reason=reason,
        )

    def _unit_id(self, session: Session, unit: int | str | None) -> int | None:
        if unit is None or str(unit).strip() == "":
            return None
        from casereview.services.queries.lookups import find_unit

        return find_unit(session, unit)

    # -- first start ----------------------------------------------------------------

    def needs_admin(self) -> bool:
        """True for a new database: no active administrator account yet."""
        with self.ctx.db.session() as session:
            return not any(Role.ADMIN in (roles or []) for roles in session.scalars(
                select(Account.roles).where(Account.active.is_(True))
            ))

    def init_admin(self, name: str, display_name: str, password: str, *, unit: int | str | None = None) -> AccountInfo:
        """Create the first administrator of a new database (refused once one exists)."""
        if not self.needs_admin():
            raise ConflictError("本数据库已有管理员账号；新账号请由管理员创建。", code="admin_exists")
        info = self._create(name, display_name, [Role.ADMIN], password, unit=unit, must_change=False,
                            action="init_admin")
        return info

    # -- signing in -----------------------------------------------------------------

    def sign_in(self, name: str, password: str) -> AccountInfo:
        """Check the password (with lock-out) and make the account the acting one."""
        name = (name or "").strip()
        refusal: AuthError | None = None
        with self.ctx.db.session() as session:
            account = session.scalar(select(Account).where(Account.name == name))
            now = utcnow()
            if account is None:
                passwords.verify_password(None, password)
                refusal = AuthError(f"账号“{name}”不存在或密码错误。", code="auth_failed", account=name)
                self._audit(session, None, "sign_in_refused", after={"name": name}, reason="unknown", actor=name)
            elif not account.active:
                refusal = AuthError(f"账号“{name}”已停用，请联系管理员。", code="auth_inactive", account=name)
                self._audit(session, account, "sign_in_refused", reason="inactive", actor=name)
            elif account.locked_until and account.locked_until > now:
                minutes = max(1, int((account.locked_until - now).total_seconds() // 60) + 1)
                refusal = AuthError(
                    f"账号“{name}”因连续输错密码已锁定，请 {minutes} 分钟后再试，或请管理员重置密码。",
                    code="auth_locked", account=name,
                )
                self._audit(session, account, "sign_in_refused", reason="locked", actor=name)
            elif not account.password_hash:
                refusal = AuthError(f"账号“{name}”尚未设置密码，请管理员为其设置初始密码。",
                                    code="auth_no_password", account=name)
                self._audit(session, account, "sign_in_refused", reason="no_password", actor=name)
            elif not passwords.verify_password(account.password_hash, password):
                account.failed_attempts = (account.failed_attempts or 0) + 1
                left = passwords.MAX_FAILED_ATTEMPTS - account.failed_attempts
                if left <= 0:
                    account.locked_until = now + timedelta(minutes=passwords.LOCKOUT_MINUTES)
                    account.failed_attempts = 0
                    message = (f"密码错误。账号“{name}”已锁定 {passwords.LOCKOUT_MINUTES} 分钟。")
                else:
                    message = f"账号“{name}”不存在或密码错误（再错 {left} 次将锁定）。"
                refusal = AuthError(message, code="auth_failed", account=name)
                self._audit(session, account, "sign_in_refused", reason="password", actor=name)
            else:
                account.failed_attempts = 0
                account.locked_until = None
                account.last_login_at = now
                if passwords.needs_rehash(account.password_hash):
                    account.password_hash = passwords.hash_password(password)
                actor = self._actor_of(session, account)
                info = self._info(session, account)
        if refusal is not None:
            raise refusal
        self.ctx.act_as(actor)
        return info

    def sign_in_token(self, token: str) -> AccountInfo:
        """Sign in with a token from ``issue_token`` (expired or revoked ones are refused)."""
        refusal: AuthError | None = None
        with self.ctx.db.session() as session:
            row = session.scalar(select(AccountToken).where(AccountToken.token_sha256 == _token_hash(token)))
            account = session.get(Account, row.account_id) if row else None
            if row is None or account is None:
                refusal = AuthError("登录凭据无效，请重新登录（casereview login）。", code="token_invalid")
            elif row.revoked_at is not None:
                refusal = AuthError("登录凭据已被撤销，请重新登录。", code="token_revoked")
            elif row.expires_at <= utcnow():
                refusal = AuthError(f"登录凭据已于 {row.expires_at:%Y-%m-%d} 过期，请重新登录。", code="token_expired")
            elif not account.active:
                refusal = AuthError(f"账号“{account.name}”已停用，请联系管理员。", code="auth_inactive")
            if refusal is not None:  # the refusal itself is audited (committed), then raised
                self._audit(session, account, "sign_in_refused", reason=refusal.code,
                            actor=account.name if account is not None else "未知凭据")
            else:
                assert account is not None
                actor = self._actor_of(session, account)
                info = self._info(session, account)
        if refusal is not None:
            raise refusal
        self.ctx.act_as(actor)
        return info

    def sign_out(self) -> None:
        from casereview.accounts.roles import ANONYMOUS

        self.ctx.account = ANONYMOUS
        self.ctx.actor = None
        self.ctx.actor_id = None

    def current(self) -> AccountInfo | None:
        if self.ctx.account.account_id is None:
            return None
        with self.ctx.db.session() as session:
            account = session.get(Account, self.ctx.account.account_id)
            return self._info(session, account) if account else None

    def issue_token(self, *, days: int = TOKEN_DAYS, label: str | None = None) -> str:
        """A new sign-in token for the signed-in account (only its hash is stored)."""
        account_id = self.ctx.account.account_id
        if account_id is None:
            raise PermissionDenied("请先用密码登录。", code="not_signed_in")
        token = secrets.token_urlsafe(32)
        label = label or f"{getpass.getuser()}@{platform.node()}"
        with self.ctx.db.session() as session:
            session.add(AccountToken(account_id=account_id, token_sha256=_token_hash(token), label=label[:120],
                                     expires_at=utcnow() + timedelta(days=days)))
            self._audit(session, session.get(Account, account_id), "token_issued", after={"label": label, "days": days})
        return token

    def revoke_token(self, token: str) -> bool:
        with self.ctx.db.session() as session:
            row = session.scalar(select(AccountToken).where(AccountToken.token_sha256 == _token_hash(token)))
            if row is None or row.revoked_at is not None:
                return False
            row.revoked_at = utcnow()
            self._audit(session, session.get(Account, row.account_id), "token_revoked", after={"label": row.label})
            return True

    def revoke_all_tokens(self, ref: int | str) -> int:
        """Administrator: revoke every token of an account (a lost laptop)."""
        with self.ctx.db.session() as session:
            account = self._find(session, ref)
            rows = session.scalars(select(AccountToken).where(
                AccountToken.account_id == account.id, AccountToken.revoked_at.is_(None))).all()
            for row in rows:
                row.revoked_at = utcnow()
            self._audit(session, account, "tokens_revoked", after={"count": len(rows)})
            return len(rows)

    # -- own password ---------------------------------------------------------------

    def change_password(self, old_password: str, new_password: str) -> None:
        account_id = self.ctx.account.account_id
        if account_id is None:
            raise PermissionDenied("请先登录再修改密码。", code="not_signed_in")
        refused = False
        with self.ctx.db.session() as session:
            account = session.get(Account, account_id)
            assert account is not None
            if not passwords.verify_password(account.password_hash, old_password):
                self._audit(session, account, "password_change_refused", reason="old password wrong")
                refused = True
            else:
                passwords.check_policy(new_password, name=account.name, display_name=account.display_name)
                account.password_hash = passwords.hash_password(new_password)
                account.password_changed_at = utcnow()
                account.must_change_password = False
                self._audit(session, account, "password_changed")
        if refused:
            raise AuthError("原密码不正确，密码未修改。", code="auth_failed")

    # -- administration -------------------------------------------------------------

    def list_accounts(self, *, include_inactive: bool = True) -> list[AccountInfo]:
        with self.ctx.db.session() as session:
            query = select(Account).order_by(Account.id)
            if not include_inactive:
                query = query.where(Account.active.is_(True))
            return [self._info(session, a) for a in session.scalars(query)]

    def get(self, ref: int | str) -> AccountInfo:
        with self.ctx.db.session() as session:
            return self._info(session, self._find(session, ref))

    def create(self, name: str, display_name: str, roles: list[str], password: str | None = None, *,
               unit: int | str | None = None) -> AccountInfo:
        """A new account; scoring roles also get a roster entry linked to it. Without a
        password the account cannot sign in until one is set (``reset_password``)."""
        return self._create(name, display_name, roles, password, unit=unit, must_change=True, action="create")

    def _create(self, name: str, display_name: str, roles: list[str], password: str | None, *,
                unit: int | str | None, must_change: bool, action: str) -> AccountInfo:
        name, display_name = (name or "").strip(), (display_name or "").strip() or (name or "").strip()
        if not name:
            raise ValidationError("账号名不能为空。")
        if len(name) > 60 or len(display_name) > 60:
            raise ValidationError("账号名和姓名不能超过 60 个字符。")
        codes = check_roles(roles)
        if password is not None:
            passwords.check_policy(password, name=name, display_name=display_name)
        with self.ctx.db.session() as session:
            if session.scalar(select(func.count()).select_from(Account).where(Account.name == name)):
                raise ConflictError(f"账号名“{name}”已被使用。", account=name)
            account = Account(
                name=name, display_name=display_name, unit_id=self._unit_id(session, unit), roles=codes,
                active=True, failed_attempts=0, must_change_password=must_change and password is not None,
                password_hash=passwords.hash_password(password) if password is not None else None,
                password_changed_at=utcnow() if password is not None else None,
            )
            session.add(account)
            session.flush()
            roster_role = next((r for r in _ROSTER_ROLES if r in codes), None)
            if roster_role is not None:
                session.add(Reviewer(name=display_name, unit_id=account.unit_id, role=str(roster_role),
                                     active=True, account_id=account.id))
            self._audit(session, account, action, after=account_snapshot(account))
            session.flush()
            return self._info(session, account)

    def update(self, ref: int | str, *, display_name: str | None = None, roles: list[str] | None = None,
               unit: int | str | None = None, active: bool | None = None) -> AccountInfo:
        with self.ctx.db.session() as session:
            account = self._find(session, ref)
            before = account_snapshot(account)
            if display_name is not None:
                if not display_name.strip():
                    raise ValidationError("姓名不能为空。")
                account.display_name = display_name.strip()
            if roles is not None:
                account.roles = check_roles(roles)
            if unit is not None:
                account.unit_id = self._unit_id(session, unit)
            if active is not None:
                account.active = active
            if account.id == self.ctx.account.account_id and (
                not account.active or Role.ADMIN not in account.roles
            ):
                raise ConflictError("不能停用自己的账号或去掉自己的管理员角色（以免无人能管理账号）。")
            person = session.scalar(select(Reviewer).where(Reviewer.account_id == account.id))
            if person is not None:
                person.active = account.active
                person.unit_id = account.unit_id
                person.name = account.display_name
                scoring = next((r for r in _ROSTER_ROLES if r in account.roles), None)
                if scoring is not None:
                    person.role = str(scoring)
            self._audit(session, account, "update", before=before, after=account_snapshot(account))
            session.flush()
            return self._info(session, account)

    def reset_password(self, ref: int | str, new_password: str) -> AccountInfo:
        """Administrator: set a new initial password (the owner must change it at next
        sign-in); also lifts a lock-out."""
        with self.ctx.db.session() as session:
            account = self._find(session, ref)
            passwords.check_policy(new_password, name=account.name, display_name=account.display_name)
            account.password_hash = passwords.hash_password(new_password)
            account.password_changed_at = utcnow()
            account.must_change_password = True
            account.failed_attempts = 0
            account.locked_until = None
            self._audit(session, account, "password_reset")
            session.flush()
            return self._info(session, account)
