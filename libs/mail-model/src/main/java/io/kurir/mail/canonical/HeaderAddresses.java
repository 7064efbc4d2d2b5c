package io.kurir.mail.canonical;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Rewrites the addresses in the value of an address header ({@code From}, {@code Sender},
 * {@code Reply-To}, {@code To}, {@code Cc}, {@code Bcc} and their {@code Resent-} forms) in place,
 * the way Postfix's cleanup(8) applies canonical mapping to message headers: every addr-spec is
 * replaced by what the mapping makes of it, and every other character of the value is kept as it
 * was: display names, comments, quoted strings, group syntax, folding white space (including
 * CRLF followed by white space) and the null address {@code <>}.
 *
 * <p>The value is read as an RFC 5322 section 3.4 address-list:
 * <pre>
 * address-list = address *("," address)
 * address      = mailbox / group
 * group        = display-name ":" [group-list] ";" [CFWS]
 * mailbox      = name-addr / addr-spec
 * name-addr    = [display-name] angle-addr
 * angle-addr   = [CFWS] "&lt;" [obs-route] addr-spec "&gt;" [CFWS]
 * </pre>
 * Quoted strings with their backslash escapes (3.2.4), nested comments (3.2.2) and domain
 * literals (3.4.1) are read as units, so commas, colons, angle brackets and {@code @} inside them
 * mean nothing. In {@code <@a.test,@b.test:u@d.test>} (obs-route, 4.4) only {@code u@d.test} is
 * passed to the mapping. Comments and white space around an addr-spec are kept around it; a bare
 * addr-spec with a comment or white space in the middle ({@code joe(x)@a.test}, obsolete syntax)
 * is left alone.
 *
 * <p>The mapping is called only for text that looks like an addr-spec: a local part
 * (dot-atoms and/or quoted strings), {@code @} and a domain (dot-atom or domain literal), or a bare
 * local part without {@code @}, which Postfix would qualify; the mapping decides what to do with
 * it. A value that cannot be read (an unbalanced quote, comment, angle bracket or domain literal)
 * is returned unchanged, and so is every mailbox that cannot be read.
 */
public final class HeaderAddresses {

    private HeaderAddresses() {
    }

    /** A part of the value, {@code [start, end)}. */
    private record Range(int start, int end) {

        boolean isEmpty() {
            return start >= end;
        }
    }

    /**
     * Rewrites every addr-spec in an address-list header value.
     *
     * @param value the header value, after the colon, possibly folded
     * @param mapping the rewriting of one addr-spec; returns its argument (or an equal string) to
     *     leave it alone; must not return {@code null}
     * @return the value with the addresses rewritten, or {@code value} itself when nothing changed
     */
    public static String rewrite(String value, UnaryOperator<String> mapping) {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(mapping, "mapping");
        Optional<List<Range>> mailboxes = mailboxes(value);
        if (mailboxes.isEmpty()) {
            return value;
        }
        StringBuilder out = null;
        int copied = 0;
        for (Range mailbox : mailboxes.get()) {
            Optional<Range> spec = addrSpec(value, mailbox);
            if (spec.isEmpty()) {
                continue;
            }
            Range r = spec.get();
            String old = value.substring(r.start(), r.end());
            String replaced = Objects.requireNonNull(mapping.apply(old), "the mapping returned null");
            if (!replaced.equals(old)) {
                if (out == null) {
                    out = new StringBuilder(value.length() + 32);
                }
                out.append(value, copied, r.start()).append(replaced);
                copied = r.end();
            }
        }
        if (out == null) {
            return value;
        }
        return out.append(value, copied, value.length()).toString();
    }

    /**
     * The mailboxes of the address list: the parts between the commas, colons and semicolons that
     * are outside quoted strings, comments, domain literals and angle brackets, without the
     * display names of groups. Empty when the value cannot be read.
     */
    private static Optional<List<Range>> mailboxes(String value) {
        List<Range> mailboxes = new ArrayList<>();
        int start = 0;
        boolean group = false;
        int i = 0;
        while (i < value.length()) {
            char c = value.charAt(i);
            switch (c) {
                case ')', '>', ']' -> {
                    return Optional.empty();
                }
                case ',' -> {
                    mailboxes.add(new Range(start, i));
                    start = i + 1;
                }
                case ':' -> {
                    if (!group) { // the group's display name is not an address
                        group = true;
                        start = i + 1;
                    }
                }
                case ';' -> {
                    if (group) {
                        mailboxes.add(new Range(start, i));
                        group = false;
                        start = i + 1;
                    }
                }
                default -> {
                    // other characters belong to the mailbox
                }
            }
            i = after(value, i);
            if (i < 0) {
                return Optional.empty();
            }
        }
        mailboxes.add(new Range(start, value.length()));
        return Optional.of(mailboxes);
    }

    /** The addr-spec of one mailbox, or empty when it has none that can be rewritten. */
    private static Optional<Range> addrSpec(String value, Range mailbox) {
        int open = -1;
        int close = -1;
        for (int i = mailbox.start(); i < mailbox.end(); i = after(value, i)) {
            if (value.charAt(i) == '<') {
                if (open >= 0) {
                    return Optional.empty(); // two angle-addrs in one mailbox
                }
                open = i;
                close = after(value, i) - 1;
            }
        }
        Range spec;
        if (open < 0) {
            spec = trim(value, mailbox.start(), mailbox.end());
        } else {
            spec = trim(value, open + 1, close);
            if (!spec.isEmpty() && value.charAt(spec.start()) == '@') {
                int colon = routeEnd(value, spec);
                if (colon < 0) {
                    return Optional.empty();
                }
                spec = trim(value, colon + 1, spec.end());
            }
        }
        return looksLikeAddrSpec(value, spec) ? Optional.of(spec) : Optional.empty();
    }

    /** The {@code :} that ends an obs-route, or -1. */
    private static int routeEnd(String value, Range route) {
        for (int i = route.start(); i < route.end(); i = after(value, i)) {
            if (value.charAt(i) == ':') {
                return i;
            }
        }
        return -1;
    }

    /** The range without the white space and comments at its start and end (CFWS, 3.2.2). */
    private static Range trim(String value, int from, int to) {
        int start = from;
        while (start < to && isCfws(value.charAt(start))) {
            start = after(value, start);
        }
        int end = start;
        for (int i = start; i < to; i = after(value, i)) {
            if (!isCfws(value.charAt(i))) {
                end = after(value, i);
            }
        }
        return new Range(start, end);
    }

    private static boolean isCfws(char c) {
        return c == '(' || c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    /**
     * True for {@code local@domain} or a bare local part without white space, comments or
     * specials outside quoted strings: a local part of atoms, dots and quoted strings, a domain of
     * atoms and dots or one domain literal.
     */
    private static boolean looksLikeAddrSpec(String value, Range r) {
        if (r.isEmpty()) {
            return false;
        }
        int at = -1;
        for (int i = r.start(); i < r.end(); i = after(value, i)) {
            char c = value.charAt(i);
            if (c == '"') {
                if (at >= 0) {
                    return false;
                }
            } else if (c == '[') {
                if (at < 0 || i != at + 1 || after(value, i) != r.end()) {
                    return false;
                }
            } else if (c == '@') {
                if (at >= 0) {
                    return false;
                }
                at = i;
            } else if (c <= ' ' || c == 127 || "()<>:;,\\]".indexOf(c) >= 0 || Character.isWhitespace(c)) {
                return false;
            }
        }
        return at < 0 || (at > r.start() && at < r.end() - 1);
    }

    /**
     * The index after the token that starts at {@code i}: after the closing quote of a quoted
     * string, the parenthesis that closes a comment (comments nest), the bracket that closes a
     * domain literal or the angle bracket that closes an angle-addr; otherwise {@code i + 1}.
     * -1 when the token is not closed.
     */
    private static int after(String value, int i) {
        return switch (value.charAt(i)) {
            case '"' -> quotedEnd(value, i);
            case '(' -> commentEnd(value, i);
            case '[' -> literalEnd(value, i);
            case '<' -> angleEnd(value, i);
            default -> i + 1;
        };
    }

    /** RFC 5322 3.2.4: quoted-string, with quoted-pairs. */
    private static int quotedEnd(String value, int open) {
        for (int i = open + 1; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                return i + 1;
            }
        }
        return -1;
    }

    /** RFC 5322 3.2.2: a comment, which may contain comments and quoted-pairs (quotes mean nothing). */
    private static int commentEnd(String value, int open) {
        int depth = 0;
        for (int i = open; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i + 1;
            }
        }
        return -1;
    }

    /** RFC 5322 3.4.1: domain-literal, with obsolete quoted-pairs. */
    private static int literalEnd(String value, int open) {
        for (int i = open + 1; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '[') {
                return -1;
            } else if (c == ']') {
                return i + 1;
            }
        }
        return -1;
    }

    /** RFC 5322 3.4: angle-addr; angle brackets do not nest. */
    private static int angleEnd(String value, int open) {
        int i = open + 1;
        while (i < value.length()) {
            char c = value.charAt(i);
            if (c == '>') {
                return i + 1;
            }
            if (c == '<' || c == ')' || c == ']') {
                return -1;
            }
            i = after(value, i);
            if (i < 0) {
                return -1;
            }
        }
        return -1;
    }
}
