"""Outgoing mail through the SMTP server the settings name (invitations, password links)."""

from __future__ import annotations

import asyncio
import smtplib
import ssl
from email.message import EmailMessage

from tenko.core.errors import ApiError
from tenko.settings import Settings


class MailUnavailable(ApiError):
    status_code = 503
    default_message = "The mail server is not available"


def _send(settings: Settings, message: EmailMessage) -> None:
    assert settings.smtp_host is not None
    smtp_class = smtplib.SMTP_SSL if settings.smtp_use_tls else smtplib.SMTP
    with smtp_class(settings.smtp_host, settings.smtp_port, timeout=settings.smtp_timeout) as smtp:
        if settings.smtp_starttls and not settings.smtp_use_tls:
            smtp.starttls(context=ssl.create_default_context())
        if settings.smtp_user:
            smtp.login(settings.smtp_user, settings.smtp_password or "")
        smtp.send_message(message)


async def send_mail(settings: Settings, to: str, subject: str, text: str) -> None:
    """Send a plain-text mail, or MailUnavailable (503) when SMTP is not configured or refuses it."""
    if not settings.smtp_host:
        raise MailUnavailable("No mail server is configured (SMTP_HOST)")
    message = EmailMessage()
    message["From"] = settings.mail_from
    message["To"] = to
    message["Subject"] = subject
    message.set_content(text)
    try:
        # smtplib blocks: it runs in a worker thread so the event loop keeps serving
        await asyncio.to_thread(_send, settings, message)
    except (OSError, smtplib.SMTPException) as exc:
        raise MailUnavailable(f"The mail could not be sent: {type(exc).__name__}") from exc
