#!/usr/bin/env python3
"""Record Dovecot's FETCH answers for the messages in this folder as NN-name.expected files.

Usage: record.py PORT USER PASSWORD [NN-name ...]

Talks IMAP over a plain socket to 127.0.0.1:PORT only (never another host): LOGIN, CREATE a fresh mailbox
FIXTURES-<timestamp>, APPEND each message (synchronizing literal, flags (), internal date
"11-Jan-2024 12:00:00 +0000") in the order given, SELECT, send every FETCH of COMMANDS one by one, DELETE the
mailbox, LOGOUT. Each FETCH must end in a tagged OK. The .expected format is the one of imap-fetch/README.md:
"C: <command>" CRLF, then "S: " + the exact wire bytes of every untagged response to that command (literals
verbatim); the tagged completion is not recorded.

Without names, every NN-name.eml of this folder that has an entry in COMMANDS is recorded, in file-name order;
message N of the mailbox is the N-th file appended, so the FETCH numbers below assume that order.
"""
import os
import socket
import sys
import time

HOST = "127.0.0.1"
HERE = os.path.dirname(os.path.abspath(__file__))
INTERNAL_DATE = "11-Jan-2024 12:00:00 +0000"

# Per message: the FETCH item lists, sent as "FETCH <seq> <items>".
COMMANDS = {
    "17-deep-tree": [
        "(BODYSTRUCTURE)",
        "(BODY)",
        "(ENVELOPE)",
        "(RFC822.SIZE)",
        "(BODY.PEEK[HEADER])",
        "(BODY.PEEK[HEADER.FIELDS (SUBJECT FROM)])",
        "(BODY.PEEK[HEADER.FIELDS.NOT (RECEIVED)])",
        "(BODY.PEEK[TEXT]<0.100>)",
        "(BODY.PEEK[1.MIME])",
        "(BODY.PEEK[1.1])",
        "(BODY.PEEK[1.1.MIME])",
        "(BODY.PEEK[1.2])",
        "(BODY.PEEK[1.2.1])",
        "(BODY.PEEK[1.2.2.MIME])",
        "(BODY.PEEK[1.2.2])",
        "(BODY.PEEK[2])",
        "(BODY.PEEK[2.MIME])",
        "(BODY.PEEK[2.HEADER])",
        "(BODY.PEEK[2.HEADER.FIELDS (SUBJECT FROM)])",
        "(BODY.PEEK[2.TEXT]<0.100>)",
        "(BODY.PEEK[2.1])",
        "(BODY.PEEK[2.1.MIME])",
        "(BODY.PEEK[2.1.1])",
        "(BODY.PEEK[2.1.1.MIME])",
        "(BODY.PEEK[2.1.2])",
        "(BODY.PEEK[2.2.MIME])",
        "(BODY.PEEK[2.2])",
        "(BODY.PEEK[3.MIME])",
        "(BODY.PEEK[3])",
        "(BODY.PEEK[3]<50.60>)",
    ],
}


class Imap:
    def __init__(self, port):
        self.sock = socket.create_connection((HOST, port), timeout=30)
        self.buf = b""
        self.tag = 0

    def _fill(self):
        chunk = self.sock.recv(65536)
        if not chunk:
            raise EOFError("server closed the connection")
        self.buf += chunk

    def line(self):
        """One line including its CRLF."""
        while b"\r\n" not in self.buf:
            self._fill()
        i = self.buf.index(b"\r\n") + 2
        out, self.buf = self.buf[:i], self.buf[i:]
        return out

    def take(self, n):
        while len(self.buf) < n:
            self._fill()
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def response(self):
        """One whole response: lines, each literal's bytes, the text after it, up to the final CRLF."""
        out = b""
        while True:
            line = self.line()
            out += line
            body = line[:-2]
            if body.endswith(b"}") and b"{" in body:
                digits = body[body.rindex(b"{") + 1:-1]
                if digits.isdigit():
                    out += self.take(int(digits))
                    continue
            return out

    def command(self, text, literal=None):
        """Send one command; return its untagged responses (raw bytes) and check the tagged OK."""
        self.tag += 1
        tag = b"T%03d" % self.tag
        if literal is None:
            self.sock.sendall(tag + b" " + text.encode("utf-8") + b"\r\n")
        else:
            self.sock.sendall(tag + b" " + text.encode("utf-8") + b" {%d}\r\n" % len(literal))
            cont = self.response()
            if not cont.startswith(b"+"):
                raise RuntimeError("no continuation for %r: %r" % (text, cont))
            self.sock.sendall(literal + b"\r\n")
        untagged = []
        while True:
            resp = self.response()
            if resp.startswith(tag + b" "):
                if not resp.startswith(tag + b" OK"):
                    raise RuntimeError("%s failed: %r" % (text, resp))
                return untagged
            untagged.append(resp)


def quote(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main(argv):
    if len(argv) < 4:
        sys.exit(__doc__)
    port, user, password = int(argv[1]), argv[2], argv[3]
    names = argv[4:] or sorted(n[:-4] for n in os.listdir(HERE) if n.endswith(".eml") and n[:-4] in COMMANDS)
    imap = Imap(port)
    greeting = imap.response()
    if not greeting.startswith(b"* OK"):
        raise RuntimeError("greeting %r" % greeting)
    imap.command("LOGIN %s %s" % (quote(user), quote(password)))
    mailbox = "FIXTURES-%d" % int(time.time())
    imap.command("CREATE " + mailbox)
    try:
        for name in names:
            with open(os.path.join(HERE, name + ".eml"), "rb") as f:
                data = f.read()
            imap.command('APPEND %s () "%s"' % (mailbox, INTERNAL_DATE), literal=data)
        imap.command("SELECT " + mailbox)
        for seq, name in enumerate(names, start=1):
            out = b""
            for items in COMMANDS[name]:
                command = "FETCH %d %s" % (seq, items)
                out += b"C: " + command.encode("ascii") + b"\r\n"
                for resp in imap.command(command):
                    out += b"S: " + resp
            with open(os.path.join(HERE, name + ".expected"), "wb") as f:
                f.write(out)
            print("wrote %s.expected (%d commands)" % (name, len(COMMANDS[name])))
        imap.command("CLOSE")
    finally:
        imap.command("DELETE " + mailbox)
        imap.command("LOGOUT")


if __name__ == "__main__":
    main(sys.argv)
