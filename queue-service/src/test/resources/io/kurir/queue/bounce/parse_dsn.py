"""Parse a DSN with Python's email package and print what a reader of it sees, as JSON.

Usage: python3 parse_dsn.py FILE
"""
import email
import email.policy
import json
import re
import sys


def fields(block):
    """'Name: value' lines of one block, continuation lines unfolded, names lower-cased."""
    out = {}
    for line in re.sub(r"\r\n[ \t]", " ", block).split("\r\n"):
        if line:
            name, _, value = line.partition(":")
            out[name.strip().lower()] = value.strip()
    return out


raw = open(sys.argv[1], "rb").read()
msg = email.message_from_bytes(raw, policy=email.policy.compat32)
result = {
    "defects": [type(d).__name__ for d in msg.defects],
    "content_type": msg.get_content_type(),
    "report_type": msg.get_param("report-type"),
    "cte": msg.get("Content-Transfer-Encoding"),
    "headers": [[k, v] for k, v in msg.items()],
    "parts": [],
}
for part in msg.get_payload():
    info = {
        "type": part.get_content_type(),
        "description": part.get("Content-Description"),
        "cte": part.get("Content-Transfer-Encoding"),
        "defects": [type(d).__name__ for d in part.defects],
    }
    payload = part.get_payload()
    if part.get_content_type() == "message/delivery-status":
        # Python's own reading: one Message per block
        info["blocks"] = [{k.lower(): re.sub(r"\s*\r?\n[ \t]", " ", v) for k, v in b.items()} for b in payload]
    elif part.get_content_type() == "message/rfc822":
        inner = payload[0]
        info["inner_subject"] = inner.get("Subject")
        info["inner_body"] = inner.get_payload(decode=True).decode("utf-8", "replace")
    elif part.get_content_type() == "text/plain":
        info["text"] = part.get_payload(decode=True).decode(part.get_content_charset())
    result["parts"].append(info)

# the report as raw UTF-8 text, split by the boundary (also covers message/global-delivery-status)
boundary = msg.get_boundary().encode()
chunks = raw.split(b"\r\n--" + boundary)
report = chunks[2].split(b"\r\n\r\n", 1)[1].decode("utf-8")
result["raw_blocks"] = [fields(b) for b in report.split("\r\n\r\n") if b.strip()]
result["third_part_raw"] = chunks[3].split(b"\r\n\r\n", 1)[1].decode("utf-8", "surrogateescape") \
    if b"\r\n\r\n" in chunks[3] else ""
print(json.dumps(result))
