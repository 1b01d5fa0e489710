"""WeCom callback crypto: pinned vectors, WeCom's published sample, a cross-check against wechatpy
(an independent implementation) in both directions, and every rejection."""

from __future__ import annotations

import base64
import hashlib
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable

import pytest
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from wechatpy.enterprise.crypto import WeChatCrypto
from wechatpy.exceptions import InvalidSignatureException

from bot.adapters.wecom import crypto as wecom_crypto
from bot.adapters.wecom.crypto import (
    BadPayload,
    BadReceiveId,
    BadSignature,
    MalformedXml,
    StaleTimestamp,
    WeComCrypto,
    WeComCryptoError,
    parse_message,
)

TOKEN = "duban-test-token"
KEY = "vAAUyYVuljz7/Glam9YbzjyDwAXZzv+kpUeSzJu7LyQ"  # base64(sha256(b"duban wecom test key"))
AES_KEY = base64.b64decode(KEY + "=")
RECEIVE_ID = "ww0123456789abcdef"
RANDOM16 = b"0123456789abcdef"
TS, NONCE = "1730000000", "1372623149"
NOW = float(TS)
SECRETS = [TOKEN, KEY, KEY + "=", AES_KEY.hex(), repr(AES_KEY), base64.b64encode(AES_KEY).decode()]

# Computed once by three routes that agree: an inline reference on cryptography's own PKCS7(256)
# padder, wechatpy with its random prefix forced to RANDOM16, and this module.
PINNED = [
    ("<xml><Content><![CDATA[你好，督办]]></Content></xml>",
     "CT1hlgDOGtI8mO51IGTcGbxjZLzAis8p8598rbbgcor2czgM9ibGIZHivenIqKXE2UXaEgtJ6W4UUnAzMv4IubHG5hehE"
     "9kIYM2cAQWuIAeq0Q2Wrk8n4I9rtjMcGXLn",
     "bdd19dd5c06349b9d7e2b15ed5bffaf30427dca0"),
    # 16 + 4 + 26 + 18 = 64 bytes, already aligned: a whole 32-byte block of padding.
    ("x" * 26,
     "CT1hlgDOGtI8mO51IGTcGeTcT0fLuWo8fuL2YvyLQts98Dmzb7JKVBjkVsmjicS43oAepMEAav44Ms4j+zwmJ86OX4zm"
     "YckJXzryX9zgzgL5YHbpujjP+KMNrThwMzRp",
     "1e1393ff5bddf754a02e106d8962b06565df56f4"),
]

MESSAGES = {
    "empty": "",
    "ascii": "hello",
    "chinese": "普陀区数据局：请于11月5日前报送第22项完成情况。",
    "emoji": "收到 🎉👍🏻 谢谢！",
    "xml": ("<xml><ToUserName><![CDATA[ww0123456789abcdef]]></ToUserName>"
            "<FromUserName><![CDATA[zhangsan]]></FromUserName><CreateTime>1730000000</CreateTime>"
            "<MsgType><![CDATA[text]]></MsgType>"
            "<Content><![CDATA[我的任务 <b>&amp;</b>]]></Content>"
            "<MsgId>7300000000000000001</MsgId><AgentID>1000002</AgentID></xml>"),
    "long": "督办事项进展🙂" * 700,  # 700 * 25 bytes = 17.5 KB
}


@pytest.fixture
def crypto() -> WeComCrypto:
    """Our implementation with the test token, key and receive id."""
    return WeComCrypto(TOKEN, KEY, RECEIVE_ID)


@pytest.fixture
def wechat() -> WeChatCrypto:
    """wechatpy's enterprise crypto with the same settings."""
    return WeChatCrypto(TOKEN, KEY, RECEIVE_ID)


def seal(data: bytes, key: bytes = AES_KEY) -> str:
    """AES-256-CBC of raw bytes (a multiple of 16) with no padding added: for crafted payloads."""
    encryptor = Cipher(algorithms.AES(key), modes.CBC(key[:16])).encryptor()
    return base64.b64encode(encryptor.update(data) + encryptor.finalize()).decode()


def frame(msg: bytes, receive_id: bytes = RECEIVE_ID.encode(), size: int | None = None) -> bytes:
    """random16 + length + msg + receive id, unpadded."""
    return RANDOM16 + (len(msg) if size is None else size).to_bytes(4, "big") + msg + receive_id


def pad(data: bytes) -> bytes:
    """PKCS#7 padding to a 32-byte block, done independently of the module."""
    n = 32 - len(data) % 32
    return data + bytes([n]) * n


def envelope(encrypted: str) -> bytes:
    """A callback POST body around an Encrypt value."""
    return (f"<xml><ToUserName><![CDATA[{RECEIVE_ID}]]></ToUserName>"
            f"<AgentID><![CDATA[1000002]]></AgentID>"
            f"<Encrypt><![CDATA[{encrypted}]]></Encrypt></xml>").encode()


def fields(xml_text: str) -> dict[str, str]:
    """Top-level element texts of an XML string."""
    return {child.tag: child.text or "" for child in ET.fromstring(xml_text)}


def rejected(kind: type[WeComCryptoError], call: Callable[[], object]) -> WeComCryptoError:
    """Run `call`, expecting exactly `kind`, whose text reveals neither token nor key."""
    with pytest.raises(WeComCryptoError) as info:
        call()
    exc = info.value
    assert type(exc) is kind, f"{type(exc).__name__}: {exc}"
    text = f"{exc} {exc!r} {exc.args!r}"
    for secret in SECRETS:
        assert secret not in text
    return exc


# ---- vectors ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("plain", "encrypted", "signature"), PINNED)
def test_pinned_vectors(crypto: WeComCrypto, wechat: WeChatCrypto, plain: str, encrypted: str,
                        signature: str) -> None:
    """Fixed inputs give the pinned ciphertext, signature and reply, both ways."""
    assert crypto.encrypt(plain, RANDOM16) == encrypted
    assert crypto.signature(TS, NONCE, encrypted) == signature
    assert crypto.decrypt(encrypted) == plain
    assert crypto.decrypt_message(envelope(encrypted), signature, TS, NONCE, NOW) == plain
    assert wechat.decrypt_message(envelope(encrypted), signature, TS, NONCE) == plain
    reply = crypto.encrypt_reply(plain, NONCE, TS, RANDOM16)
    assert reply == (f"<xml><Encrypt><![CDATA[{encrypted}]]></Encrypt>"
                     f"<MsgSignature><![CDATA[{signature}]]></MsgSignature>"
                     f"<TimeStamp>{TS}</TimeStamp><Nonce><![CDATA[{NONCE}]]></Nonce></xml>")


def test_signature_is_sha1_of_sorted_parts(crypto: WeComCrypto) -> None:
    """The signature is SHA-1 over the four sorted strings."""
    parts = sorted([TOKEN, "1", "b", "a"])
    assert crypto.signature("1", "b", "a") == hashlib.sha1("".join(parts).encode()).hexdigest()
    # The same four strings in any role give the same signature: only their sorted order counts.
    assert crypto.signature("b", "1", "a") == crypto.signature("1", "b", "a")


# WeCom's published sample (加解密方案 documentation and its official SDK samples).
OFFICIAL = WeComCrypto("QDG6eK", "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C",
                       "wx5823bf96d3bd56c7")
OFFICIAL_ECHOSTR = ("P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaB"
                    "O+FZXvnaqQ==")
OFFICIAL_BODY = (
    b"<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName><Encrypt><![CDATA["
    b"RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj9"
    b"11L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOd"
    b"nLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+"
    b"BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZ"
    b"pS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q=="
    b"]]></Encrypt></xml>")


def test_official_wecom_sample() -> None:
    """WeCom's own published URL-verification and message samples."""
    echo = OFFICIAL.verify_url("5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3", "1409659589",
                               "263014780", OFFICIAL_ECHOSTR, now=1409659589.0)
    assert echo == "1616140317555161061"
    inner = OFFICIAL.decrypt_message(OFFICIAL_BODY, "477715d11cdb4164915debcba66cb864d751f3e6",
                                     "1409659813", "1372623149", now=1409659813.0)
    assert parse_message(inner) == {
        "ToUserName": "wx5823bf96d3bd56c7", "FromUserName": "mycreate", "CreateTime": "1409659813",
        "MsgType": "text", "Content": "hello", "MsgId": "4561255354251345929", "AgentID": "218",
    }


# ---- cross-check with wechatpy ----------------------------------------------------------------


@pytest.mark.parametrize("plain", MESSAGES.values(), ids=MESSAGES.keys())
def test_wechatpy_decrypts_what_we_encrypt(crypto: WeComCrypto, wechat: WeChatCrypto,
                                           plain: str) -> None:
    """wechatpy verifies and decrypts our payloads."""
    encrypted = crypto.encrypt(plain)
    signature = crypto.signature(TS, NONCE, encrypted)
    # wechatpy's URL verification is named check_signature; it returns the decrypted echostr.
    assert wechat.check_signature(signature, TS, NONCE, encrypted) == plain
    assert wechat.decrypt_message(envelope(encrypted), signature, TS, NONCE) == plain


@pytest.mark.parametrize("plain", MESSAGES.values(), ids=MESSAGES.keys())
def test_we_decrypt_what_wechatpy_encrypts(crypto: WeComCrypto, wechat: WeChatCrypto,
                                           plain: str) -> None:
    """We verify and decrypt wechatpy's payloads."""
    out = fields(wechat.encrypt_message(plain, NONCE, TS))
    encrypted, signature = out["Encrypt"], out["MsgSignature"]
    assert (out["TimeStamp"], out["Nonce"]) == (TS, NONCE)
    assert crypto.signature(TS, NONCE, encrypted) == signature
    assert crypto.verify_url(signature, TS, NONCE, encrypted, NOW) == plain
    assert crypto.decrypt_message(envelope(encrypted), signature, TS, NONCE, NOW) == plain


@pytest.mark.parametrize("plain", MESSAGES.values(), ids=MESSAGES.keys())
def test_wechatpy_decrypts_our_replies(crypto: WeComCrypto, wechat: WeChatCrypto,
                                       plain: str) -> None:
    """Our passive-reply envelopes open in wechatpy and in ours."""
    reply = crypto.encrypt_reply(plain, "nonce-42", TS)
    out = fields(reply)
    assert list(out) == ["Encrypt", "MsgSignature", "TimeStamp", "Nonce"]
    assert (out["TimeStamp"], out["Nonce"]) == (TS, "nonce-42")
    assert wechat.decrypt_message(reply, out["MsgSignature"], TS, "nonce-42") == plain
    assert crypto.decrypt_message(reply.encode(), out["MsgSignature"], TS, "nonce-42", NOW) == plain


def test_fresh_random_prefix_each_time(crypto: WeComCrypto) -> None:
    """Without random16 each encryption differs."""
    first, second = crypto.encrypt("同一条消息"), crypto.encrypt("同一条消息")
    assert first != second
    assert crypto.decrypt(first) == crypto.decrypt(second) == "同一条消息"


def test_wechatpy_rejects_our_wrong_signature(crypto: WeComCrypto, wechat: WeChatCrypto) -> None:
    """wechatpy agrees that a wrong signature is refused."""
    encrypted = crypto.encrypt("hi")
    with pytest.raises(InvalidSignatureException):
        wechat.check_signature("0" * 40, TS, NONCE, encrypted)


# ---- the inner message --------------------------------------------------------------------------


def test_parse_text_and_file_messages() -> None:
    """Text and file messages become flat dicts."""
    assert parse_message(MESSAGES["xml"]) == {
        "ToUserName": "ww0123456789abcdef", "FromUserName": "zhangsan", "CreateTime": "1730000000",
        "MsgType": "text", "Content": "我的任务 <b>&amp;</b>", "MsgId": "7300000000000000001",
        "AgentID": "1000002",
    }
    file_message = ("<xml><ToUserName><![CDATA[ww1]]></ToUserName><FromUserName><![CDATA[lisi]]>"
                    "</FromUserName><CreateTime>1730000001</CreateTime><MsgType><![CDATA[file]]>"
                    "</MsgType><MediaId><![CDATA[2-G6nrLmr5EC3MMb_-zK1dDdzmd0p7]]></MediaId>"
                    "<FileName><![CDATA[11月任务清单.xlsx]]></FileName><Content></Content>"
                    "<MsgId>7300000000000000002</MsgId><AgentID>1000002</AgentID></xml>")
    parsed = parse_message(file_message)
    assert parsed["MsgType"] == "file"
    assert parsed["MediaId"] == "2-G6nrLmr5EC3MMb_-zK1dDdzmd0p7"
    assert parsed["FileName"] == "11月任务清单.xlsx"
    assert parsed["Content"] == ""


def test_parse_keeps_text_verbatim_and_blanks_nested_elements() -> None:
    """Texts stay verbatim; nested elements map to ""."""
    event = ("<xml><MsgType><![CDATA[event]]></MsgType><Content><![CDATA[  <!DOCTYPE x> ]]>"
             "</Content><ScanCodeInfo><ScanType>qrcode</ScanType></ScanCodeInfo></xml>")
    assert parse_message(event) == {"MsgType": "event", "Content": "  <!DOCTYPE x> ",
                                    "ScanCodeInfo": ""}


@pytest.mark.parametrize("text", [
    "", "not xml", "<xml><a></xml>", "<xml/><xml/>", "<root><MsgType>text</MsgType></root>",
    "<xml><A>1</A><A>2</A></xml>", "<xml><A>&undefined;</A></xml>",
    '<!DOCTYPE xml [<!ENTITY e "boom">]><xml><Content>&e;</Content></xml>',
])
def test_parse_rejects_garbage(text: str) -> None:
    """Unparsable or unexpected inner XML raises MalformedXml."""
    rejected(MalformedXml, lambda: parse_message(text))


# ---- rejections -------------------------------------------------------------------------------


def test_wrong_signature(crypto: WeComCrypto) -> None:
    """Any signature other than the exact expected one is BadSignature."""
    encrypted = crypto.encrypt("hi")
    good = crypto.signature(TS, NONCE, encrypted)
    wrong = ["0" * 40, good[:-1], good.upper(), good + "0", "", "签名" * 20]
    for signature in wrong:
        rejected(BadSignature, lambda s=signature: crypto.verify_url(s, TS, NONCE, encrypted, NOW))
        rejected(BadSignature, lambda s=signature: crypto.decrypt_message(
            envelope(encrypted), s, TS, NONCE, NOW))
    # Signed with another token; and a valid signature for other parameters.
    other = WeComCrypto("another-token", KEY, RECEIVE_ID)
    rejected(BadSignature, lambda: crypto.check(other.signature(TS, NONCE, encrypted), TS, NONCE,
                                                encrypted, NOW))
    rejected(BadSignature, lambda: crypto.check(good, TS, "other-nonce", encrypted, NOW))


def test_signature_compared_in_constant_time(crypto: WeComCrypto,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """The signature goes through hmac.compare_digest."""
    seen: list[tuple[bytes, bytes]] = []
    real = wecom_crypto.hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        seen.append((a, b))
        return real(a, b)

    monkeypatch.setattr(wecom_crypto.hmac, "compare_digest", spy)
    encrypted = crypto.encrypt("hi")
    crypto.check(crypto.signature(TS, NONCE, encrypted), TS, NONCE, encrypted, NOW)
    assert len(seen) == 1


@pytest.mark.parametrize("offset", [-301, 301, -10_000, 86_400])
def test_stale_timestamp(crypto: WeComCrypto, offset: int) -> None:
    """Timestamps more than 300 s off, either way, are StaleTimestamp."""
    encrypted = crypto.encrypt("hi")
    signature = crypto.signature(TS, NONCE, encrypted)
    now = NOW - offset  # the request's timestamp is `offset` seconds off the clock
    rejected(StaleTimestamp, lambda: crypto.verify_url(signature, TS, NONCE, encrypted, now))
    rejected(StaleTimestamp, lambda: crypto.decrypt_message(envelope(encrypted), signature, TS,
                                                            NONCE, now))


@pytest.mark.parametrize("offset", [-300, 0, 300, 299.5])
def test_timestamp_within_skew(crypto: WeComCrypto, offset: float) -> None:
    """Timestamps within 300 s, boundaries included, pass."""
    encrypted = crypto.encrypt("hi")
    signature = crypto.signature(TS, NONCE, encrypted)
    assert crypto.verify_url(signature, TS, NONCE, encrypted, NOW - offset) == "hi"


def test_custom_skew() -> None:
    """max_skew sets the allowed distance."""
    tight = WeComCrypto(TOKEN, KEY, RECEIVE_ID, max_skew=5)
    encrypted = tight.encrypt("hi")
    signature = tight.signature(TS, NONCE, encrypted)
    assert tight.verify_url(signature, TS, NONCE, encrypted, NOW + 5) == "hi"
    rejected(StaleTimestamp, lambda: tight.verify_url(signature, TS, NONCE, encrypted, NOW + 6))


@pytest.mark.parametrize("timestamp", ["", "abc", "1730000000.0", "-1730000000", " 1730000000",
                                       "1730000000\n", "１７３００００００００", "٣", "1e9",
                                       "0x6720cb00", "9" * 40])
def test_non_numeric_timestamp(crypto: WeComCrypto, timestamp: str) -> None:
    """A correctly signed timestamp that is not ASCII digits is StaleTimestamp."""
    encrypted = crypto.encrypt("hi")
    signature = crypto.signature(timestamp, NONCE, encrypted)
    rejected(StaleTimestamp, lambda: crypto.verify_url(signature, timestamp, NONCE, encrypted, NOW))
    rejected(StaleTimestamp, lambda: crypto.decrypt_message(envelope(encrypted), signature,
                                                            timestamp, NONCE, NOW))


@pytest.mark.parametrize("body", [
    b"", b"not xml at all", b"<xml><Encrypt>abc</Encrypt>", b"<xml></xml><xml></xml>",
    b"<xml><Encrypt>abc</Encrypt></xml>trailing", b"<xml><Encrypt>&nbsp;</Encrypt></xml>",
    "<xml><Encrypt>中</Encrypt></xml>".encode("gbk"),
    b"<other><Encrypt>abc</Encrypt></other>",
], ids=["empty", "text", "unclosed", "two-roots", "trailing", "undefined-entity", "gbk",
        "wrong-root"])
def test_malformed_xml(crypto: WeComCrypto, body: bytes) -> None:
    """Unparsable callback bodies are MalformedXml."""
    rejected(MalformedXml, lambda: crypto.decrypt_message(body, "0" * 40, TS, NONCE, NOW))


LAUGHS = ('<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY a "lol">'
          '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
          '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
          "<xml><Encrypt>&c;</Encrypt></xml>")


@pytest.mark.parametrize("body", [
    LAUGHS.encode(),
    b'<!DOCTYPE xml [<!ENTITY e SYSTEM "file:///etc/passwd">]><xml><Encrypt>&e;</Encrypt></xml>',
    b'<!DOCTYPE xml SYSTEM "http://127.0.0.1:9/x.dtd"><xml><Encrypt>abc</Encrypt></xml>',
    b"<!DOCTYPE xml><xml><Encrypt>abc</Encrypt></xml>",
    b"<!-- <a --><!DOCTYPE xml [<!ENTITY e 'x'>]><xml><Encrypt>&e;</Encrypt></xml>",
    '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE xml [<!ENTITY e "x">]><xml/>'
    .encode("utf-16"),
], ids=["billion-laughs", "external-entity", "external-dtd", "bare-doctype", "after-comment",
        "utf-16"])
def test_doctype_and_entities_rejected(crypto: WeComCrypto, body: bytes) -> None:
    """Any DOCTYPE, hence any entity declaration, is MalformedXml."""
    rejected(MalformedXml, lambda: crypto.decrypt_message(body, "0" * 40, TS, NONCE, NOW))


@pytest.mark.parametrize("body", [
    b"<xml><ToUserName>ww1</ToUserName></xml>", b"<xml><Encrypt></Encrypt></xml>",
    b"<xml><Encrypt><![CDATA[  ]]></Encrypt></xml>", b"<xml><Encrypt><a>x</a></Encrypt></xml>",
    b"<xml><Other><Encrypt>abc</Encrypt></Other></xml>",
], ids=["absent", "empty", "blank", "nested", "not-top-level"])
def test_missing_encrypt(crypto: WeComCrypto, body: bytes) -> None:
    """A body without a usable top-level Encrypt is MalformedXml."""
    rejected(MalformedXml, lambda: crypto.decrypt_message(body, "0" * 40, TS, NONCE, NOW))


def signed_flows(crypto: WeComCrypto, encrypted: str) -> list[Callable[[], object]]:
    """The three ways a payload reaches decryption, each correctly signed."""
    signature = crypto.signature(TS, NONCE, encrypted)
    return [lambda: crypto.decrypt(encrypted),
            lambda: crypto.verify_url(signature, TS, NONCE, encrypted, NOW),
            lambda: crypto.decrypt_message(envelope(encrypted), signature, TS, NONCE, NOW)]


@pytest.mark.parametrize("encrypted", ["not base64!", "abc", "YWJ", "YW Jj", "全角字符",
                                       "YWJjZA==YWJjZA==", "-_-_"])
def test_bad_base64(crypto: WeComCrypto, encrypted: str) -> None:
    """Payloads that are not strict base64 are BadPayload."""
    for call in signed_flows(crypto, encrypted):
        rejected(BadPayload, call)


def test_empty_payload(crypto: WeComCrypto) -> None:
    """An empty payload is BadPayload."""
    for call in signed_flows(crypto, "")[:2]:  # as an Encrypt element it is missing, see above
        rejected(BadPayload, call)


@pytest.mark.parametrize("size", [1, 16, 31, 33, 48, 80])
def test_wrong_ciphertext_length(crypto: WeComCrypto, size: int) -> None:
    """Ciphertexts that are not whole 32-byte blocks are BadPayload."""
    encrypted = base64.b64encode(bytes(size)).decode()
    for call in signed_flows(crypto, encrypted):
        rejected(BadPayload, call)
    # A valid message cut short by one AES block.
    cut = base64.b64encode(base64.b64decode(crypto.encrypt("x" * 40))[:-16]).decode()
    rejected(BadPayload, lambda: crypto.decrypt(cut))


@pytest.mark.parametrize("tail", [
    b"\x00" * 15, b"\x21" * 15, b"\xff" * 15, b"\x03" * 14 + b"\x0f",
    b"\x0f" * 7 + b"\x0e" + b"\x0f" * 7,
], ids=["zero", "thirty-three", "ff", "length-mismatch", "inconsistent-bytes"])
def test_bad_padding(crypto: WeComCrypto, tail: bytes) -> None:
    """Padding bytes out of 1..32 or not all equal are BadPayload."""
    data = frame(b"hello-hello") + tail  # 16 + 4 + 11 + 18 + 15 = 64
    assert len(data) == 64
    for call in signed_flows(crypto, seal(data)):
        rejected(BadPayload, call)
    assert crypto.decrypt(seal(frame(b"hello-hello") + b"\x0f" * 15)) == "hello-hello"


def test_bad_padding_whole_block_of_wrong_value(crypto: WeComCrypto) -> None:
    """A full padding block must be 32 bytes of 0x20."""
    data = frame(b"x" * 26)  # 64 bytes: needs 32 bytes of 0x20
    rejected(BadPayload, lambda: crypto.decrypt(seal(data + b"\x20" * 31 + b"\x1f")))
    assert crypto.decrypt(seal(data + b"\x20" * 32)) == "x" * 26


@pytest.mark.parametrize(("data", "kind"), [
    # Claims one byte more than it holds: the message eats into the receive id.
    (pad(frame(b"hello", size=6)), BadReceiveId),
    (pad(frame(b"hello", size=10_000)), BadPayload),
    (pad(frame(b"hello", size=0xFFFFFFFF)), BadPayload),
    (pad(RANDOM16 + b"\x00\x00"), BadPayload),  # no room for the length field
    (pad(RANDOM16), BadPayload),
], ids=["one-too-many", "past-the-end", "max", "short-length-field", "no-length-field"])
def test_length_field_inconsistent(crypto: WeComCrypto, data: bytes,
                                   kind: type[WeComCryptoError]) -> None:
    """A length field that does not fit the payload is refused."""
    for call in signed_flows(crypto, seal(data)):
        rejected(kind, call)


def test_bad_utf8(crypto: WeComCrypto) -> None:
    """A message that is not valid UTF-8 is BadPayload."""
    for msg in [b"\xff\xfe", "督办".encode()[:-1], b"\xed\xa0\x80", "中".encode("gbk")]:
        for call in signed_flows(crypto, seal(pad(frame(msg)))):
            rejected(BadPayload, call)


def test_wrong_receive_id(crypto: WeComCrypto) -> None:
    """Payloads for another receive id are BadReceiveId."""
    for receive_id in ["ww-someone-else", "", RECEIVE_ID + "x", RECEIVE_ID.upper()]:
        other = WeComCrypto(TOKEN, KEY, receive_id)
        for call in signed_flows(crypto, other.encrypt("hi")):
            rejected(BadReceiveId, call)
    from_wechatpy = fields(WeChatCrypto(TOKEN, KEY, "ww-other-corp").encrypt_message("hi", NONCE,
                                                                                    TS))
    for call in signed_flows(crypto, from_wechatpy["Encrypt"]):
        rejected(BadReceiveId, call)


def test_wrong_key(crypto: WeComCrypto) -> None:
    """A payload sealed with another key is BadPayload (its padding breaks)."""
    other_key = base64.b64encode(hashlib.sha256(b"another key").digest()).decode()[:43]
    other = WeComCrypto(TOKEN, other_key, RECEIVE_ID)
    for plain in ["hi", "x" * 26, MESSAGES["chinese"]]:
        for call in signed_flows(crypto, other.encrypt(plain, RANDOM16)):
            rejected(BadPayload, call)
        # And the other way round, where the token is shared and so the signature matches.
        rejected(BadPayload, lambda p=plain: other.decrypt(crypto.encrypt(p, RANDOM16)))


# ---- construction and misuse --------------------------------------------------------------------


@pytest.mark.parametrize("key", [KEY[:-1], KEY + "=", KEY + "A", "", KEY[:-1] + "!",
                                 KEY[:-1] + "中", KEY[:-1] + "-", " " + KEY[1:], KEY[:-1] + "\n"])
def test_bad_encoding_aes_key(key: str) -> None:
    """Keys that are not 43 base64 characters raise ValueError without echoing them."""
    with pytest.raises(ValueError) as info:
        WeComCrypto(TOKEN, key, RECEIVE_ID)
    assert KEY[:20] not in str(info.value) and TOKEN not in str(info.value)


def test_repr_hides_secrets(crypto: WeComCrypto) -> None:
    """repr() shows neither token nor key."""
    for secret in SECRETS:
        assert secret not in repr(crypto)


def test_misuse_raises_value_error(crypto: WeComCrypto) -> None:
    """Bad arguments from our own code raise ValueError."""
    with pytest.raises(ValueError):
        crypto.encrypt("hi", b"short")
    with pytest.raises(ValueError):
        crypto.encrypt_reply("<xml/>", NONCE, "not-a-timestamp")
    with pytest.raises(ValueError):
        crypto.encrypt_reply("<xml/>", "a]]>b", TS)
    with pytest.raises(ValueError):
        WeComCrypto(TOKEN, KEY, RECEIVE_ID, max_skew=-1)


def test_error_hierarchy() -> None:
    """Every refusal is a WeComCryptoError."""
    for kind in (BadSignature, StaleTimestamp, MalformedXml, BadPayload, BadReceiveId):
        assert issubclass(kind, WeComCryptoError)
    assert re.fullmatch(r"[0-9a-f]{40}", OFFICIAL.signature("1", "2", "3"))
