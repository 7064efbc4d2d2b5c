package io.kurir.mime;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The header of a message or MIME part: its fields in message order and where it lies in the raw message.
 * {@link #end()} is just after the blank line that ends the header, when there is one.
 */
public final class HeaderBlock {

    private final int start;
    private final int end;
    private final boolean terminated;
    private final List<HeaderField> fields;

    private HeaderBlock(int start, int end, boolean terminated, List<HeaderField> fields) {
        this.start = start;
        this.end = end;
        this.terminated = terminated;
        this.fields = fields;
    }

    /** Raw offset of the first header byte. */
    public int start() {
        return start;
    }

    /** Raw offset just after the header, blank line included. */
    public int end() {
        return end;
    }

    /** Whether the header ends in a blank line (false when the part or message ended inside the header). */
    public boolean terminated() {
        return terminated;
    }

    public List<HeaderField> fields() {
        return fields;
    }

    /** The first well-formed field with this name; later duplicates are ignored, as Dovecot does. */
    public Optional<HeaderField> first(String name) {
        for (HeaderField field : fields) {
            if (field.is(name)) {
                return Optional.of(field);
            }
        }
        return Optional.empty();
    }

    /** The first value of a field, as a byte string. */
    public Optional<String> value(String name) {
        return first(name).map(HeaderField::value);
    }

    /**
     * Splits {@code raw[start, end)} into fields. A line starting with a blank continues the previous field
     * (RFC 5322 §2.2.3); a blank line ends the header.
     */
    static HeaderBlock parse(byte[] raw, int start, int end) {
        List<HeaderField> fields = new ArrayList<>();
        boolean terminated = false;
        int fieldStart = -1;
        int pos = start;
        while (pos < end) {
            int lineEnd = lineEnd(raw, pos, end);
            boolean blank = (lineEnd - pos == 1 && raw[pos] == '\n')
                    || (lineEnd - pos == 2 && raw[pos] == '\r' && raw[pos + 1] == '\n');
            if (blank) {
                terminated = true;
                break;
            }
            boolean continuation = (raw[pos] == ' ' || raw[pos] == '\t') && fieldStart >= 0;
            if (!continuation) {
                if (fieldStart >= 0) {
                    fields.add(field(raw, fieldStart, pos));
                }
                fieldStart = pos;
            }
            pos = lineEnd;
        }
        if (fieldStart >= 0) {
            fields.add(field(raw, fieldStart, pos));
        }
        return new HeaderBlock(start, end, terminated, List.copyOf(fields));
    }

    private static int lineEnd(byte[] raw, int pos, int end) {
        for (int i = pos; i < end; i++) {
            if (raw[i] == '\n') {
                return i + 1;
            }
        }
        return end;
    }

    private static HeaderField field(byte[] raw, int start, int end) {
        int contentEnd = end;
        if (contentEnd > start && raw[contentEnd - 1] == '\n') {
            contentEnd--;
            if (contentEnd > start && raw[contentEnd - 1] == '\r') {
                contentEnd--;
            }
        }
        int colon = -1;
        for (int i = start; i < contentEnd; i++) {
            if (raw[i] == ':') {
                colon = i;
                break;
            }
            if (raw[i] == '\n') {
                break;
            }
        }
        if (colon < 0) {
            return new HeaderField(Latin1.of(raw, start, contentEnd), "", start, end, false);
        }
        int nameEnd = colon;
        while (nameEnd > start && (raw[nameEnd - 1] == ' ' || raw[nameEnd - 1] == '\t')) {
            nameEnd--;
        }
        int valueStart = colon + 1;
        while (valueStart < contentEnd && (raw[valueStart] == ' ' || raw[valueStart] == '\t')) {
            valueStart++;
        }
        if (valueStart == contentEnd && colon + 1 < contentEnd) {
            // nothing but blanks: Dovecot skips only the first one
            valueStart = colon + 2;
        }
        return new HeaderField(Latin1.of(raw, start, nameEnd), Latin1.of(raw, valueStart, contentEnd), start, end,
                true);
    }
}
