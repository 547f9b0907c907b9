"""Seeds fuzz/corpus/<target>/ from testdata/headers.jsonl and a few hostile shapes.

Run from the repository root: python3 fuzz/seed.py
"""
import hashlib
import json
import os

TARGETS = {
    "accept": "accept",
    "accept_language": "accept-language",
    "accept_charset": "accept-charset",
    "accept_encoding": "accept-encoding",
    "a_im": "a-im",
}
EXTRA = {
    "accept": ['text/html;a="x,y";q=0.5, */*', 'a/b;q=.5;ext="q=1"', "*; q=.2", "text/html;q=1e3"],
    "accept_language": ["en_US, de-*-DE, 123, *;q=0", "zh-Hant-CN-x-private1-private2"],
    "accept_encoding": ["", "identity;q=0, *;q=0", "x-gzip;Q=0.0001"],
    "accept_datetime": ["Sun, 06 Nov 1994 08:49:37 GMT", "Sat, 31 Dec 2016 23:59:60 GMT"],
    "values": ["text/html; charset=\"utf-8\"", "pt_BR", "0.5", "Sun, 06 Nov 1994 08:49:37 GMT"],
}


def write(target, value):
    folder = os.path.join("fuzz", "corpus", target)
    os.makedirs(folder, exist_ok=True)
    data = value.encode()
    with open(os.path.join(folder, hashlib.sha1(data).hexdigest()), "wb") as f:
        f.write(data)


with open("testdata/headers.jsonl") as f:
    for line in f:
        row = json.loads(line)
        for target, header in TARGETS.items():
            if row["header"] == header:
                write(target, row["value"])
for target, values in EXTRA.items():
    for value in values:
        write(target, value)
