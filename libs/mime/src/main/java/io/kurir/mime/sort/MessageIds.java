package io.kurir.mime.sort;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The msg-id tokens ({@code <id-left@id-right>}, RFC 5322 §3.6.4) in Message-ID, References and In-Reply-To, as
 * RFC 5256 §3 (REFERENCES step 1) reads them. Leniently: anything non-empty between {@code <} and {@code >} counts
 * (white space from folding inside is dropped; an '@' is not required); comments and quoted strings between ids are
 * skipped, so free text such as {@code In-Reply-To: <a@b> (Joe's message of "Monday")} gives just {@code a@b}. Ids
 * compare case-sensitively.
 */
final class MessageIds {

    private MessageIds() {
    }

    /** Every valid id, in order, without the angle brackets. */
    static List<String> all(String value) {
        List<String> ids = new ArrayList<>();
        int i = 0;
        while (i < value.length()) {
            char c = value.charAt(i);
            if (c == '(') {
                i = skipComment(value, i);
            } else if (c == '"') {
                i = skipQuoted(value, i);
            } else if (c == '<') {
                int close = value.indexOf('>', i + 1);
                if (close < 0) {
                    break;
                }
                int reopen = value.lastIndexOf('<', close);
                if (reopen > i) {
                    i = reopen; // "<a <b@c>": the id is the innermost bracketed text
                    continue;
                }
                String id = withoutBlanks(value.substring(i + 1, close));
                if (!id.isEmpty()) {
                    ids.add(id);
                }
                i = close + 1;
            } else {
                i++;
            }
        }
        return ids;
    }

    /** The first valid id. */
    static Optional<String> first(String value) {
        return all(value).stream().findFirst();
    }

    private static int skipComment(String value, int open) {
        int depth = 0;
        int i = open;
        while (i < value.length()) {
            char c = value.charAt(i++);
            if (c == '\\') {
                i++;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                break;
            }
        }
        return i;
    }

    private static int skipQuoted(String value, int open) {
        int i = open + 1;
        while (i < value.length()) {
            char c = value.charAt(i++);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                break;
            }
        }
        return i;
    }

    private static String withoutBlanks(String id) {
        StringBuilder out = new StringBuilder(id.length());
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                out.append(c);
            }
        }
        return out.toString();
    }
}
