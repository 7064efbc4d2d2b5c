package io.kurir.mime;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A BODY[section] specifier (RFC 3501 §6.4.5): a part path and what to take from that part.
 *
 * @param path part numbers, empty for the message itself
 * @param text what to take; {@link Text#ALL} is the whole part body (or the whole message for an empty path)
 * @param fields the field names of HEADER.FIELDS and HEADER.FIELDS.NOT, as given
 */
public record Section(List<Integer> path, Text text, List<String> fields) {

    /** The section-text of RFC 3501 §9, or ALL when there is none. */
    public enum Text {
        ALL, HEADER, HEADER_FIELDS, HEADER_FIELDS_NOT, TEXT, MIME
    }

    public Section {
        path = List.copyOf(path);
        fields = List.copyOf(fields);
    }

    /**
     * Parses what stands between the brackets: {@code ""}, {@code 1.2}, {@code HEADER}, {@code 2.MIME},
     * {@code HEADER.FIELDS (SUBJECT FROM)}, ...
     *
     * @throws IllegalArgumentException if the text is not a section specifier (the caller answers BAD)
     */
    public static Section parse(String spec) {
        List<Integer> path = new ArrayList<>();
        int pos = 0;
        while (pos < spec.length() && Character.isDigit(spec.charAt(pos))) {
            int start = pos;
            while (pos < spec.length() && Character.isDigit(spec.charAt(pos))) {
                pos++;
            }
            int number = parseNumber(spec.substring(start, pos));
            path.add(number);
            if (pos == spec.length()) {
                return new Section(path, Text.ALL, List.of());
            }
            if (spec.charAt(pos) != '.') {
                throw new IllegalArgumentException("bad section: " + spec);
            }
            pos++;
        }
        String rest = spec.substring(pos);
        if (rest.isEmpty()) {
            if (!path.isEmpty()) {
                throw new IllegalArgumentException("bad section: " + spec);
            }
            return new Section(path, Text.ALL, List.of());
        }
        String upper = rest.toUpperCase(Locale.ROOT);
        switch (upper) {
            case "HEADER":
                return new Section(path, Text.HEADER, List.of());
            case "TEXT":
                return new Section(path, Text.TEXT, List.of());
            case "MIME":
                if (path.isEmpty()) {
                    throw new IllegalArgumentException("MIME needs a part number: " + spec);
                }
                return new Section(path, Text.MIME, List.of());
            default:
                break;
        }
        if (upper.startsWith("HEADER.FIELDS.NOT ")) {
            return new Section(path, Text.HEADER_FIELDS_NOT, fieldList(rest.substring(18), spec));
        }
        if (upper.startsWith("HEADER.FIELDS ")) {
            return new Section(path, Text.HEADER_FIELDS, fieldList(rest.substring(14), spec));
        }
        throw new IllegalArgumentException("bad section: " + spec);
    }

    private static int parseNumber(String digits) {
        try {
            int n = Integer.parseInt(digits);
            if (n < 1) {
                throw new IllegalArgumentException("part numbers start at 1: " + digits);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("part number too large: " + digits, e);
        }
    }

    /** {@code "(" header-fld-name *(SP header-fld-name) ")"}; names are atoms or quoted strings. */
    private static List<String> fieldList(String list, String spec) {
        String trimmed = list.strip();
        if (trimmed.length() < 2 || trimmed.charAt(0) != '(' || trimmed.charAt(trimmed.length() - 1) != ')') {
            throw new IllegalArgumentException("bad header list: " + spec);
        }
        List<String> names = new ArrayList<>();
        String inner = trimmed.substring(1, trimmed.length() - 1);
        int pos = 0;
        while (pos < inner.length()) {
            char c = inner.charAt(pos);
            if (c == ' ') {
                pos++;
            } else if (c == '"') {
                StringBuilder name = new StringBuilder();
                pos++;
                while (pos < inner.length() && inner.charAt(pos) != '"') {
                    if (inner.charAt(pos) == '\\' && pos + 1 < inner.length()) {
                        pos++;
                    }
                    name.append(inner.charAt(pos++));
                }
                pos++;
                names.add(name.toString());
            } else {
                int start = pos;
                while (pos < inner.length() && inner.charAt(pos) != ' ') {
                    pos++;
                }
                names.add(inner.substring(start, pos));
            }
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException("empty header list: " + spec);
        }
        return names;
    }

    /**
     * The bytes of this section of {@code message}, as Dovecot serves them (bare LF sent as CRLF). A part that does
     * not exist gives no bytes. HEADER, HEADER.FIELDS[.NOT] and TEXT after a message/rfc822 part look inside the
     * encapsulated message; after another part they apply to the part's own header and body.
     */
    public byte[] extract(MimeMessage message) {
        Optional<MimePart> found = message.part(path);
        if (found.isEmpty()) {
            return new byte[0];
        }
        MimePart part = found.get();
        byte[] raw = message.raw();
        if (text == Text.ALL) {
            return path.isEmpty()
                    ? Crlf.copy(raw, 0, raw.length)
                    : Crlf.copy(raw, part.bodyOffset(), part.endOffset());
        }
        if (text == Text.MIME) {
            return Crlf.copy(raw, part.headerOffset(), part.bodyOffset());
        }
        MimePart target = !path.isEmpty() && part.kind() == MimePart.Kind.MESSAGE ? part.message().orElseThrow() : part;
        switch (text) {
            case HEADER:
                return Crlf.copy(raw, target.headerOffset(), target.bodyOffset());
            case TEXT:
                return Crlf.copy(raw, target.bodyOffset(), target.endOffset());
            default:
                return filteredHeader(raw, target.header(), text == Text.HEADER_FIELDS);
        }
    }

    /** The matching (or, for .NOT, the other) fields in message order, then the blank line if the header had one. */
    private byte[] filteredHeader(byte[] raw, HeaderBlock header, boolean include) {
        ImapWriter out = new ImapWriter();
        for (HeaderField field : header.fields()) {
            boolean named = fields.stream().anyMatch(field::is);
            if (named == include) {
                byte[] lines = Crlf.copy(raw, field.start(), field.end());
                out.bytes(lines, 0, lines.length);
                if (lines.length == 0 || lines[lines.length - 1] != '\n') {
                    out.ascii("\r\n");
                }
            }
        }
        if (header.terminated()) {
            out.ascii("\r\n");
        }
        return out.toByteArray();
    }
}
