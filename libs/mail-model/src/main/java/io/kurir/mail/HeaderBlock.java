package io.kurir.mail;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The header section of an RFC 5322 message, split into fields without decoding anything: each
 * field keeps its exact bytes (folding, 8-bit and UTF-8 octets included), so headers that Kurir
 * does not change leave it byte for byte.
 *
 * <p>The header section ends at the first empty line. A message without one is all header.
 * Lines that are neither a field nor a continuation (no colon) end the header section the way
 * Postfix's cleanup treats them: everything from there on is body.
 */
public final class HeaderBlock {

    /** One header field: its name and its complete raw text including the final CRLF. */
    public record Field(String name, byte[] raw) {
        public boolean is(String other) {
            return name.equalsIgnoreCase(other);
        }

        /** The unfolded value after the colon, trimmed, decoded as UTF-8. */
        public String value() {
            String text = new String(raw, StandardCharsets.UTF_8);
            int colon = text.indexOf(':');
            return text.substring(colon + 1).replaceAll("\r?\n[ \t]", " ").trim();
        }
    }

    private final List<Field> fields;
    private final int bodyOffset;

    private HeaderBlock(List<Field> fields, int bodyOffset) {
        this.fields = fields;
        this.bodyOffset = bodyOffset;
    }

    /** Splits a message (CRLF line endings expected, bare LF tolerated) into header fields and body. */
    public static HeaderBlock parse(byte[] message) {
        List<Field> fields = new ArrayList<>();
        int pos = 0;
        int fieldStart = -1;
        String fieldName = null;
        while (pos < message.length) {
            int eol = indexOf(message, (byte) '\n', pos);
            int next = eol < 0 ? message.length : eol + 1;
            int contentEnd = eol < 0 ? message.length : (eol > pos && message[eol - 1] == '\r' ? eol - 1 : eol);
            boolean empty = contentEnd == pos;
            boolean continuation = !empty && (message[pos] == ' ' || message[pos] == '\t');
            if (continuation && fieldStart >= 0) {
                pos = next;
                continue;
            }
            if (fieldStart >= 0) {
                fields.add(new Field(fieldName, slice(message, fieldStart, pos)));
                fieldStart = -1;
            }
            if (empty) {
                return new HeaderBlock(List.copyOf(fields), next);
            }
            int colon = fieldNameEnd(message, pos, contentEnd);
            if (colon < 0) {
                return new HeaderBlock(List.copyOf(fields), pos); // not a header: body starts here
            }
            fieldStart = pos;
            fieldName = new String(message, pos, colon - pos, StandardCharsets.US_ASCII).trim();
            pos = next;
        }
        if (fieldStart >= 0) {
            fields.add(new Field(fieldName, slice(message, fieldStart, message.length)));
        }
        return new HeaderBlock(List.copyOf(fields), message.length);
    }

    public List<Field> fields() {
        return fields;
    }

    /** Offset of the first body octet in the parsed message (after the empty separator line). */
    public int bodyOffset() {
        return bodyOffset;
    }

    public boolean has(String name) {
        return fields.stream().anyMatch(f -> f.is(name));
    }

    public Optional<Field> first(String name) {
        return fields.stream().filter(f -> f.is(name)).findFirst();
    }

    public long count(String name) {
        return fields.stream().filter(f -> f.is(name)).count();
    }

    /** RFC 5322 2.2: field-name is printable US-ASCII except colon; returns the colon index or -1. */
    private static int fieldNameEnd(byte[] m, int from, int to) {
        for (int i = from; i < to; i++) {
            byte b = m[i];
            if (b == ':') {
                return i > from ? i : -1;
            }
            if (b <= 32 || b >= 127) {
                // Postfix tolerates white space before the colon ("Subject : x")
                if (b == ' ' || b == '\t') {
                    int j = i;
                    while (j < to && (m[j] == ' ' || m[j] == '\t')) {
                        j++;
                    }
                    return j < to && m[j] == ':' && i > from ? j : -1;
                }
                return -1;
            }
        }
        return -1;
    }

    private static int indexOf(byte[] a, byte b, int from) {
        for (int i = from; i < a.length; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] slice(byte[] a, int from, int to) {
        byte[] r = new byte[to - from];
        System.arraycopy(a, from, r, 0, r.length);
        return r;
    }

    @Override
    public String toString() {
        return "HeaderBlock" + fields.stream().map(f -> f.name().toLowerCase(Locale.ROOT)).toList();
    }
}
