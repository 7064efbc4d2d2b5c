package io.kurir.imap.codec;

/** Small byte and character helpers shared by the decoder, the parser and the response writer. */
final class Ascii {

    private Ascii() {
    }

    /** Bytes as ISO-8859-1 text with CR, LF and other controls escaped, for logs and test messages. */
    static String escape(byte[] bytes, int from, int to) {
        StringBuilder out = new StringBuilder(to - from);
        for (int i = from; i < to; i++) {
            int c = bytes[i] & 0xff;
            switch (c) {
                case '\r' -> out.append("\\r");
                case '\n' -> out.append("\\n");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\x%02x", c));
                    } else {
                        out.append((char) c);
                    }
                }
            }
        }
        return out.toString();
    }

    /**
     * A short, safe rendering of client text for an error message: at most {@code max} characters,
     * anything outside printable US-ASCII shown as {@code ?}, so a reply never echoes CR, LF or
     * 8-bit octets back.
     */
    static String printable(byte[] bytes, int from, int to, int max) {
        StringBuilder out = new StringBuilder();
        for (int i = from; i < to && out.length() < max; i++) {
            int c = bytes[i] & 0xff;
            out.append(c >= 0x20 && c < 0x7f ? (char) c : '?');
        }
        if (to - from > max) {
            out.append("...");
        }
        return out.toString();
    }

    /** RFC 9051 section 9 {@code atom-specials}, {@code CTL} and 8-bit excluded: is {@code c} an ATOM-CHAR? */
    static boolean isAtomChar(int c) {
        return c > 0x20 && c < 0x7f && c != '(' && c != ')' && c != '{' && c != '%' && c != '*'
                && c != '"' && c != '\\' && c != ']';
    }

    /** {@code ASTRING-CHAR = ATOM-CHAR / resp-specials}. */
    static boolean isAstringChar(int c) {
        return isAtomChar(c) || c == ']';
    }

    /** {@code tag = 1*<any ASTRING-CHAR except "+">}. */
    static boolean isTagChar(int c) {
        return isAstringChar(c) && c != '+';
    }

    /** {@code list-char = ATOM-CHAR / list-wildcards / resp-specials}. */
    static boolean isListChar(int c) {
        return isAstringChar(c) || c == '%' || c == '*';
    }

    static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    /** Whether {@code s} is a valid tag. */
    static boolean isTag(CharSequence s) {
        if (s.length() == 0) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isTagChar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code s} is a valid atom. */
    static boolean isAtom(CharSequence s) {
        if (s.length() == 0) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isAtomChar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
