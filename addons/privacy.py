"""Clean and redact what people type, before Rasa sees, stores or logs it.

Conversations about drug use are health data (GDPR art. 9). People sometimes
type their CPR number, phone number or e-mail; we replace them with a marker
before NLU, the tracker store and the logs ever see the text.
"""

from __future__ import annotations

import re
import unicodedata

MAX_MESSAGE_CHARS = 2000

CPR_MARK = "[CPR-nummer fjernet]"
PHONE_MARK = "[telefonnummer fjernet]"
EMAIL_MARK = "[e-mail fjernet]"

# CPR: DDMMYY-SSSS or DDMMYYSSSS (also with a space), day 01-31, month 01-12.
_CPR = re.compile(r"(?<!\d)(?:0[1-9]|[12]\d|3[01])(?:0[1-9]|1[0-2])\d{2}[-\s]?\d{4}(?!\d)")
# Danish phone: optional +45/0045, then 8 digits, possibly grouped by spaces, dots or dashes.
_PHONE = re.compile(r"(?<![\d+])(?:(?:\+|00)\s?45[\s.-]?)?(?:\d[\s.-]?){7}\d(?!\d)")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
# Control characters except tab and newline; also lone surrogates and non-characters.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff\ufff0-\uffff\ud800-\udfff]")
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069]")  # bidi overrides can disguise text in logs


def clean(text: str) -> str:
    """Normalise Unicode and drop invisible control characters."""
    text = unicodedata.normalize("NFC", text)
    text = _BIDI.sub("", _CONTROL.sub("", text))
    return text.strip()


def redact(text: str) -> str:
    """Replace CPR numbers, e-mail addresses and phone numbers with markers."""
    text = _EMAIL.sub(EMAIL_MARK, text)
    text = _CPR.sub(CPR_MARK, text)
    return _PHONE.sub(PHONE_MARK, text)


def prepare(text: object) -> tuple[str, bool]:
    """(cleaned and redacted text, too_long). Non-text becomes ''."""
    if not isinstance(text, str):
        return "", False
    text = clean(text)
    if len(text) > MAX_MESSAGE_CHARS:
        return "", True
    # Button payloads ("/inform{...}") are redacted too: anyone can type one.
    return redact(text), False
