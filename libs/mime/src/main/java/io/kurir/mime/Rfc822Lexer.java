package io.kurir.mime;

import java.util.Optional;

/**
 * Lexical scanner for structured header values (RFC 5322 §3.2, RFC 2045 §5.1): CFWS, atoms, MIME tokens,
 * quoted strings and phrases. It works on a "byte string" (one char per raw byte, see {@link Latin1}), accepts
 * 8-bit bytes as atom text the way Dovecot does for RFC 6532 headers, and never throws: on bad input it stops and
 * leaves the position where it gave up.
 */
final class Rfc822Lexer {

    private final String text;
    private int pos;
    private final StringBuilder lastComment = new StringBuilder();

    Rfc822Lexer(String text) {
        this.text = text;
    }

    boolean atEnd() {
        return pos >= text.length();
    }

    /** The current char, or -1 at the end. */
    int peek() {
        return pos < text.length() ? text.charAt(pos) : -1;
    }

    boolean peekIs(char c) {
        return pos < text.length() && text.charAt(pos) == c;
    }

    void advance() {
        pos++;
    }

    int position() {
        return pos;
    }

    void rewind(int position) {
        pos = position;
    }

    /** The text of the most recent comment skipped by {@link #skipCfws()}, without its parentheses. */
    String lastComment() {
        return lastComment.toString();
    }

    void forgetComment() {
        lastComment.setLength(0);
    }

    /** Skips white space, folding and comments (RFC 5322 §3.2.2). Returns whether input remains. */
    boolean skipCfws() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                pos++;
            } else if (c == '(') {
                comment();
            } else {
                return true;
            }
        }
        return false;
    }

    private void comment() {
        lastComment.setLength(0);
        int depth = 1;
        pos++;
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == '\\') {
                if (pos < text.length()) {
                    lastComment.append(text.charAt(pos++));
                }
                continue;
            }
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return;
            }
            lastComment.append(c);
        }
    }

    /** RFC 5322 §3.2.3 atext, plus 8-bit bytes. */
    static boolean isAtext(int c) {
        if (c >= 0x80) {
            return c <= 0xff;
        }
        if (c <= ' ' || c == 0x7f) {
            return false;
        }
        return "()<>[]:;@\\,.\"".indexOf(c) < 0;
    }

    /** RFC 2045 §5.1 token: no space, controls or tspecials ("()<>@,;:\\\"/[]?="); 8-bit bytes allowed. */
    static boolean isTokenChar(int c) {
        return c == '.' || (isAtext(c) && c != '/' && c != '=' && c != '?');
    }

    /** A run of atext (and dots when {@code dots}), then CFWS. Empty when there is none. */
    String atom(boolean dots) {
        int start = pos;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (!(isAtext(c) || (dots && c == '.'))) {
                break;
            }
            pos++;
        }
        String atom = text.substring(start, pos);
        if (!atom.isEmpty()) {
            skipCfws();
        }
        return atom;
    }

    /** A MIME token, then CFWS. Empty when there is none. */
    String token() {
        int start = pos;
        while (pos < text.length() && isTokenChar(text.charAt(pos))) {
            pos++;
        }
        String token = text.substring(start, pos);
        if (!token.isEmpty()) {
            skipCfws();
        }
        return token;
    }

    /**
     * A quoted string at the current '"' (RFC 5322 §3.2.4), then CFWS. Quoted pairs are unescaped and the CR/LF of
     * folding removed; an unterminated string runs to the end.
     */
    String quotedString() {
        StringBuilder out = new StringBuilder();
        pos++;
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == '"') {
                skipCfws();
                return out.toString();
            }
            if (c == '\\') {
                if (pos < text.length()) {
                    out.append(text.charAt(pos++));
                }
            } else if (c != '\r' && c != '\n') {
                out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * RFC 5322 §3.2.5 phrase with obs-phrase dots: words joined by one space, encoded words left as they are.
     * Empty when no word starts here.
     */
    Optional<String> phrase() {
        if (atEnd() || peekIs('.')) {
            return Optional.empty();
        }
        StringBuilder out = new StringBuilder();
        boolean any = false;
        while (true) {
            if (peekIs('"')) {
                out.append(quotedString());
            } else {
                String word = atom(true);
                if (word.isEmpty()) {
                    break;
                }
                out.append(word);
            }
            any = true;
            int c = peek();
            if (!(c == '"' || c == '.' || isAtext(c))) {
                break;
            }
            out.append(' ');
        }
        return any ? Optional.of(out.toString()) : Optional.empty();
    }

    /** dot-atom with obsolete CFWS around the dots (RFC 5322 §3.2.3, §4.4); no spaces in the result. */
    String dotAtom() {
        StringBuilder out = new StringBuilder(atom(false));
        while (peekIs('.')) {
            pos++;
            skipCfws();
            out.append('.').append(atom(false));
        }
        return out.toString();
    }

    /** local-part = word *("." word) (RFC 5322 §3.4.1 with obs-local-part); quoted words unquoted. */
    String localPart() {
        StringBuilder out = new StringBuilder();
        while (true) {
            if (peekIs('"')) {
                out.append(quotedString());
            } else {
                out.append(atom(false));
            }
            if (!peekIs('.')) {
                return out.toString();
            }
            pos++;
            skipCfws();
            out.append('.');
        }
    }

    /** domain = dot-atom / domain-literal (RFC 5322 §3.4.1); a literal keeps its brackets. */
    String domain() {
        if (!peekIs('[')) {
            return dotAtom();
        }
        int start = pos;
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == '\\' && pos < text.length()) {
                pos++;
            } else if (c == ']') {
                break;
            }
        }
        String literal = text.substring(start, pos);
        skipCfws();
        return literal;
    }

    /** Everything up to (not including) the first char in {@code stops}, then CFWS. */
    String rawUntil(String stops) {
        int start = pos;
        while (pos < text.length() && stops.indexOf(text.charAt(pos)) < 0) {
            pos++;
        }
        String raw = text.substring(start, pos);
        skipCfws();
        return raw;
    }
}
