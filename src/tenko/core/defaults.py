"""Column defaults that depend on the installation, not on the row."""

DEFAULT_TIMEZONE = "Europe/Paris"
DEFAULT_LOCALE = "en_US"


def default_timezone() -> str:
    return DEFAULT_TIMEZONE


def default_locale() -> str:
    return DEFAULT_LOCALE
