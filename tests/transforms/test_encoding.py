"""decode_html: declared, BOM, <meta> and detected charsets, wrong declarations, undecodable bytes."""

from __future__ import annotations

from pathlib import Path

import pytest

from transforms.encoding import UndecodableError, declared_charset, decode_html, meta_charset

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"
ZH = "港湾汽车与伏特电池公司周四宣布"
DE = "Händlergruppe Nordstern hat im ersten Quartal 4.300 Elektroautos verkauft – fast doppelt"


def page(name: str) -> bytes:
    return (PAGES / name).read_bytes()


@pytest.mark.parametrize("name", ["gbk_declared.html", "gbk_undeclared.html"])
def test_gbk_pages_with_and_without_meta_charset(name):
    assert ZH in decode_html(page(name))


@pytest.mark.parametrize("name", ["cp1252_declared.html", "cp1252_undeclared.html"])
def test_windows_1252_pages_with_and_without_meta_charset(name):
    text = decode_html(page(name))
    assert DE in text
    assert "„Die Kunden" in text and "30.000 €" in text


def test_http_header_charset_is_used():
    assert ZH in decode_html(page("gbk_undeclared.html"), "text/html; charset=GB2312")
    assert DE in decode_html(page("cp1252_undeclared.html"), "text/html; charset=windows-1252")


def test_wrong_header_charset_falls_back_to_meta_then_detection():
    # header claims UTF-8, the bytes are GBK (with and without a correct <meta>)
    assert ZH in decode_html(page("gbk_declared.html"), "text/html; charset=utf-8")
    assert ZH in decode_html(page("gbk_undeclared.html"), "text/html; charset=utf-8")
    assert DE in decode_html(page("cp1252_undeclared.html"), "text/html; charset=utf-8")


def test_single_byte_label_over_utf8_bytes_reads_utf8():
    body = "<html><body><p>Café déjà vu, Straße, €5</p></body></html>".encode()
    assert "Café déjà vu, Straße, €5" in decode_html(body, "text/html; charset=iso-8859-1")


def test_unknown_charset_label_is_ignored():
    body = "<p>Müller</p>".encode()
    assert decode_html(body, "text/html; charset=x-no-such-charset") == "<p>Müller</p>"


def test_bom_wins():
    assert decode_html(b"\xef\xbb\xbf<p>caf\xc3\xa9</p>", "text/html; charset=windows-1252") == "<p>café</p>"
    assert decode_html("\ufeff<p>Straße</p>".encode("utf-16-le")) == "<p>Straße</p>"


def test_ascii_and_empty():
    assert decode_html(b"<p>plain</p>") == "<p>plain</p>"
    assert decode_html(b"") == ""


def test_mostly_utf8_with_a_broken_byte_stays_utf8():
    body = ("<p>" + "Grüße aus Köln, schöne Straße. " * 10 + "</p>").encode() + b"\xff"
    text = decode_html(body)
    assert "Grüße aus Köln" in text and text.endswith("\ufffd")


def test_binary_bytes_are_undecodable_with_one_line_message():
    with pytest.raises(UndecodableError) as err:
        decode_html(bytes(range(256)) * 8)
    assert "\n" not in str(err.value) and "2048 bytes" in str(err.value)


def test_declaration_parsers():
    assert declared_charset('text/html; charset="UTF-8"') == "UTF-8"
    assert declared_charset("text/html") is None
    assert meta_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=gbk">') == "gbk"
    assert meta_charset(b"<meta charset='windows-1252'>") == "windows-1252"
