"""Validates PDFs with page-validation (PyPI 0.11.0), an independent checker.

Usage: pdf_standards.py PROFILE FILE...   prints one JSON line per file:
  {"file", "profile", "compliant", "failures": [[rule, message]], "excused": [[rule, why]]}
       pdf_standards.py selftest          checks the excuse below on made-up PDFs.

One rule is checked again here rather than taken from page: STREAM-LENGTH-001.
page takes a CR LF before `endstream` to be the end-of-line marker, also when
the CR is the stream's last byte of data (a compressed stream ends in 0x0D
about once in 256). ISO 32000-1 7.3.8.1 counts /Length from after the EOL
following `stream`; what follows those /Length bytes must be an EOL and then
`endstream`. A failure of that rule is excused only when this script proves
the /Length right: the bytes after it are EOL + `endstream`, and the data,
exactly /Length bytes long, is one whole deflate stream that inflates to the
size the stream's /Params say. Anything else stays a failure.
"""

import hashlib
import json
import re
import sys
import zlib

import page


def stream_at(data, num, gen):
    """The stream dictionary and the offset of the stream's first byte."""
    m = re.search(rb"(?:^|[\r\n ])%d %d obj\s*<<" % (num, gen), data)
    if not m:
        return None, None
    start = data.find(b"stream", m.end())
    # The object's own stream, not the next object's.
    if start < 0 or b"endobj" in data[m.end() : start]:
        return None, None
    head = data[m.end() : start]
    start += len(b"stream")
    if data[start : start + 2] == b"\r\n":
        start += 2
    elif data[start : start + 1] == b"\n":
        start += 1
    else:
        return None, None
    return head, start


def length_is_right(data, num, gen):
    """Why /Length of object `num gen` is right, or None if it is not shown."""
    head, start = stream_at(data, num, gen)
    if head is None:
        return None
    m = re.search(rb"/Length (\d+)", head)
    if not m or b"/FlateDecode" not in head:
        return None
    length = int(m.group(1))
    after = data[start + length : start + length + 11]
    if not re.match(rb"(\r\n|\n|\r)endstream", after):
        return None
    inflate = zlib.decompressobj()
    try:
        out = inflate.decompress(data[start : start + length])
    except zlib.error:
        return None
    if not inflate.eof or inflate.unused_data:
        return None
    size = re.search(rb"/Size (\d+)", head)
    if size and int(size.group(1)) != len(out):
        return None
    last = data[start + length - 1 : start + length]
    return (
        f"object {num} {gen}: /Length {length} ends the deflate data exactly "
        f"(last data byte {last!r}, then EOL and endstream; {len(out)} bytes inflated)"
    )


def check(path, profile):
    data = open(path, "rb").read()
    report = page.validate_pdf(path, profile=profile)
    failures, excused = [], []
    for f in report.failures:
        why = None
        if f.rule_id.endswith("-STREAM-LENGTH-001") and f.object_id is not None:
            why = length_is_right(data, f.object_id.object_number, f.object_id.generation)
        if why:
            excused.append([f.rule_id, why])
        else:
            failures.append([f.rule_id, f.message])
    return {
        "file": str(path),
        "profile": profile,
        "compliant": report.is_compliant,
        "failures": failures,
        "excused": excused,
    }


def tiny_pdf(payload, length_delta=0):
    """A small PDF with one compressed stream holding `payload`."""
    body = zlib.compress(payload)
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] >>",
        b"<< /Length %d /Type /EmbeddedFile /Filter /FlateDecode /Params << /Size %d >> >>\nstream\n"
        % (len(body) + length_delta, len(payload))
        + body
        + b"\nendstream",
    ]
    out = b"%PDF-1.7\n"
    offsets = []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return out


def selftest():
    # A payload whose compressed form ends in CR.
    payload = next(
        p
        for p in (hashlib.sha256(b"%d" % i).digest() * 3 + b"opfolg" for i in range(100000))
        if zlib.compress(p).endswith(b"\r")
    )
    good = tiny_pdf(payload)
    assert length_is_right(good, 4, 0), "a right /Length ending in CR is proven"
    for delta in (-1, 1, -2):
        bad = tiny_pdf(payload, delta)
        assert not length_is_right(bad, 4, 0), f"a /Length off by {delta} is not excused"
    # Not a stream at all, or a stream not compressed: not excused.
    assert not length_is_right(good, 3, 0)
    assert not length_is_right(good.replace(b"/FlateDecode", b"/ASCIIHexDecode"), 4, 0)
    # And page itself: what it says of the file with the CR (recorded, so
    # a page release that fixes or changes this shows up).
    import os
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "cr.pdf")
        open(path, "wb").write(good)
        rules = {f.rule_id for f in page.validate_pdf(path, profile="3b").failures}
    print(json.dumps({"selftest": "ok", "page_flags_cr_stream": "PDFA3B-STREAM-LENGTH-001" in rules}))


if __name__ == "__main__":
    if sys.argv[1:] == ["selftest"]:
        selftest()
    else:
        for p in sys.argv[2:]:
            print(json.dumps(check(p, sys.argv[1]), ensure_ascii=False))
