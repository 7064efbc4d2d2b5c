package io.kurir.rewrite.cleanup;

import io.kurir.checks.Action;
import io.kurir.checks.ContentVerdict;
import io.kurir.checks.Finding;
import io.kurir.checks.InputKind;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What cleanup does with the findings of header_checks and body_checks (header_checks(5)), as
 * Postfix's cleanup does after the queue: IGNORE, PREPEND and REPLACE edit the message; WARN, INFO
 * and FILTER are logged; and the message's fate is decided — REJECT returns it to the sender
 * (before the queue the gateway has refused it already, so this only happens to mail that did not
 * come through the gateway's checks), DISCARD drops it, REDIRECT sends it to one address instead of
 * its recipients, HOLD puts it on hold. REDIRECT and HOLD may both fire.
 *
 * <p>Pure: bytes and findings in, the edited message and the decision out.
 */
public final class ContentActions {

    /** A header line as PREPEND and REPLACE must give one for a header: {@code Name: value}. */
    private static final Pattern HEADER_LINE = Pattern.compile("[!-9;-~]+:.*", Pattern.DOTALL);

    /** What happens to the message. */
    public sealed interface Fate {
        /** Delivered as usual (possibly edited). */
        record Deliver() implements Fate {
        }

        /** Returned to the sender: every recipient to the error transport with this status and text. */
        record Reject(String status, String reason, Finding finding) implements Fate {
        }

        /** Dropped; the sender is told nothing. */
        record Discard(Finding finding) implements Fate {
        }

        /** Sent on, but to this address instead of its recipients, and/or held. */
        record Divert(Optional<Finding> redirect, Optional<Finding> hold) implements Fate {
        }
    }

    /**
     * One action worth a log line, as Postfix's cleanup logs it:
     * {@code QUEUEID: hold: header Subject: x from client; from=<s> to=<r>: text}.
     *
     * @param action the log word: {@code reject}, {@code discard}, {@code hold}, {@code redirect},
     *     {@code warning}, {@code info}, {@code prepend}, {@code replace}
     * @param input {@code header Subject: x} or {@code body text}, cut at 200 characters,
     *     control characters shown as {@code ?}
     * @param text the rule's text, likewise; may be empty
     */
    public record Logged(String action, String input, String text) {
    }

    /**
     * @param message the message as it goes on (edited when a rule asked for it)
     * @param fate what happens to it
     * @param log the actions worth logging, in message order
     */
    public record Outcome(byte[] message, Fate fate, List<Logged> log) {
    }

    private ContentActions() {
    }

    public static Outcome apply(byte[] message, ContentVerdict verdict) {
        if (verdict.isClean()) {
            return new Outcome(message, new Fate.Deliver(), List.of());
        }
        List<Logged> log = new ArrayList<>();
        // edits bottom-up, so that the line numbers of the ones above stay right
        List<Finding> edits = verdict.findings().stream()
                .filter(f -> f.action() instanceof Action.Ignore || f.action() instanceof Action.Prepend
                        || f.action() instanceof Action.Replace)
                .sorted((a, b) -> Integer.compare(b.messageLine(), a.messageLine()))
                .toList();
        Lines lines = edits.isEmpty() ? null : Lines.split(message); // only a message to edit is cut into lines
        for (Finding f : edits) {
            edit(lines, f);
        }
        for (Finding f : verdict.findings()) {
            Action a = f.action();
            if (a instanceof Action.Warn w) {
                log.add(entry("warning", f, w.text()));
            } else if (a instanceof Action.Info i) {
                log.add(entry("info", f, i.text()));
            } else if (a instanceof Action.Filter x) {
                log.add(entry("warning", f, "FILTER " + x.nextHop() + " ignored: Kurir has no content filter transports"));
            } else if (a instanceof Action.Hold h) {
                log.add(entry("hold", f, h.text()));
            } else if (a instanceof Action.Redirect r) {
                log.add(entry("redirect", f, r.address()));
            } else if (a instanceof Action.Discard d) {
                log.add(entry("discard", f, d.text()));
            } else if (a instanceof Action.Reject r) {
                log.add(entry("reject", f, r.statusCode() + " " + r.reason()));
            } else if (a instanceof Action.Prepend || a instanceof Action.Replace) {
                log.add(insertable(f) ? entry(a instanceof Action.Replace ? "replace" : "prepend", f, a.text())
                        : entry("warning", f, a.keyword() + " action without a header line: \"" + a.text() + "\" ignored"));
            }
            // IGNORE is not logged, as in Postfix; DUNNO never reaches a verdict
        }
        Fate fate;
        Optional<Finding> reject = verdict.reject();
        Optional<Finding> discard = verdict.discard();
        if (reject.isPresent()) {
            Action.Reject r = (Action.Reject) reject.get().action();
            fate = new Fate.Reject(r.statusCode(), r.reason(), reject.get());
        } else if (discard.isPresent()) {
            fate = new Fate.Discard(discard.get());
        } else if (verdict.hold().isPresent() || verdict.redirect().isPresent()) {
            fate = new Fate.Divert(verdict.redirect(), verdict.hold());
        } else {
            fate = new Fate.Deliver();
        }
        return new Outcome(edits.isEmpty() ? message : lines.join(), fate, List.copyOf(log));
    }

    /** Whether the text of a PREPEND or REPLACE may go where it matched: before a header only a header line. */
    private static boolean insertable(Finding f) {
        return f.kind() == InputKind.BODY || HEADER_LINE.matcher(f.action().text()).matches();
    }

    private static void edit(Lines lines, Finding f) {
        int first = f.messageLine() - 1;
        if (first < 0 || first >= lines.size()) {
            return; // cannot happen for findings of this message; never edit the wrong line
        }
        int count = f.kind() == InputKind.BODY ? 1 : lines.logicalHeaderLength(first);
        Action a = f.action();
        if (a instanceof Action.Ignore) {
            lines.remove(first, count);
        } else if (insertable(f)) {
            if (a instanceof Action.Replace) {
                lines.remove(first, count);
            }
            lines.insert(first, a.text());
        }
    }

    private static Logged entry(String what, Finding f, String text) {
        return new Logged(what, printable(f.describe()), printable(text));
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        s.codePoints().limit(200).forEach(c -> sb.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return s.codePointCount(0, s.length()) > 200 ? sb + "..." : sb.toString();
    }

    /** The message as lines, each with its own line ending, to edit by line number. */
    private static final class Lines {
        private final List<byte[]> lines;

        private Lines(List<byte[]> lines) {
            this.lines = lines;
        }

        static Lines split(byte[] message) {
            List<byte[]> out = new ArrayList<>();
            int start = 0;
            for (int i = 0; i < message.length; i++) {
                if (message[i] == '\n') {
                    out.add(java.util.Arrays.copyOfRange(message, start, i + 1));
                    start = i + 1;
                }
            }
            if (start < message.length) {
                out.add(java.util.Arrays.copyOfRange(message, start, message.length));
            }
            return new Lines(out);
        }

        int size() {
            return lines.size();
        }

        /** The header starting at {@code first} and its folded continuation lines. */
        int logicalHeaderLength(int first) {
            int n = 1;
            while (first + n < lines.size()) {
                byte[] next = lines.get(first + n);
                if (next.length == 0 || (next[0] != ' ' && next[0] != '\t')) {
                    break;
                }
                n++;
            }
            return n;
        }

        void remove(int first, int count) {
            lines.subList(first, first + count).clear();
        }

        /** Inserts a line before {@code at}, ending it as the message's lines end (CRLF unless the message uses bare LF). */
        void insert(int at, String text) {
            byte[] ending = endingNear(at);
            byte[] body = text.replace("\r", "").replace("\n", "").getBytes(StandardCharsets.UTF_8);
            byte[] line = new byte[body.length + ending.length];
            System.arraycopy(body, 0, line, 0, body.length);
            System.arraycopy(ending, 0, line, body.length, ending.length);
            lines.add(Math.min(at, lines.size()), line);
        }

        private byte[] endingNear(int at) {
            byte[] near = at < lines.size() ? lines.get(at) : at > 0 ? lines.get(at - 1) : null;
            boolean bareLf = near != null && near.length > 0 && near[near.length - 1] == '\n'
                    && (near.length < 2 || near[near.length - 2] != '\r');
            return bareLf ? new byte[] {'\n'} : new byte[] {'\r', '\n'};
        }

        byte[] join() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (byte[] l : lines) {
                out.writeBytes(l);
            }
            return out.toByteArray();
        }
    }
}
