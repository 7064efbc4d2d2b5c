#!/usr/bin/env python3
"""IMAP load benchmark: corpus generator, loader, single-client timings and a many-client mix.

Standard library only; raw sockets, so every command's latency is measured from the first byte sent
to the tagged reply read. Used by run.sh, which starts the servers; usable alone:

  imapbench.py corpus  --messages N --out DIR                 a corpus of N messages (DIR/corpus.*)
  imapbench.py load    --port P --corpus DIR [--connections C] APPEND the corpus into INBOX
  imapbench.py single  --port P --corpus DIR [--repeat R]      one client: SELECT, FETCH 1:* (FLAGS), ...
  imapbench.py mix     --port P --corpus DIR --clients N --duration S
                                                               N clients, each looping a session

Common options: --host (127.0.0.1), --user (bench), --password (benchpass), --json FILE (results).
Anything that is not a tagged OK (a NO, a BAD, a timeout, a closed connection, a BYE) is an error: it
is counted per command and the first replies of each kind are kept word for word.
"""

import argparse
import base64
import json
import math
import multiprocessing
import os
import random
import re
import socket
import statistics
import sys
import time
from datetime import datetime, timedelta, timezone

# ------------------------------------------------------------------------------------------- corpus

SYLLABLES = ["ka", "ri", "mo", "len", "tu", "sa", "vo", "ne", "dra", "pi", "lo", "mek", "sun", "ta",
             "gor", "fi", "bel", "da", "wen", "zu", "ro", "hal", "ki", "stro", "no", "pe", "lin", "ve"]
# words a search looks for: how many messages carry them in the Subject is known (see corpus.json)
MARKERS = {"invoice": 0.01, "quarterly": 0.002, "outage": 0.0005}
DOMAINS = ["example.com", "example.net", "example.org", "mail.example", "corp.example", "lists.example"]


def pseudo_words(rnd, n):
    words = set()
    while len(words) < n:
        words.add("".join(rnd.choice(SYLLABLES) for _ in range(rnd.randint(1, 3))))
    return sorted(words)


def rfc2822_date(dt):
    return dt.strftime("%a, %d %b %Y %H:%M:%S +0000")


def imap_date(dt):
    return dt.strftime("%d-%b-%Y %H:%M:%S +0000")


class Corpus:
    """The corpus on disk: DIR/corpus.eml (messages back to back), DIR/corpus.idx (one line per
    message: offset length internaldate-epoch flags) and DIR/corpus.json (what searches should find)."""

    def __init__(self, directory):
        self.dir = directory
        with open(os.path.join(directory, "corpus.json")) as f:
            self.meta = json.load(f)
        self.index = []
        with open(os.path.join(directory, "corpus.idx")) as f:
            for line in f:
                off, length, when, flags = line.rstrip("\n").split(" ", 3)
                self.index.append((int(off), int(length), int(when), flags))
        self.path = os.path.join(directory, "corpus.eml")

    def __len__(self):
        return len(self.index)

    def messages(self, start=0, stop=None, step=1):
        with open(self.path, "rb") as f:
            for i in range(start, len(self.index) if stop is None else stop, step):
                off, length, when, flags = self.index[i]
                f.seek(off)
                yield i, f.read(length), when, flags


def make_corpus(n, out, seed):
    rnd = random.Random(seed)
    os.makedirs(out, exist_ok=True)
    words = pseudo_words(rnd, 3000)
    firsts = [w.capitalize() for w in pseudo_words(rnd, 300)]
    lasts = [w.capitalize() + rnd.choice(["son", "ek", "ova", "er", "i", ""]) for w in pseudo_words(rnd, 300)]
    senders = []
    for _ in range(2000):
        first, last = rnd.choice(firsts), rnd.choice(lasts)
        senders.append((f"{first} {last}", f"{first.lower()}.{last.lower()}@{rnd.choice(DOMAINS)}"))
    lines = []
    for _ in range(4000):
        line, length = [], 0
        while length < 70:
            w = rnd.choice(words)
            line.append(w)
            length += len(w) + 1
        lines.append(" ".join(line).capitalize() + ".")
    start = datetime(2023, 1, 2, tzinfo=timezone.utc)
    span = (datetime(2026, 10, 31, tzinfo=timezone.utc) - start).total_seconds()
    counts = {m: 0 for m in MARKERS}
    kinds = {"plain": 0, "alternative": 0, "mixed": 0}
    flag_counts = {"seen": 0, "flagged": 0}
    total = 0
    since_dt = start + timedelta(seconds=span * 0.9)
    since_count = 0
    with open(os.path.join(out, "corpus.eml"), "wb") as eml, open(os.path.join(out, "corpus.idx"), "w") as idx:
        for i in range(n):
            # arrival order follows time, with jitter: SORT (DATE) is not the sequence order
            t = start + timedelta(seconds=span * (i + rnd.random()) / n)
            sent = t - timedelta(seconds=rnd.randint(5, 3 * 86400 if rnd.random() < 0.05 else 600))
            received = t
            if received >= since_dt:
                since_count += 1
            name, addr = rnd.choice(senders)
            subject_words = [rnd.choice(words) for _ in range(rnd.randint(2, 8))]
            for marker, share in MARKERS.items():
                if rnd.random() < share:
                    subject_words.insert(rnd.randrange(len(subject_words) + 1), marker)
                    counts[marker] += 1
            subject = " ".join(subject_words).capitalize()
            if rnd.random() < 0.25:
                subject = rnd.choice(["Re: ", "RE: ", "Fwd: ", "Re: Re: "]) + subject
            # sizes: log-normal around 6 KB, 2 KB to 50 KB
            size = int(min(50000, max(2000, rnd.lognormvariate(math.log(6000), 0.8))))
            kind = rnd.choices(["plain", "alternative", "mixed"], [65, 20, 15])[0]
            kinds[kind] += 1
            msgid = f"<{i:07d}.{rnd.getrandbits(48):012x}@corpus.bench.test>"
            head = [
                f"Return-Path: <{addr}>",
                f"Received: from mx.{addr.split('@')[1]} (mx.{addr.split('@')[1]} [192.0.2.{rnd.randint(1, 254)}])",
                f"\tby imap.bench.test with ESMTPS id {rnd.getrandbits(40):010X}",
                f"\tfor <bench@localhost>; {rfc2822_date(received)}",
                f"Message-ID: {msgid}",
                f"Date: {rfc2822_date(sent)}",
                f'From: "{name}" <{addr}>',
                "To: Bench User <bench@localhost>",
                f"Subject: {subject}",
                "MIME-Version: 1.0",
            ]
            if rnd.random() < 0.3:
                head.append(f"In-Reply-To: <{max(0, i - rnd.randint(1, 500)):07d}.ref@corpus.bench.test>")

            def text(nbytes):
                out, got = [], 0
                while got < nbytes:
                    para = [rnd.choice(lines) for _ in range(rnd.randint(2, 6))]
                    out.extend(para)
                    out.append("")
                    got += sum(len(x) + 2 for x in para) + 2
                return "\r\n".join(out)

            body_room = max(600, size - sum(len(h) + 2 for h in head) - 60)
            if kind == "plain":
                head.append("Content-Type: text/plain; charset=utf-8")
                head.append("Content-Transfer-Encoding: 7bit")
                body = text(body_room)
            elif kind == "alternative":
                b = f"=_alt_{i:07d}"
                head.append(f'Content-Type: multipart/alternative; boundary="{b}"')
                plain = text(body_room * 2 // 5)
                html = "<html><body>\r\n" + "\r\n".join(f"<p>{p}</p>" for p in plain.split("\r\n\r\n") if p) + "\r\n</body></html>"
                body = (f"--{b}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{plain}\r\n"
                        f"--{b}\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{html}\r\n--{b}--\r\n")
            else:
                b = f"=_mix_{i:07d}"
                head.append(f'Content-Type: multipart/mixed; boundary="{b}"')
                plain = text(min(1500, body_room // 4))
                raw = rnd.randbytes(max(300, (body_room - len(plain)) * 3 // 4))
                b64 = base64.b64encode(raw).decode()
                b64 = "\r\n".join(b64[j:j + 76] for j in range(0, len(b64), 76))
                fname = rnd.choice(words) + rnd.choice([".pdf", ".png", ".zip", ".docx"])
                body = (f"--{b}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{plain}\r\n"
                        f"--{b}\r\nContent-Type: application/octet-stream; name=\"{fname}\"\r\n"
                        f"Content-Disposition: attachment; filename=\"{fname}\"\r\n"
                        f"Content-Transfer-Encoding: base64\r\n\r\n{b64}\r\n--{b}--\r\n")
            data = ("\r\n".join(head) + "\r\n\r\n" + body).encode()
            flags = []
            if rnd.random() < 0.75:
                flags.append("\\Seen")
                flag_counts["seen"] += 1
            if rnd.random() < 0.03:
                flags.append("\\Flagged")
                flag_counts["flagged"] += 1
            if rnd.random() < 0.02:
                flags.append("\\Answered")
            idx.write(f"{eml.tell()} {len(data)} {int(received.timestamp())} {' '.join(flags)}\n")
            eml.write(data)
            total += len(data)
    meta = {
        "messages": n, "seed": seed, "bytes": total, "kinds": kinds, "subject_markers": counts,
        "seen": flag_counts["seen"], "flagged": flag_counts["flagged"],
        "since": since_dt.strftime("%d-%b-%Y"), "since_count_approx": since_count,
        "from_word": senders[0][0].split()[1].lower(),
    }
    with open(os.path.join(out, "corpus.json"), "w") as f:
        json.dump(meta, f, indent=1)
    print(json.dumps(meta))


# ------------------------------------------------------------------------------------------- IMAP

class ImapError(Exception):
    """A command did not end in a tagged OK. kind: NO, BAD, BYE, timeout, closed, protocol."""

    def __init__(self, kind, command, reply):
        super().__init__(f"{kind}: {command} -> {reply}")
        self.kind, self.command, self.reply = kind, command, reply


LITERAL = re.compile(rb"\{(\d+)\+?\}\r\n$")


class Imap:
    def __init__(self, host, port, timeout):
        self.sock = socket.create_connection((host, port), timeout=timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.rf = self.sock.makefile("rb", buffering=1 << 16)
        self.n = 0
        self.caps = set()
        self.greeting = self._line("(greeting)")
        if not self.greeting.startswith(b"* OK"):
            raise ImapError("BYE" if self.greeting.startswith(b"* BYE") else "protocol", "(greeting)",
                            self.greeting.decode(errors="replace").strip())

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass

    def _line(self, command):
        try:
            line = self.rf.readline(1 << 20)
        except socket.timeout:
            raise ImapError("timeout", command, "no reply within the timeout")
        except OSError as e:
            raise ImapError("closed", command, str(e))
        if not line:
            raise ImapError("closed", command, "connection closed by the server")
        return line

    def _response(self, line, command, keep):
        """One response: a line and its literals; returns the text with literal data left out unless keep."""
        parts = [line]
        while True:
            m = LITERAL.search(line)
            if not m:
                break
            n = int(m.group(1))
            try:
                data = self.rf.read(n)
            except socket.timeout:
                raise ImapError("timeout", command, "no reply within the timeout (in a literal)")
            if len(data) < n:
                raise ImapError("closed", command, "connection closed inside a literal")
            if keep:
                parts.append(data)
            line = self._line(command)
            parts.append(line)
        return b"".join(parts)

    def command(self, text, literals=(), keep=True, plus=True):
        """Sends `TAG text` (with literals after the {n} markers in text) and returns the untagged
        responses. plus: the server offers LITERAL+, so literals go without waiting for '+'."""
        self.n += 1
        tag = b"a%d" % self.n
        shown = text.split(" {")[0] if literals else text
        payload = tag + b" " + text.encode()
        try:
            if not literals:
                self.sock.sendall(payload + b"\r\n")
            elif plus:
                out = [payload]
                for lit in literals:
                    out.append(b"\r\n" + lit)
                out.append(b"\r\n")
                self.sock.sendall(b"".join(out))
            else:  # synchronising literals: wait for "+" before each one (RFC 3501 7.5)
                heads = re.split(rb"\{(\d+)\+?\}", payload)
                for k, lit in enumerate(literals):
                    self.sock.sendall(heads[2 * k] + b"{%d}\r\n" % len(lit))
                    line = self._line(shown)
                    if not line.startswith(b"+"):
                        raise ImapError("NO", shown, line.decode(errors="replace").strip())
                    self.sock.sendall(lit)
                self.sock.sendall(heads[-1] + b"\r\n")
        except socket.timeout:
            raise ImapError("timeout", shown, "could not send within the timeout")
        except OSError as e:
            raise ImapError("closed", shown, str(e))
        untagged = []
        while True:
            line = self._line(shown)
            if line.startswith(tag + b" "):
                status = line[len(tag) + 1:].split(b" ", 1)[0].upper()
                reply = line.decode(errors="replace").strip()
                if status != b"OK":
                    raise ImapError(status.decode(errors="replace"), shown, reply)
                self.last_ok = reply
                m = re.search(r"\[CAPABILITY ([^\]]*)\]", reply)
                if m:
                    self.caps = set(m.group(1).upper().split())
                return untagged
            resp = self._response(line, shown, keep)
            if resp.startswith(b"* BYE") and text != "LOGOUT":
                raise ImapError("BYE", shown, resp.decode(errors="replace").strip())
            if resp.startswith(b"* CAPABILITY "):
                self.caps = set(resp[13:].decode().upper().split())
            untagged.append(resp)

    def append_command(self, mailbox, flags, when, data):
        return f"APPEND {mailbox} ({flags}) \"{imap_date(datetime.fromtimestamp(when, timezone.utc))}\" {{{len(data)}+}}"

    def login(self, user, password):
        self.command(f'LOGIN "{user}" "{password}"')
        if not self.caps or "IMAP4REV1" not in self.caps:
            self.command("CAPABILITY")
        return self.caps


def exists_of(untagged):
    for line in untagged:
        m = re.match(rb"\* (\d+) EXISTS", line)
        if m:
            return int(m.group(1))
    return -1


# ------------------------------------------------------------------------------------------- load

def load_worker(args, worker, workers, result_queue):
    """APPENDs every workers-th message of the corpus, up to args.window in flight (LITERAL+)."""
    st = {"ok": 0, "errors": 0, "bytes": 0, "samples": []}
    try:
        load_appends(args, worker, workers, st)
    except Exception as e:  # reported, never a hang: the parent waits for one result per worker
        st["errors"] += 1
        st["samples"].append(f"worker {worker} stopped: {e}")
    result_queue.put(st)


def load_appends(args, worker, workers, st):
    corpus = Corpus(args.corpus)
    c = Imap(args.host, args.port, args.timeout)
    c.login(args.user, args.password)
    if "LITERAL+" not in c.caps:
        raise RuntimeError("the server does not offer LITERAL+, which the loader needs")
    pending = []  # (tag, name) sent, tagged reply not yet read

    def read_one():
        tag, name = pending.pop(0)
        while True:
            line = c._line(name)
            if line.startswith(tag + b" "):
                if line[len(tag) + 1:].startswith(b"OK"):
                    st["ok"] += 1
                else:
                    st["errors"] += 1
                    if len(st["samples"]) < 5:
                        st["samples"].append(f"{name} -> {line.decode(errors='replace').strip()}")
                return
            c._response(line, name, False)

    for i, data, when, flags in corpus.messages(worker, None, workers):
        c.n += 1
        tag = b"a%d" % c.n
        cmd = c.append_command("INBOX", flags, when, data)
        c.sock.sendall(tag + b" " + cmd.encode() + b"\r\n" + data + b"\r\n")
        pending.append((tag, f"APPEND (message {i + 1} of the corpus, {len(data)} octets)"))
        st["bytes"] += len(data)
        while len(pending) >= args.window:
            read_one()
    while pending:
        read_one()
    c.command("LOGOUT")
    c.close()


def write_maildir(corpus, maildir):
    """Writes the corpus as a Dovecot maildir (RFC-less but documented format: cur/ files named
    TIME.M<n>P<pid>.HOST,S=<size>,W=<CRLF size>:2,<flags>, LF line ends, mtime = INTERNALDATE).
    Names sort in corpus order, so Dovecot's first sync gives UIDs in that order."""
    for d in ("cur", "new", "tmp"):
        os.makedirs(os.path.join(maildir, d), exist_ok=True)
    letters = {"\\Flagged": "F", "\\Answered": "R", "\\Seen": "S"}
    pid = os.getpid()
    n = nbytes = 0
    for i, data, when, flags in corpus.messages():
        lf = data.replace(b"\r\n", b"\n")
        info = "".join(sorted(letters[f] for f in flags.split() if f in letters))
        name = f"{when}.M{i:07d}P{pid}.bench,S={len(lf)},W={len(data)}:2,{info}"
        path = os.path.join(maildir, "cur", name)
        with open(path, "wb") as f:
            f.write(lf)
        os.utime(path, (when, when))
        n += 1
        nbytes += len(data)
    return n, nbytes


def cmd_load(args):
    corpus = Corpus(args.corpus)
    t0 = time.perf_counter()
    if args.maildir:
        n, nbytes = write_maildir(corpus, args.maildir)
        if args.chown:
            uid, gid = (int(x) for x in args.chown.split(":"))
            for root, dirs, files in os.walk(os.path.dirname(args.maildir.rstrip("/"))):
                for x in dirs + files:
                    os.lchown(os.path.join(root, x), uid, gid)
        results = [{"ok": n, "errors": 0, "bytes": nbytes, "samples": []}]
        if args.import_command:
            import subprocess
            r = subprocess.run(args.import_command, shell=True, capture_output=True, text=True)
            if r.returncode != 0:
                results[0]["errors"] += 1
                results[0]["samples"].append(f"{args.import_command} -> exit {r.returncode}: {r.stderr.strip()[:300]}")
    else:
        q = multiprocessing.Queue()
        procs = [multiprocessing.Process(target=load_worker, args=(args, w, args.connections, q))
                 for w in range(args.connections)]
        for p in procs:
            p.start()
        results = [q.get() for _ in procs]
        for p in procs:
            p.join()
    written = time.perf_counter() - t0
    wall = time.perf_counter() - t0
    # what is in the mailbox now, as a client sees it
    c = Imap(args.host, args.port, args.timeout)
    c.login(args.user, args.password)
    t1 = time.perf_counter()
    exists = exists_of(c.command("SELECT INBOX"))
    select_s = time.perf_counter() - t1
    if args.maildir:  # the messages are not in the mailbox until the server has indexed them
        wall = time.perf_counter() - t0
    c.command("LOGOUT")
    c.close()
    out = {"messages": len(corpus), "connections": args.connections, "seconds": round(wall, 2),
           "msg_per_s": round(len(corpus) / wall, 1), "bytes": sum(r["bytes"] for r in results),
           "ok": sum(r["ok"] for r in results), "errors": sum(r["errors"] for r in results),
           "samples": [s for r in results for s in r["samples"]][:10], "exists": exists,
           "first_select_s": round(select_s, 3), "written_s": round(written, 2),
           "route": ("maildir files + doveadm import + first SELECT" if args.import_command else
                     "maildir files + first SELECT") if args.maildir else f"APPEND over {args.connections} connections"}
    emit(args, out)


# ------------------------------------------------------------------------------------------- single

def single_commands(corpus_meta, caps):
    m = corpus_meta
    cmds = [
        ("SELECT INBOX", "SELECT INBOX"),
        ("FETCH 1:* (FLAGS)", "FETCH 1:* (FLAGS)"),
        ("UID FETCH 1:* (FLAGS)", "UID FETCH 1:* (FLAGS)"),
        ("UID SEARCH UNSEEN", "UID SEARCH UNSEEN"),
        ("UID SEARCH FLAGGED", "UID SEARCH FLAGGED"),
        (f"UID SEARCH SINCE {m['since']}", f"UID SEARCH SINCE {m['since']}"),
        ("UID SEARCH SUBJECT invoice", "UID SEARCH SUBJECT invoice"),
        (f"UID SEARCH FROM {m['from_word']}", f"UID SEARCH FROM {m['from_word']}"),
        ("UID SEARCH LARGER 40000", "UID SEARCH LARGER 40000"),
    ]
    sort = "SORT" in caps
    for crit in ("DATE", "REVERSE ARRIVAL", "SUBJECT", "FROM"):
        cmds.append((f"UID SORT ({crit}) UTF-8 ALL", f"UID SORT ({crit}) UTF-8 ALL" if sort else None))
    return cmds


def cmd_single(args):
    corpus = Corpus(args.corpus)
    c = Imap(args.host, args.port, args.timeout)
    t0 = time.perf_counter()
    caps = c.login(args.user, args.password)
    login_s = time.perf_counter() - t0
    rows = [{"command": "LOGIN", "times": [login_s], "answer": "", "error": ""}]
    for name, text in single_commands(corpus.meta, caps):
        row = {"command": name, "times": [], "answer": "", "error": ""}
        if text is None:
            row["error"] = "not offered"
            rows.append(row)
            continue
        for r in range(args.repeat):
            if r > 0 and text.startswith("SELECT"):
                c.command("UNSELECT" if "UNSELECT" in caps else "CLOSE")
            t = time.perf_counter()
            try:
                untagged = c.command(text, keep=False)
            except ImapError as e:
                row["error"] = f"{e.kind}: {e.reply}"[:300]
                if e.kind in ("timeout", "closed", "BYE"):
                    c.close()
                    c = Imap(args.host, args.port, args.timeout)
                    c.login(args.user, args.password)
                    c.command("SELECT INBOX")
                break
            row["times"].append(time.perf_counter() - t)
            row["answer"] = answer_of(text, untagged)
        rows.append(row)
    try:
        c.command("LOGOUT")
    except ImapError:
        pass
    c.close()
    emit(args, {"login_s": round(login_s, 4), "caps": sorted(caps), "rows": rows})


def answer_of(text, untagged):
    """A short summary of what came back, to compare the two servers' answers."""
    if text.startswith("SELECT"):
        return f"{exists_of(untagged)} EXISTS"
    if "FETCH" in text:
        return f"{sum(1 for u in untagged if b' FETCH ' in u[:40])} FETCH responses"
    for u in untagged:
        if u.startswith(b"* SEARCH") or u.startswith(b"* SORT"):
            return f"{len(u.split()) - 2} UIDs"
    return ""


# ------------------------------------------------------------------------------------------- mix

HEADERS = "BODY.PEEK[HEADER.FIELDS (FROM TO SUBJECT DATE MESSAGE-ID)]"


def mix_client(args, cid, caps, deadline, result_queue):
    rnd = random.Random(args.seed * 1000 + cid)
    corpus = Corpus(args.corpus)
    meta = corpus.meta
    base = args.base
    # messages to APPEND: a few small and medium ones from the corpus, held in memory
    pool = [(data, flags) for _, data, _, flags in corpus.messages(0, min(len(corpus), 400))
            if len(data) < 20000][:50]
    searches = ["UNSEEN", f"SUBJECT {rnd.choice(list(MARKERS))}", f"SINCE {meta['since']}",
                f"FROM {meta['from_word']}", "FLAGGED"]
    lat = {}
    errors = {}
    samples = []
    sessions = 0
    state = {"c": None}

    def run(name, text, literals=(), keep=False):
        """Runs one command; returns its untagged responses, or None after an error (counted)."""
        if time.time() >= deadline:
            raise TimeoutError
        t = time.perf_counter()
        try:
            untagged = state["c"].command(text, literals, keep=keep, plus=plus)
        except ImapError as e:
            errors[name] = errors.get(name, 0) + 1
            if len(samples) < 20:
                samples.append({"client": cid, "command": e.command[:120], "kind": e.kind, "reply": e.reply[:300],
                                "after_s": round(time.perf_counter() - t, 3),
                                "at_s": round(time.time() - (deadline - args.duration), 1)})
            if e.kind in ("timeout", "closed", "BYE", "protocol"):
                state["c"].close()
                state["c"] = None
                raise ConnectionError
            return None
        done = time.time()
        if done <= deadline:
            lat.setdefault(name, []).append(time.perf_counter() - t)
        return untagged

    plus = "LITERAL+" in caps
    try:
        while time.time() < deadline:
            try:
                if state["c"] is None:
                    t = time.perf_counter()
                    try:
                        state["c"] = Imap(args.host, args.port, args.timeout)
                    except ImapError as e:
                        errors["connect"] = errors.get("connect", 0) + 1
                        if len(samples) < 20:
                            samples.append({"client": cid, "command": "(connect)", "kind": e.kind, "reply": e.reply[:300]})
                        time.sleep(0.2)
                        continue
                    except OSError as e:
                        errors["connect"] = errors.get("connect", 0) + 1
                        if len(samples) < 20:
                            samples.append({"client": cid, "command": "(connect)", "kind": "refused", "reply": str(e)})
                        time.sleep(0.2)
                        continue
                    lat.setdefault("connect", []).append(time.perf_counter() - t)
                c = state["c"]
                if run("LOGIN", f'LOGIN "{args.user}" "{args.password}"') is None:
                    c.close(); state["c"] = None; time.sleep(0.1); continue
                sel = run("SELECT", "SELECT INBOX")
                if sel is None:
                    run("LOGOUT", "LOGOUT"); c.close(); state["c"] = None; continue
                exists = exists_of(sel)
                top = max(1, min(exists, base))
                first = rnd.randint(1, max(1, top - args.window + 1))
                run("FETCH headers", f"FETCH {first}:{min(top, first + args.window - 1)} (UID FLAGS RFC822.SIZE {HEADERS})")
                run("FETCH body", f"FETCH {rnd.randint(1, top)} BODY.PEEK[]")
                flag, sign = rnd.choice([("\\Seen", "+"), ("\\Seen", "-"), ("\\Flagged", "+"), ("\\Flagged", "-")])
                run("STORE", f"STORE {rnd.randint(1, top)} {sign}FLAGS ({flag})")
                run("UID SEARCH", f"UID SEARCH {searches[sessions % len(searches)]}")
                if "SORT" in caps:
                    run("UID SORT", "UID SORT (REVERSE DATE) UTF-8 ALL")
                data, flags = rnd.choice(pool)
                appended = run("APPEND", f"APPEND INBOX () {{{len(data)}+}}", [data])
                uid = None
                if appended is not None:
                    m = re.search(r"\[APPENDUID \d+ (\d+)\]", c.last_ok)
                    uid = m.group(1) if m else None
                if uid:
                    run("UID STORE \\Deleted", f"UID STORE {uid} +FLAGS.SILENT (\\Deleted)")
                    run("UID EXPUNGE" if "UIDPLUS" in caps else "EXPUNGE",
                        f"UID EXPUNGE {uid}" if "UIDPLUS" in caps else "EXPUNGE")
                run("LOGOUT", "LOGOUT")
                c.close()
                state["c"] = None
                sessions += 1
            except ConnectionError:
                continue
    except TimeoutError:
        pass
    if state["c"] is not None:
        state["c"].close()
    result_queue.put({"lat": lat, "errors": errors, "samples": samples, "sessions": sessions})


def pct(values, p):
    if not values:
        return 0.0
    s = sorted(values)
    k = min(len(s) - 1, max(0, int(math.ceil(p / 100 * len(s))) - 1))
    return s[k]


def probe(args):
    """The server's capabilities after login."""
    c = Imap(args.host, args.port, args.timeout)
    c.login(args.user, args.password)
    c.command("CAPABILITY")
    caps = c.caps
    c.command("LOGOUT")
    c.close()
    return caps


def cmd_mix(args):
    caps = probe(args)
    q = multiprocessing.Queue()
    start = time.time() + 1.0  # every client process is up before the clock starts
    deadline = start + args.duration
    procs = [multiprocessing.Process(target=mix_client_delayed, args=(args, i, caps, start, deadline, q))
             for i in range(args.clients)]
    for p in procs:
        p.start()
    results = []
    for _ in procs:
        results.append(q.get(timeout=args.duration + args.timeout + 120))
    for p in procs:
        p.join(timeout=10)
    lat, errors, samples = {}, {}, []
    for r in results:
        for k, v in r["lat"].items():
            lat.setdefault(k, []).extend(v)
        for k, v in r["errors"].items():
            errors[k] = errors.get(k, 0) + v
        samples.extend(r["samples"])
    leftover = remove_appended(args)
    commands = sum(len(v) for k, v in lat.items() if k != "connect")
    per = {}
    for k, v in lat.items():
        per[k] = {"n": len(v), "p50_ms": round(pct(v, 50) * 1000, 2), "p95_ms": round(pct(v, 95) * 1000, 2),
                  "p99_ms": round(pct(v, 99) * 1000, 2), "max_ms": round(max(v) * 1000, 1),
                  "mean_ms": round(statistics.fmean(v) * 1000, 2)}
    out = {"clients": args.clients, "duration_s": args.duration, "commands": commands,
           "commands_per_s": round(commands / args.duration, 1),
           "sessions": sum(r["sessions"] for r in results),
           "sessions_per_s": round(sum(r["sessions"] for r in results) / args.duration, 2),
           "errors": errors, "error_total": sum(errors.values()), "samples": samples[:30], "per_command": per,
           "sort": "SORT" in caps, "caps": sorted(caps), "leftover_appended": leftover}
    emit(args, out)


def remove_appended(args):
    """Expunges what clients stopped at the deadline appended and did not expunge (everything after
    the first args.base messages), so that every run starts with the same mailbox. Returns how many."""
    c = Imap(args.host, args.port, args.timeout)
    c.login(args.user, args.password)
    exists = exists_of(c.command("SELECT INBOX"))
    if exists > args.base:
        c.command(f"STORE {args.base + 1}:* +FLAGS.SILENT (\\Deleted)")
        c.command("EXPUNGE")
    c.command("LOGOUT")
    c.close()
    return max(0, exists - args.base)


def mix_client_delayed(args, cid, caps, start, deadline, q):
    time.sleep(max(0, start - time.time()))
    try:
        mix_client(args, cid, caps, deadline, q)
    except Exception as e:  # a bug in the client must not hang the run: report it as an error
        q.put({"lat": {}, "errors": {"client crash": 1}, "sessions": 0,
               "samples": [{"client": cid, "command": "(client)", "kind": "crash", "reply": repr(e)[:300]}]})


# ------------------------------------------------------------------------------------------- main

def emit(args, out):
    text = json.dumps(out, indent=1)
    if args.json:
        with open(args.json, "w") as f:
            f.write(text + "\n")
    print(text)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    pc = sub.add_parser("corpus")
    pc.add_argument("--messages", type=int, required=True)
    pc.add_argument("--out", required=True)
    pc.add_argument("--seed", type=int, default=1)
    for name in ("load", "single", "mix"):
        s = sub.add_parser(name)
        s.add_argument("--host", default="127.0.0.1")
        s.add_argument("--port", type=int, required=True)
        s.add_argument("--user", default="bench")
        s.add_argument("--password", default="benchpass")
        s.add_argument("--corpus", required=True)
        s.add_argument("--timeout", type=float, default=120)
        s.add_argument("--json")
        if name == "load":
            s.add_argument("--connections", type=int, default=4)
            s.add_argument("--window", type=int, default=16, help="APPENDs in flight per connection")
            s.add_argument("--maildir", help="write this maildir directly instead of APPENDing (Dovecot)")
            s.add_argument("--chown", help="UID:GID to give the maildir and the folder above it")
            s.add_argument("--import", dest="import_command", help="a shell command that imports the maildir")
        if name == "single":
            s.add_argument("--repeat", type=int, default=3)
        if name == "mix":
            s.add_argument("--clients", type=int, default=20)
            s.add_argument("--duration", type=float, default=120)
            s.add_argument("--base", type=int, required=True, help="messages loaded (never expunged)")
            s.add_argument("--window", type=int, default=50, help="messages per header FETCH")
            s.add_argument("--seed", type=int, default=1)
    args = p.parse_args()
    if args.cmd == "corpus":
        make_corpus(args.messages, args.out, args.seed)
    else:
        {"load": cmd_load, "single": cmd_single, "mix": cmd_mix}[args.cmd](args)


if __name__ == "__main__":
    main()
