"""Tables of the people domain (names and columns as in the reference data model)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from tenko.core.defaults import default_locale, default_timezone
from tenko.core.deletion import CLEARED_ON_DELETE
from tenko.core.model import Base, IdMixin, TimestampMixin, table_of
from tenko.core.ranges import NON_NEGATIVE
from tenko.core.types import BytesArray, JSONArray, JSONType, UUIDType


class SalaryScale(IdMixin, TimestampMixin, Base):
    __tablename__ = "salary_scale"

    department_id: Mapped[uuid.UUID] = mapped_column(UUIDType, ForeignKey("department.id"), nullable=False, index=True)
    position: Mapped[str | None] = mapped_column(
        String(255), nullable=True, default="artist", info={"choices": ["supervisor", "lead", "artist"]}
    )
    seniority: Mapped[str | None] = mapped_column(
        String(255), nullable=True, default="mid", info={"choices": ["senior", "mid", "junior"]}
    )
    salary: Mapped[int] = mapped_column(Integer(), nullable=False, default=0, info=NON_NEGATIVE)


class Person(IdMixin, TimestampMixin, Base):
    __tablename__ = "person"
    __table_args__ = (
        UniqueConstraint("oidc_issuer", "oidc_subject", name="person_oidc_identity_uc"),
        UniqueConstraint("saml_issuer", "saml_subject", name="person_saml_identity_uc"),
        Index("only_one_email_by_person", "email", "is_bot", unique=True),
    )

    first_name: Mapped[str] = mapped_column(String(80), nullable=False)
    last_name: Mapped[str] = mapped_column(String(80), nullable=False)
    email: Mapped[str | None] = mapped_column(String(255), nullable=True)
    phone: Mapped[str | None] = mapped_column(String(30), nullable=True)
    country: Mapped[str | None] = mapped_column(String(2), nullable=True)
    contract_type: Mapped[str] = mapped_column(
        String(255),
        nullable=False,
        default="open-ended",
        info={"choices": ["open-ended", "fixed-term", "short-term", "freelance", "apprentice", "internship"]},
    )
    active: Mapped[bool | None] = mapped_column(Boolean(), nullable=True, default=True)
    archived: Mapped[bool | None] = mapped_column(Boolean(), nullable=True, default=False)
    last_presence: Mapped[dt.date | None] = mapped_column(Date(), nullable=True)
    password: Mapped[bytes | None] = mapped_column(LargeBinary(), nullable=True)
    desktop_login: Mapped[str | None] = mapped_column(String(80), nullable=True)
    login_failed_attemps: Mapped[int | None] = mapped_column(Integer(), nullable=True, default=0, info=NON_NEGATIVE)
    last_login_failed: Mapped[dt.datetime | None] = mapped_column(DateTime(), nullable=True)
    totp_enabled: Mapped[bool | None] = mapped_column(Boolean(), nullable=True, default=False)
    totp_secret: Mapped[str | None] = mapped_column(String(32), nullable=True)
    email_otp_enabled: Mapped[bool | None] = mapped_column(Boolean(), nullable=True, default=False)
    email_otp_secret: Mapped[str | None] = mapped_column(String(32), nullable=True)
    fido_enabled: Mapped[bool | None] = mapped_column(Boolean(), nullable=True, default=False)
    fido_credentials: Mapped[list[Any] | None] = mapped_column(JSONArray, nullable=True)
    otp_recovery_codes: Mapped[list[bytes] | None] = mapped_column(BytesArray(), nullable=True)
    preferred_two_factor_authentication: Mapped[str | None] = mapped_column(
        String(255), nullable=True, info={"choices": ["totp", "email_otp", "fido"]}
    )
    shotgun_id: Mapped[int | None] = mapped_column(Integer(), nullable=True, unique=True, info=NON_NEGATIVE)
    timezone: Mapped[str | None] = mapped_column(String(50), nullable=True, default=default_timezone)
    locale: Mapped[str | None] = mapped_column(String(10), nullable=True, default=default_locale)
    use_12_hour_clock: Mapped[bool | None] = mapped_column(Boolean(), nullable=True, default=False)
    display_date_format: Mapped[str | None] = mapped_column(String(20), nullable=True, default="YYYY-MM-DD")
    data: Mapped[Any | None] = mapped_column(JSONType, nullable=True)
    role: Mapped[str] = mapped_column(
        String(255),
        nullable=False,
        default="user",
        info={"choices": ["user", "admin", "supervisor", "manager", "client", "vendor"]},
    )
    position: Mapped[str | None] = mapped_column(
        String(255), nullable=True, default="artist", info={"choices": ["supervisor", "lead", "artist"]}
    )
    seniority: Mapped[str | None] = mapped_column(
        String(255), nullable=True, default="mid", info={"choices": ["senior", "mid", "junior"]}
    )
    daily_salary: Mapped[int | None] = mapped_column(Integer(), nullable=True, default=0, info=NON_NEGATIVE)
    has_avatar: Mapped[bool | None] = mapped_column(Boolean(), nullable=True, default=False)
    notifications_enabled: Mapped[bool | None] = mapped_column(Boolean(), nullable=True, default=False)
    notifications_slack_enabled: Mapped[bool | None] = mapped_column(Boolean(), nullable=True, default=False)
    notifications_slack_userid: Mapped[str | None] = mapped_column(String(60), nullable=True, default="")
    notifications_mattermost_enabled: Mapped[bool | None] = mapped_column(Boolean(), nullable=True, default=False)
    notifications_mattermost_userid: Mapped[str | None] = mapped_column(String(60), nullable=True, default="")
    notifications_discord_enabled: Mapped[bool | None] = mapped_column(Boolean(), nullable=True, default=False)
    notifications_discord_userid: Mapped[str | None] = mapped_column(String(60), nullable=True, default="")
    is_bot: Mapped[bool] = mapped_column(Boolean(), nullable=False, default=False)
    is_guest: Mapped[bool] = mapped_column(Boolean(), nullable=False, default=False)
    preview_project_id: Mapped[uuid.UUID | None] = mapped_column(
        UUIDType, ForeignKey("project.id"), nullable=True, unique=True, index=True, info=CLEARED_ON_DELETE
    )
    preview_opened_at: Mapped[dt.datetime | None] = mapped_column(DateTime(), nullable=True)
    preview_open_until: Mapped[dt.datetime | None] = mapped_column(DateTime(), nullable=True)
    jti: Mapped[str | None] = mapped_column(String(60), nullable=True, unique=True)
    expiration_date: Mapped[dt.date | None] = mapped_column(Date(), nullable=True)
    is_generated_from_ldap: Mapped[bool | None] = mapped_column(Boolean(), nullable=True, default=False)
    ldap_uid: Mapped[str | None] = mapped_column(String(60), nullable=True, unique=True)
    oidc_issuer: Mapped[str | None] = mapped_column(Text(), nullable=True)
    oidc_subject: Mapped[str | None] = mapped_column(String(255), nullable=True)
    saml_issuer: Mapped[str | None] = mapped_column(Text(), nullable=True)
    saml_subject: Mapped[str | None] = mapped_column(String(255), nullable=True)
    studio_id: Mapped[uuid.UUID | None] = mapped_column(
        UUIDType, ForeignKey("studio.id"), nullable=True, index=True, info=CLEARED_ON_DELETE
    )


class DayOff(IdMixin, TimestampMixin, Base):
    __tablename__ = "day_off"
    __table_args__ = (
        CheckConstraint("date <= end_date", name="day_off_date_check"),
        UniqueConstraint("person_id", "date", name="day_off_uc"),
    )

    date: Mapped[dt.date] = mapped_column(Date(), nullable=False)
    end_date: Mapped[dt.date] = mapped_column(Date(), nullable=False)
    description: Mapped[str | None] = mapped_column(Text(), nullable=True)
    person_id: Mapped[uuid.UUID | None] = mapped_column(UUIDType, ForeignKey("person.id"), nullable=True, index=True)


class DepartmentLink(Base):
    __tablename__ = "department_link"
    __table_args__ = (UniqueConstraint("person_id", "department_id", name="department_link_uc"),)

    person_id: Mapped[uuid.UUID] = mapped_column(UUIDType, ForeignKey("person.id"), primary_key=True, index=True)
    department_id: Mapped[uuid.UUID] = mapped_column(
        UUIDType, ForeignKey("department.id"), primary_key=True, index=True
    )


class DesktopLoginLog(IdMixin, TimestampMixin, Base):
    __tablename__ = "desktop_login_log"

    person_id: Mapped[uuid.UUID] = mapped_column(UUIDType, ForeignKey("person.id"), nullable=False, index=True)
    date: Mapped[dt.datetime] = mapped_column(DateTime(), nullable=False)


class LoginLog(IdMixin, TimestampMixin, Base):
    __tablename__ = "login_log"

    person_id: Mapped[uuid.UUID] = mapped_column(UUIDType, ForeignKey("person.id"), nullable=False, index=True)
    ip_address: Mapped[str | None] = mapped_column(String(50), nullable=True)
    origin: Mapped[str | None] = mapped_column(String(255), nullable=True, info={"choices": ["web", "script"]})


#: the tables of this module, built once: every other module imports these
DAY_OFF = table_of(DayOff)
DEPARTMENT_LINK = table_of(DepartmentLink)
DESKTOP_LOGIN_LOG = table_of(DesktopLoginLog)
LOGIN_LOG = table_of(LoginLog)
PERSON = table_of(Person)
SALARY_SCALE = table_of(SalaryScale)
