package io.kurir.mime;

/**
 * One header field as it stands in the message (RFC 5322 §2.2).
 *
 * @param name the field name before the colon, trailing blanks removed; for a line without a colon, the whole line
 * @param value the value after the colon as a byte string (see {@link MimeMessage}): leading blanks removed (if the
 *     value is nothing but blanks, only the first one), folding CR/LF kept, final line break removed
 * @param start raw offset of the field's first byte
 * @param end raw offset just after the field's last line break (or the end of the header)
 * @param hasColon false for a malformed line with no colon; such lines never match a field name
 */
public record HeaderField(String name, String value, int start, int end, boolean hasColon) {

    /** Whether this is a well-formed field called {@code fieldName} (field names compare case-insensitively). */
    public boolean is(String fieldName) {
        return hasColon && name.equalsIgnoreCase(fieldName);
    }
}
