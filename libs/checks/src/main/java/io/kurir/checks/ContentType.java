package io.kurir.checks;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two things the MIME walker needs from a Content-Type value (RFC 2045 section 5.1): the
 * media type, lower case, and the boundary parameter. Anything it cannot read counts as absent.
 *
 * @param type {@code type/subtype} in lower case, or empty when the value is not a media type
 * @param boundary the boundary parameter, unquoted, or empty
 */
record ContentType(String type, String boundary) {

    private static final Pattern TYPE = Pattern.compile(
            "\\s*([A-Za-z0-9!#$&^_.+-]+/[A-Za-z0-9!#$&^_.+-]+)\\s*(?:\\([^)]*\\)\\s*)?(;|$)");

    /** RFC 2046 section 5.1.1: a boundary has at most 70 characters; allow some slack. */
    private static final int MAX_BOUNDARY = 200;

    static ContentType parse(String value) {
        Matcher m = TYPE.matcher(value);
        if (!m.lookingAt()) {
            return new ContentType("", "");
        }
        String type = m.group(1).toLowerCase(Locale.ROOT);
        return new ContentType(type, boundary(value, m.end()));
    }

    /** Finds {@code boundary=value} among the parameters that start at {@code pos}. */
    private static String boundary(String value, int pos) {
        int i = pos;
        while (i < value.length()) {
            while (i < value.length() && (value.charAt(i) == ';' || Character.isWhitespace(value.charAt(i)))) {
                i++;
            }
            int nameStart = i;
            while (i < value.length() && value.charAt(i) != '=' && value.charAt(i) != ';') {
                i++;
            }
            String name = value.substring(nameStart, i).strip();
            if (i >= value.length() || value.charAt(i) == ';') {
                continue; // a parameter without a value
            }
            i++; // '='
            while (i < value.length() && Character.isWhitespace(value.charAt(i))) {
                i++;
            }
            StringBuilder parameter = new StringBuilder();
            if (i < value.length() && value.charAt(i) == '"') {
                i++;
                while (i < value.length() && value.charAt(i) != '"') {
                    if (value.charAt(i) == '\\' && i + 1 < value.length()) {
                        i++;
                    }
                    parameter.append(value.charAt(i));
                    i++;
                }
                i++; // closing quote
            } else {
                while (i < value.length() && value.charAt(i) != ';' && !Character.isWhitespace(value.charAt(i))) {
                    parameter.append(value.charAt(i));
                    i++;
                }
            }
            if (name.equalsIgnoreCase("boundary") && parameter.length() > 0
                    && parameter.length() <= MAX_BOUNDARY) {
                return parameter.toString();
            }
        }
        return "";
    }
}
