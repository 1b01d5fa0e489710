"""WeCom (企业微信) callback crypto: signatures, AES-256-CBC payloads and the XML envelopes.

Pure functions of their inputs: no I/O and no clock reads (the caller passes `now`). Exception
messages are fixed texts and never carry the token, the EncodingAESKey or the AES key.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import re
import xml.etree.ElementTree as ET

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

__all__ = [
    "BadPayload",
    "BadReceiveId",
    "BadSignature",
    "MalformedXml",
    "StaleTimestamp",
    "WeComCrypto",
    "WeComCryptoError",
    "parse_message",
]

BLOCK = 32  # WeCom pads with PKCS#7 to a 32-byte block (not AES's 16)
RANDOM_LEN = 16
_KEY_CHARS = re.compile(r"[A-Za-z0-9+/]{43}")
_TIMESTAMP = re.compile(r"[0-9]{1,15}")


class WeComCryptoError(Exception):
    """A callback that must be refused; the message is safe to log."""


class BadSignature(WeComCryptoError):
    """msg_signature does not match the token, timestamp, nonce and payload."""


class StaleTimestamp(WeComCryptoError):
    """The timestamp is not an integer or is too far from the current time."""


class MalformedXml(WeComCryptoError):
    """The XML is unparsable, has declarations (DOCTYPE/ENTITY) or lacks a needed element."""


class BadPayload(WeComCryptoError):
    """The encrypted payload is not valid base64, AES blocks, padding, length or UTF-8."""


class BadReceiveId(WeComCryptoError):
    """The payload decrypted but was addressed to another receive id (CorpID)."""


class WeComCrypto:
    """Signs, encrypts and decrypts WeCom callback payloads for one app's token and key."""

    def __init__(self, token: str, encoding_aes_key: str, receive_id: str,
                 max_skew: int = 300) -> None:
        if not isinstance(encoding_aes_key, str) or not _KEY_CHARS.fullmatch(encoding_aes_key):
            raise ValueError("EncodingAESKey must be 43 base64 characters")
        key = base64.b64decode(encoding_aes_key + "=", validate=True)
        if len(key) != 32:  # cannot happen for 43 base64 characters; kept as a guard
            raise ValueError("EncodingAESKey must decode to 32 bytes")
        if max_skew < 0:
            raise ValueError("max_skew must not be negative")
        self._token = token
        self._key = key
        self._iv = key[:16]
        self._receive_id = receive_id.encode("utf-8")
        self.receive_id = receive_id
        self.max_skew = max_skew

    def __repr__(self) -> str:
        return f"WeComCrypto(receive_id={self.receive_id!r}, max_skew={self.max_skew})"

    # ---- primitives -----------------------------------------------------------------------------

    def signature(self, timestamp: str, nonce: str, encrypted: str) -> str:
        """SHA-1 hex of the sorted concatenation of token, timestamp, nonce and payload."""
        parts = sorted([self._token, timestamp, nonce, encrypted])
        return hashlib.sha1("".join(parts).encode("utf-8")).hexdigest()

    def encrypt(self, plain: str, random16: bytes | None = None) -> str:
        """Base64 AES-256-CBC of random16 + length + message + receive id, PKCS#7-padded to 32."""
        prefix = os.urandom(RANDOM_LEN) if random16 is None else random16
        if len(prefix) != RANDOM_LEN:
            raise ValueError("random16 must be exactly 16 bytes")
        msg = plain.encode("utf-8")
        if len(msg) >= 1 << 32:
            raise ValueError("message too long")
        data = prefix + len(msg).to_bytes(4, "big") + msg + self._receive_id
        pad = BLOCK - len(data) % BLOCK  # 1..32: a full block when already aligned
        data += bytes([pad]) * pad
        encryptor = self._cipher().encryptor()
        return base64.b64encode(encryptor.update(data) + encryptor.finalize()).decode("ascii")

    def decrypt(self, encrypted: str) -> str:
        """The message inside a base64 payload; checks length, padding, UTF-8 and receive id."""
        try:
            raw = base64.b64decode(encrypted, validate=True)
        except (binascii.Error, ValueError):
            raise BadPayload("payload is not valid base64") from None
        if not raw or len(raw) % BLOCK:
            raise BadPayload("payload length is not a positive multiple of 32 bytes")
        decryptor = self._cipher().decryptor()
        data = decryptor.update(raw) + decryptor.finalize()
        pad = data[-1]
        if not 1 <= pad <= BLOCK or data[-pad:] != bytes([pad]) * pad:
            raise BadPayload("payload padding is invalid")
        body = data[RANDOM_LEN:-pad]
        if len(body) < 4:
            raise BadPayload("payload is too short")
        size = int.from_bytes(body[:4], "big")
        if 4 + size > len(body):
            raise BadPayload("payload length field exceeds the payload")
        msg, receive_id = body[4:4 + size], body[4 + size:]
        if receive_id != self._receive_id:
            raise BadReceiveId("payload is addressed to another receive id")
        try:
            return msg.decode("utf-8")
        except UnicodeDecodeError:
            raise BadPayload("payload message is not valid UTF-8") from None

    def check(self, msg_signature: str, timestamp: str, nonce: str, encrypted: str,
              now: float) -> None:
        """Raise BadSignature or StaleTimestamp unless the request is signed and fresh."""
        expected = self.signature(timestamp, nonce, encrypted).encode("ascii")
        given = msg_signature.encode("utf-8", "backslashreplace")
        if not hmac.compare_digest(expected, given):
            raise BadSignature("msg_signature does not match")
        if not _TIMESTAMP.fullmatch(timestamp):
            raise StaleTimestamp("timestamp is not an integer")
        if abs(now - int(timestamp)) > self.max_skew:
            raise StaleTimestamp("timestamp is too far from the current time")

    # ---- callback flows -------------------------------------------------------------------------

    def verify_url(self, msg_signature: str, timestamp: str, nonce: str, echostr: str,
                   now: float) -> str:
        """The reply body for the URL-verification GET: the decrypted echostr."""
        self.check(msg_signature, timestamp, nonce, echostr, now)
        return self.decrypt(echostr)

    def decrypt_message(self, body: bytes, msg_signature: str, timestamp: str, nonce: str,
                        now: float) -> str:
        """The inner XML of a callback POST body, after the signature and freshness checks."""
        root = _parse_xml(body)
        node = root.find("Encrypt")
        encrypted = (node.text or "").strip() if node is not None and len(node) == 0 else ""
        if not encrypted:
            raise MalformedXml("callback XML has no Encrypt element")
        self.check(msg_signature, timestamp, nonce, encrypted, now)
        return self.decrypt(encrypted)

    def encrypt_reply(self, plain_xml: str, nonce: str, timestamp: str,
                      random16: bytes | None = None) -> str:
        """The passive-reply envelope XML: Encrypt, MsgSignature, TimeStamp and Nonce."""
        if not _TIMESTAMP.fullmatch(timestamp):
            raise ValueError("timestamp must be an integer string")
        if "]]>" in nonce or "<" in nonce or "&" in nonce:
            raise ValueError("nonce must not contain XML markup")
        encrypted = self.encrypt(plain_xml, random16)
        signature = self.signature(timestamp, nonce, encrypted)
        return (f"<xml><Encrypt><![CDATA[{encrypted}]]></Encrypt>"
                f"<MsgSignature><![CDATA[{signature}]]></MsgSignature>"
                f"<TimeStamp>{timestamp}</TimeStamp>"
                f"<Nonce><![CDATA[{nonce}]]></Nonce></xml>")

    def _cipher(self) -> Cipher[modes.CBC]:
        return Cipher(algorithms.AES(self._key), modes.CBC(self._iv))


def parse_message(inner_xml: str) -> dict[str, str]:
    """The decrypted message's top-level elements as a flat dict of texts.

    Elements that have children of their own (some event types) map to "". A repeated top-level
    element, a root other than <xml>, declarations or unparsable text raise MalformedXml.
    """
    root = _parse_xml(inner_xml)
    fields: dict[str, str] = {}
    for child in root:
        if child.tag in fields:
            raise MalformedXml("message XML repeats an element")
        fields[child.tag] = "" if len(child) else (child.text or "")
    return fields


class _NoDoctype(ET.TreeBuilder):
    """A tree builder that refuses any DOCTYPE, so no entity can ever be declared."""

    def doctype(self, name: str, pubid: str | None, system: str | None) -> None:
        """Called by the parser at the start of a DOCTYPE declaration: refuse it."""
        raise MalformedXml("XML with a DOCTYPE (entity declarations) is not accepted")


def _parse_xml(document: bytes | str) -> ET.Element:
    """An <xml> root parsed from UTF-8 text that has no DOCTYPE (hence no ENTITY)."""
    if isinstance(document, bytes):
        try:
            text = document.decode("utf-8")
        except UnicodeDecodeError:
            raise MalformedXml("XML is not UTF-8") from None
    else:
        text = document
    # Fed a str, the parser reads UTF-8 whatever the XML declaration says. The builder raises at
    # the start of a DOCTYPE, before any ENTITY inside it is read; without a DOCTYPE, an entity
    # reference other than the five predefined ones is a parse error.
    parser = ET.XMLParser(target=_NoDoctype())
    try:
        parser.feed(text)
        root = parser.close()
    except (ET.ParseError, ValueError):
        raise MalformedXml("XML is not well-formed") from None
    if root.tag != "xml":
        raise MalformedXml("XML root is not <xml>")
    return root
