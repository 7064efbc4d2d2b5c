package io.kurir.smtp.codec;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Splits the arguments of an SMTP command into words the way Postfix's smtpd does, so that the
 * same client input is accepted or refused:
 *
 * <ul>
 *   <li>words are separated by white space;</li>
 *   <li>{@code <...>} and {@code "..."} protect white space; inside angle brackets quotes and
 *       further angle brackets nest; a backslash escapes the next character;</li>
 *   <li>a word that reads {@code FROM:} or {@code TO:} (any case) ends at its colon, so
 *       {@code FROM:<a@b>}, {@code FROM: <a@b>} and {@code from:a@b} all give the same words;</li>
 *   <li>an unterminated {@code <} or {@code "} marks the word as malformed.</li>
 * </ul>
 *
 * Words keep their brackets, quotes and backslashes; only splitting happens here.
 */
final class CommandTokenizer {

    /** One word; {@code malformed} when a quote or angle bracket was never closed. */
    record Token(String text, boolean malformed) {
    }

    private CommandTokenizer() {
    }

    static List<Token> split(String args) {
        List<Token> tokens = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean malformed = false;
        int i = 0;
        while (i < args.length()) {
            char c = args.charAt(i++);
            if (isSpace(c)) {
                if (word.length() > 0) {
                    tokens.add(new Token(word.toString(), malformed));
                    word.setLength(0);
                    malformed = false;
                }
            } else if (c == '<' || c == '"') {
                int end = quoted(args, i, c == '<' ? '>' : '"', word.append(c));
                malformed |= end < 0;
                i = end < 0 ? args.length() : end;
            } else if (c == ':') {
                word.append(c);
                if (isPathKeyword(word)) {
                    tokens.add(new Token(word.toString(), malformed));
                    word.setLength(0);
                    malformed = false;
                }
            } else {
                word.append(c);
                if (c == '\\' && i < args.length()) {
                    word.append(args.charAt(i++));
                }
            }
        }
        if (word.length() > 0) {
            tokens.add(new Token(word.toString(), malformed));
        }
        return tokens;
    }

    /**
     * Copies a bracketed or quoted section into {@code word}, starting after its opening character.
     *
     * @return the index after the closing character, or -1 when the input ends first
     */
    private static int quoted(String s, int from, char closing, StringBuilder word) {
        Deque<Character> wanted = new ArrayDeque<>();
        wanted.push(closing);
        int i = from;
        while (i < s.length()) {
            char c = s.charAt(i++);
            word.append(c);
            if (c == '\\') {
                if (i == s.length()) {
                    return -1;
                }
                word.append(s.charAt(i++));
            } else if (c == wanted.peek()) {
                wanted.pop();
                if (wanted.isEmpty()) {
                    return i;
                }
            } else if (c == '"') {
                wanted.push('"');
            } else if (c == '<' && wanted.peek() == '>') {
                wanted.push('>');
            }
        }
        return -1;
    }

    private static boolean isPathKeyword(CharSequence word) {
        String w = word.toString();
        return w.equalsIgnoreCase("from:") || w.equalsIgnoreCase("to:");
    }

    /** The C {@code isspace} set, which Postfix uses to split commands. */
    static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == 0x0B;
    }
}
