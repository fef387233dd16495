# SPDX-License-Identifier: GPL-3.0-or-later
"""Time helpers: the "YYYY-MM-DD HH:MM:SS" UTC format that Client VPN uses, and the emulator clock."""

import datetime

NO_TIME = "-"


def utc_now():
    """The current UTC time, truncated to whole seconds."""
    return datetime.datetime.now(datetime.UTC).replace(microsecond=0)


def format_time(moment):
    """Render an aware or naive (taken as UTC) datetime in the Client VPN format."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(datetime.UTC).replace(tzinfo=None)
    return moment.isoformat(" ", "seconds")


def parse_time(text):
    """Parse "YYYY-MM-DD HH:MM:SS" or ISO 8601 (a trailing Z is allowed) into an aware UTC datetime."""
    if isinstance(text, datetime.datetime):
        moment = text
    else:
        value = str(text).strip()
        if value.endswith(("Z", "z")):
            value = f"{value[:-1]}+00:00"
        try:
            moment = datetime.datetime.fromisoformat(value)
        except ValueError as exc:
            raise ValueError(f"not a time in 'YYYY-MM-DD HH:MM:SS' or ISO 8601 form: {text!r}") from exc
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    return moment.astimezone(datetime.UTC)


class Clock:
    """The emulator's notion of "now": the real UTC time, or a frozen moment."""

    def __init__(self, frozen=None):
        self._frozen = None
        self.freeze(frozen)

    def freeze(self, moment):
        """Freeze the clock at ``moment`` (datetime or text); ``None`` makes it follow real time again."""
        self._frozen = None if moment is None else parse_time(moment).replace(microsecond=0)

    @property
    def frozen(self):
        return self._frozen

    def now(self):
        return self._frozen if self._frozen is not None else utc_now()

    def now_text(self):
        return format_time(self.now())
