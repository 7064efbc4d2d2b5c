package io.kurir.mime;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * Builds IMAP response bytes with Dovecot's choice between NIL, quoted string and literal (RFC 3501 §4.3, §4.5).
 * Strings are byte strings (one char per byte).
 */
final class ImapWriter {

    /** Dovecot writes a literal rather than a quoted string once it would need more escapes than this. */
    private static final int MAX_ESCAPES = 4;

    private byte[] buf = new byte[256];
    private int len;

    ImapWriter ascii(String text) {
        for (int i = 0; i < text.length(); i++) {
            put(text.charAt(i));
        }
        return this;
    }

    ImapWriter nil() {
        return ascii("NIL");
    }

    ImapWriter number(long n) {
        return ascii(Long.toString(n));
    }

    /**
     * A string: quoted, with {@code "} and {@code \} escaped, unless it holds CR, LF or 8-bit bytes or would need more
     * than four escapes; then a literal. A NUL (not allowed in either) is sent as byte 0x80.
     */
    ImapWriter string(String value) {
        int escapes = 0;
        boolean literal = false;
        for (int i = 0; i < value.length() && !literal; i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                literal = ++escapes > MAX_ESCAPES;
            } else if (c == '\r' || c == '\n' || c == 0 || c >= 0x80) {
                literal = true;
            }
        }
        if (literal) {
            return literal(value.replace('\0', '\u0080'));
        }
        put('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                put('\\');
            }
            put(c);
        }
        put('"');
        return this;
    }

    ImapWriter nstring(Optional<String> value) {
        return value.isPresent() ? string(value.get()) : nil();
    }

    /** A header value with its CR and LF bytes dropped (folding removed, the blank after it kept), or NIL. */
    ImapWriter nstringNoLf(Optional<String> value) {
        return nstring(value.map(v -> v.indexOf('\r') < 0 && v.indexOf('\n') < 0 ? v : v.replaceAll("[\r\n]", "")));
    }

    /**
     * A string meant for display (subject, display names), cleaned up as Dovecot does: runs of blanks, TABs, CRs
     * and LFs become one space, leading and trailing ones go, NUL becomes 0x80. Anything that needed cleaning, and
     * anything with {@code "}, {@code \} or 8-bit bytes, is sent as a literal; other text as a quoted string; only
     * blanks as {@code ""}.
     */
    ImapWriter forHumans(String value) {
        boolean clean = true;
        boolean previousBlank = true;
        for (int i = 0; i < value.length() && clean; i++) {
            char c = value.charAt(i);
            boolean blank = c == ' ' || c == '\t' || c == '\r' || c == '\n';
            if (blank) {
                clean = c == ' ' && !previousBlank;
            } else {
                clean = c != 0 && c != '"' && c != '\\' && c < 0x80;
            }
            previousBlank = blank;
        }
        if (clean && !previousBlank || value.isEmpty()) {
            put('"');
            ascii(value);
            put('"');
            return this;
        }
        StringBuilder out = new StringBuilder(value.length());
        boolean pendingSpace = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                pendingSpace = out.length() > 0;
                continue;
            }
            if (pendingSpace) {
                out.append(' ');
                pendingSpace = false;
            }
            out.append(c == 0 ? '\u0080' : c);
        }
        if (out.length() == 0) {
            return ascii("\"\"");
        }
        return literal(out.toString());
    }

    ImapWriter literal(String byteString) {
        ascii("{" + byteString.length() + "}\r\n");
        return ascii(byteString);
    }

    ImapWriter literal(byte[] bytes) {
        ascii("{" + bytes.length + "}\r\n");
        return bytes(bytes, 0, bytes.length);
    }

    ImapWriter bytes(byte[] bytes, int from, int to) {
        ensure(to - from);
        System.arraycopy(bytes, from, buf, len, to - from);
        len += to - from;
        return this;
    }

    ImapWriter put(int b) {
        ensure(1);
        buf[len++] = (byte) b;
        return this;
    }

    private void ensure(int more) {
        if (buf.length - len < more) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }

    @Override
    public String toString() {
        return new String(buf, 0, len, StandardCharsets.ISO_8859_1);
    }
}
