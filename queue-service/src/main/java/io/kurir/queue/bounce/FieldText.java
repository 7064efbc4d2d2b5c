package io.kurir.queue.bounce;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Making untrusted text safe for one header field or one line of text: control characters removed,
 * long lines folded (RFC 5322 section 2.2.3) or wrapped, never a line over 998 octets (section 2.1.1).
 */
final class FieldText {

    static final String CRLF = "\r\n";

    /** Where to break a long header field: 78 characters is RFC 5322 section 2.1.1's SHOULD. */
    private static final int WIDTH = 78;

    /** A word longer than this many characters is cut; 4 octets per character stay under 998. */
    private static final int HARD_CUT_NON_ASCII = 240;
    private static final int HARD_CUT_ASCII = 990;

    /** RFC 5322 section 3.3 date-time, numeric zone (no obsolete zone names). */
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss xx", Locale.US);

    private enum Break {
        /** A header field: the line break goes before the space, which starts the next line. */
        FOLD,
        /** Body text: the space becomes the line break. */
        WRAP
    }

    private FieldText() {
    }

    /**
     * One line of text from untrusted input (an SMTP reply, an address): CR, LF and every other control
     * character becomes a space, so nothing can start a new header line or field; runs of spaces become
     * one; the result is trimmed.
     */
    static String clean(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        boolean space = false;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            boolean control = cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0) || cp == 0x2028 || cp == 0x2029
                    || (Character.isSurrogate((char) cp) && cp <= 0xffff);
            if (control || cp == ' ') {
                space = true;
                continue;
            }
            if (space && b.length() > 0) {
                b.append(' ');
            }
            space = false;
            b.appendCodePoint(cp);
        }
        return b.toString();
    }

    /** {@link #clean} and every non-ASCII character replaced by {@code ?}, for 7-bit fields. */
    static String cleanAscii(String s) {
        String c = clean(s);
        if (isAscii(c)) {
            return c;
        }
        StringBuilder b = new StringBuilder(c.length());
        c.codePoints().forEach(cp -> b.append(cp < 0x80 ? (char) cp : '?'));
        return b.toString();
    }

    static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** {@code name: value} folded at spaces, lines joined with CRLF, no final CRLF. */
    static String field(String name, String value) {
        return split(name + ": " + value, Break.FOLD);
    }

    /** Body text wrapped at spaces, lines joined with CRLF, no final CRLF. */
    static String wrap(String line) {
        return split(line, Break.WRAP);
    }

    static String date(Instant instant, ZoneId zone) {
        return DATE.format(instant.atZone(zone));
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String split(String line, Break mode) {
        int hardCut = isAscii(line) ? HARD_CUT_ASCII : HARD_CUT_NON_ASCII;
        StringBuilder out = new StringBuilder(line.length() + 16);
        String rest = line;
        while (rest.length() > WIDTH) {
            int min = firstNonSpace(rest) + 1;
            int at = rest.lastIndexOf(' ', WIDTH);
            if (at < min) {
                at = rest.indexOf(' ', Math.max(min, WIDTH + 1));
            }
            if (at < 0 || at > hardCut) {
                if (rest.length() <= hardCut) {
                    break;
                }
                // a word too long for any line: cut it (unfolding then shows a space inside it)
                at = hardCut;
                if (Character.isLowSurrogate(rest.charAt(at))) {
                    at--;
                }
                out.append(rest, 0, at).append(CRLF);
                rest = " " + rest.substring(at);
                continue;
            }
            out.append(rest, 0, at).append(CRLF);
            rest = mode == Break.FOLD ? rest.substring(at) : rest.substring(at + 1);
        }
        return out.append(rest).toString();
    }

    private static int firstNonSpace(String s) {
        int i = 0;
        while (i < s.length() && s.charAt(i) == ' ') {
            i++;
        }
        return i;
    }
}
