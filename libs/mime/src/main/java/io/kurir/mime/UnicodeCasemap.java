package io.kurir.mime;

import java.text.Normalizer;

/**
 * The {@code i;unicode-casemap} collation (RFC 5051), the default comparator of IMAP SORT, THREAD (RFC 5256 §3)
 * and the text matching of SEARCH.
 *
 * <p>RFC 5051 §2 maps a string to "titlecased canonicalized UTF-8": every character is replaced by its simple
 * titlecase mapping and by its decomposition from UnicodeData.txt, repeated until nothing changes; equality,
 * ordering and substring matching are then those of {@code i;octet} on the result. Here that is: simple titlecase
 * per code point ({@link Character#toTitleCase(int)}), then NFKD (canonical and compatibility decompositions, as
 * Dovecot also applies both), then titlecase again so that characters produced by a decomposition are mapped too.
 * Two deliberate differences from the letter of RFC 5051, neither of which changes which strings compare equal in
 * practice: NFKD also decomposes Hangul syllables and reorders combining marks canonically.
 *
 * <p>Ordering compares code points, which is the order of the UTF-8 octets RFC 5051 compares (Java's own
 * {@link String#compareTo} compares UTF-16 units and would put U+10000 and above before U+E000).
 */
public final class UnicodeCasemap {

    private UnicodeCasemap() {
    }

    /** The titlecased canonical form of {@code text} (RFC 5051 §2); compare these with {@link #compareFolded}. */
    public static String fold(String text) {
        if (isPlainAsciiUpper(text)) {
            return text;
        }
        String titled = titlecase(text);
        String decomposed = Normalizer.normalize(titled, Normalizer.Form.NFKD);
        return decomposed.equals(titled) ? titled : titlecase(decomposed);
    }

    /** RFC 5051 ordering of two strings (negative, zero, positive as {@link java.util.Comparator#compare}). */
    public static int compare(String a, String b) {
        return compareFolded(fold(a), fold(b));
    }

    /** Whether the two strings are equal under {@code i;unicode-casemap}. */
    public static boolean equal(String a, String b) {
        return fold(a).equals(fold(b));
    }

    /**
     * RFC 5051 substring operation, as SEARCH uses it: whether {@code needle} occurs in {@code haystack} after both
     * are folded. The empty needle matches everything.
     */
    public static boolean contains(String haystack, String needle) {
        return fold(haystack).contains(fold(needle));
    }

    /** Code point order of two already folded strings (i;octet on their UTF-8 form). */
    public static int compareFolded(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }

    private static String titlecase(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            out.appendCodePoint(Character.toTitleCase(c));
            i += Character.charCount(c);
        }
        return out.toString();
    }

    /** Fast path: ASCII without lower-case letters is already folded. */
    private static boolean isPlainAsciiUpper(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x80 || (c >= 'a' && c <= 'z')) {
                return false;
            }
        }
        return true;
    }
}
