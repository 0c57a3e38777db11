"""One Settings object, read from the environment and passed to the app (never a global)."""

from __future__ import annotations

import importlib.metadata
import secrets
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="", extra="ignore", populate_by_name=True)

    data_dir: Path = Field(default=Path("data"), alias="TENKO_DATA_DIR")
    database_url: str | None = Field(default=None, alias="DATABASE_URL")
    # The reference server's variables, honoured when DATABASE_URL is not set.
    db_host: str | None = Field(default=None, alias="DB_HOST")
    db_port: int = Field(default=5432, alias="DB_PORT")
    db_username: str = Field(default="postgres", alias="DB_USERNAME")
    db_password: str = Field(default="", alias="DB_PASSWORD")
    db_database: str = Field(default="zoudb", alias="DB_DATABASE")
    db_pool_size: int = Field(default=10, alias="DB_POOL_SIZE")
    #: seconds a worker of `tenko serve --workers N` may take to start (and to answer a health
    #: check) before its supervisor replaces it; a worker needs ~2-3 s of CPU to start
    worker_timeout: int = Field(default=120, alias="TENKO_WORKER_TIMEOUT")
    secret_key: str | None = Field(default=None, alias="SECRET_KEY")
    redis_url: str | None = Field(default=None, alias="REDIS_URL")
    admin_password: str | None = Field(default=None, alias="TENKO_ADMIN_PASSWORD")

    access_token_minutes: int = Field(default=60 * 24 * 7, alias="TENKO_ACCESS_TOKEN_MINUTES")
    refresh_token_days: int = Field(default=15, alias="TENKO_REFRESH_TOKEN_DAYS")
    cookie_secure: bool = Field(default=False, alias="TENKO_COOKIE_SECURE")
    registration_enabled: bool = Field(default=False, alias="TENKO_REGISTRATION_ENABLED")
    #: failed logins to one account from one client address within the window before that
    #: address is refused for that account
    login_max_failures: int = Field(default=5, alias="TENKO_LOGIN_MAX_FAILURES")
    #: the sliding window of every login limit, in seconds
    login_lock_seconds: int = Field(default=60, alias="TENKO_LOGIN_LOCK_SECONDS")
    #: failed logins from one client address (to any account) within the window
    login_max_failures_per_address: int = Field(default=30, alias="TENKO_LOGIN_MAX_FAILURES_PER_ADDRESS")
    #: failed logins to one account (from every address) within the window; addresses the person
    #: has logged in from before are not held back by this one
    login_max_failures_per_account: int = Field(default=20, alias="TENKO_LOGIN_MAX_FAILURES_PER_ACCOUNT")
    #: reverse proxies (addresses or networks, comma-separated) whose X-Forwarded-For and
    #: X-Forwarded-Proto are believed; empty: the client is the socket peer
    trusted_proxies: str = Field(default="", alias="TENKO_TRUSTED_PROXIES")
    #: origins (scheme://host[:port], comma-separated) besides the server's own whose pages may
    #: send cookie-authenticated writes (the web app served from another host)
    allowed_origins: str = Field(default="", alias="TENKO_ALLOWED_ORIGINS")
    bcrypt_rounds: int = Field(default=12, alias="TENKO_BCRYPT_ROUNDS")
    max_body_bytes: int = Field(default=10 * 1024 * 1024, alias="TENKO_MAX_JSON_BYTES")

    app_name: str = Field(default="Tenko", alias="TENKO_APP_NAME")
    default_timezone: str = Field(default="Europe/Paris", alias="DEFAULT_TIMEZONE")
    default_locale: str = Field(default="en_US", alias="DEFAULT_LOCALE")
    dark_theme_by_default: bool = Field(default=False, alias="DARK_THEME_BY_DEFAULT")
    is_self_hosted: bool = Field(default=True, alias="IS_SELF_HOSTED")
    crisp_token: str = Field(default="", alias="CRISP_TOKEN")
    enforce_2fa: bool = Field(default=False, alias="ENFORCE_2FA")
    movie_highdef_bitrate: int = Field(default=28, alias="MOVIE_HIGHDEF_BITRATE")
    movie_lowdef_bitrate: int = Field(default=6, alias="MOVIE_LOWDEF_BITRATE")
    user_limit: int = Field(default=100, alias="USER_LIMIT")
    # outgoing mail (invitations, password reset links); no SMTP_HOST: mails are refused
    smtp_host: str | None = Field(default=None, alias="SMTP_HOST")
    smtp_port: int = Field(default=25, alias="SMTP_PORT")
    smtp_user: str | None = Field(default=None, alias="SMTP_USER")
    smtp_password: str | None = Field(default=None, alias="SMTP_PASSWORD")
    smtp_use_tls: bool = Field(default=False, alias="SMTP_USE_TLS")
    smtp_starttls: bool = Field(default=False, alias="SMTP_STARTTLS")
    smtp_timeout: float = Field(default=10.0, alias="SMTP_TIMEOUT")
    mail_from: str = Field(default="tenko@localhost", alias="MAIL_DEFAULT_SENDER")
    #: the web app's address, for links in mails (e.g. https://kitsu.example.com)
    public_url: str = Field(default="http://localhost:8080", alias="TENKO_PUBLIC_URL")

    @property
    def version(self) -> str:
        # read from the installed package, so the bottom layer does not import the top package
        return importlib.metadata.version("tenko")

    @property
    def sqlalchemy_url(self) -> str:
        """The async SQLAlchemy URL: DATABASE_URL, else DB_* variables, else SQLite in the data dir."""
        url = self.database_url
        if not url and self.db_host:
            url = f"postgresql://{self.db_username}:{self.db_password}@{self.db_host}:{self.db_port}/{self.db_database}"
        if not url:
            return f"sqlite+aiosqlite:///{(self.data_dir / 'tenko.db').resolve()}"
        for prefix in ("postgresql://", "postgres://", "postgresql+psycopg2://", "postgresql+psycopg://"):
            if url.startswith(prefix):
                return "postgresql+asyncpg://" + url[len(prefix) :]
        if url.startswith("sqlite:///"):
            return "sqlite+aiosqlite:///" + url[len("sqlite:///") :]
        return url

    @property
    def files_dir(self) -> Path:
        return self.data_dir / "files"

    def resolved_secret_key(self) -> str:
        """SECRET_KEY, else a key generated once and kept in the data directory."""
        if self.secret_key:
            return self.secret_key
        path = self.data_dir / "secret_key"
        if path.exists():
            return path.read_text().strip()
        self.data_dir.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(48)
        path.write_text(key)
        path.chmod(0o600)
        return key
