package io.kurir.checks;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Translates a POSIX regular expression (as Postfix hands it to {@code regcomp(3)}) into a
 * {@link java.util.regex.Pattern} that matches the same strings.
 *
 * <p>Extended syntax (ERE) is the default, basic syntax (BRE) is used when the table's {@code x}
 * flag toggles it off. The GNU extensions that Linux builds of Postfix accept are supported:
 * {@code \w \W \s \S \b \B \< \> \` \'}, back-references {@code \1}..{@code \9}, and in BRE
 * {@code \+ \? \|}. An escaped letter or digit that POSIX does not define ({@code \d}, {@code \n},
 * ...) is refused: glibc would silently match the letter itself, which is never what the author
 * meant. Inside a bracket expression a backslash is an ordinary character, as POSIX says.
 *
 * <p>Differences that remain: Java finds the leftmost-first match of an alternation where POSIX
 * finds the leftmost-longest one, which can change what {@code $1} captures but never whether a
 * line matches; character classes are ASCII as in Postfix's C locale, while case-insensitive
 * matching also folds non-ASCII letters, since Kurir matches decoded text rather than bytes.
 */
final class PosixRegex {

    /** glibc's RE_DUP_MAX: the largest count allowed in an interval {@code {n,m}}. */
    static final int MAX_REPEAT = 0x7fff;

    private static final Map<String, String> CLASSES = Map.ofEntries(
            Map.entry("alpha", "\\p{Alpha}"),
            Map.entry("digit", "0-9"),
            Map.entry("alnum", "\\p{Alnum}"),
            Map.entry("upper", "\\p{Upper}"),
            Map.entry("lower", "\\p{Lower}"),
            Map.entry("space", "\\s"),
            Map.entry("blank", " \\t"),
            Map.entry("punct", "\\p{Punct}"),
            Map.entry("print", "\\p{Print}"),
            Map.entry("graph", "\\p{Graph}"),
            Map.entry("cntrl", "\\p{Cntrl}"),
            Map.entry("xdigit", "0-9A-Fa-f"));

    /** The compiled pattern and its number of capturing groups. */
    record Compiled(Pattern pattern, int groups) {
    }

    private final String source;
    private final boolean extended;
    private final boolean multiline;
    private final StringBuilder out = new StringBuilder();
    private final Deque<Integer> openGroupStarts = new ArrayDeque<>();
    private final Deque<Integer> openGroupNumbers = new ArrayDeque<>();
    private final Set<Integer> closedGroups = new HashSet<>();
    private int groups;
    private int pos;
    /** Where the last repeatable piece starts in {@link #out}, or -1 when nothing can be repeated. */
    private int atomStart = -1;
    private boolean atomRepeated;
    /** At the start of the pattern, a group or an alternative: where BRE reads '^' as an anchor. */
    private boolean expressionStart = true;

    private PosixRegex(String source, boolean extended, boolean multiline) {
        this.source = source;
        this.extended = extended;
        this.multiline = multiline;
    }

    /**
     * Compiles a POSIX pattern with Postfix's flag semantics.
     *
     * @param caseInsensitive Postfix's {@code i} flag state (on by default)
     * @param multiline Postfix's {@code m} flag state: when on, {@code ^}/{@code $} match at
     *     newlines and {@code .} or a non-matching list does not match a newline (REG_NEWLINE)
     * @param extended Postfix's {@code x} flag state (on by default): ERE when on, BRE when off
     */
    static Compiled compile(String posix, boolean caseInsensitive, boolean multiline, boolean extended)
            throws TableSyntaxError {
        PosixRegex translator = new PosixRegex(posix, extended, multiline);
        String java = translator.translate();
        int flags = multiline ? Pattern.MULTILINE | Pattern.UNIX_LINES : Pattern.DOTALL;
        if (caseInsensitive) {
            flags |= Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
        }
        try {
            return new Compiled(Pattern.compile(java, flags), translator.groups);
        } catch (PatternSyntaxException e) {
            throw new TableSyntaxError(e.getDescription());
        }
    }

    private String translate() throws TableSyntaxError {
        while (pos < source.length()) {
            char c = source.charAt(pos);
            boolean startHere = expressionStart;
            expressionStart = false;
            if (c == '\\') {
                escape();
            } else if (c == '[') {
                bracket();
            } else if (c == '.') {
                pos++;
                atom(out.length());
                out.append('.');
            } else if (c == '*') {
                if (!extended && atomStart < 0) {
                    literal(); // BRE: a leading '*' is an ordinary character
                } else {
                    pos++;
                    repeat("*");
                }
            } else if (extended && (c == '+' || c == '?')) {
                pos++;
                repeat(String.valueOf(c));
            } else if (extended && c == '{' && startsInterval(pos + 1)) {
                pos++;
                repeat(interval());
            } else if (extended && c == '(') {
                pos++;
                openGroup();
            } else if (extended && c == ')') {
                pos++;
                closeGroup();
            } else if (extended && c == '|') {
                pos++;
                alternation();
            } else if (c == '^' && (extended || startHere)) {
                pos++;
                anchor("^");
            } else if (c == '$' && (extended || atPatternEnd(pos + 1))) {
                pos++;
                anchor(multiline ? "$" : "\\z");
            } else {
                literal();
            }
        }
        if (!openGroupStarts.isEmpty()) {
            throw new TableSyntaxError("unmatched ( in regular expression");
        }
        return out.toString();
    }

    private void escape() throws TableSyntaxError {
        if (pos + 1 >= source.length()) {
            throw new TableSyntaxError("trailing backslash in regular expression");
        }
        int c = source.codePointAt(pos + 1);
        pos += 1 + Character.charCount(c);
        if (!extended) {
            switch (c) {
                case '(' -> {
                    openGroup();
                    return;
                }
                case ')' -> {
                    closeGroup();
                    return;
                }
                case '|' -> {
                    alternation();
                    return;
                }
                case '{' -> {
                    if (!startsInterval(pos)) {
                        throw new TableSyntaxError("\\{ must start an interval like \\{2,5\\}");
                    }
                    repeat(interval());
                    return;
                }
                case '}' -> throw new TableSyntaxError("\\} without \\{");
                case '+', '?' -> {
                    repeat(Character.toString(c));
                    return;
                }
                default -> {
                    // handled below, as in extended syntax
                }
            }
        }
        switch (c) {
            case 'w', 'W', 's', 'S' -> {
                atom(out.length());
                out.append('\\').append((char) c);
            }
            case 'b', 'B' -> anchor("\\" + (char) c);
            case '<' -> anchor("(?<!\\w)(?=\\w)");
            case '>' -> anchor("(?<=\\w)(?!\\w)");
            case '`' -> anchor("\\A");
            case '\'' -> anchor("\\z");
            default -> {
                if (c >= '1' && c <= '9') {
                    backReference(c - '0');
                } else if (c < 128 && Character.isLetterOrDigit(c)) {
                    throw new TableSyntaxError("\\" + (char) c + " is not a POSIX regular expression escape"
                            + hintFor((char) c));
                } else {
                    atom(out.length());
                    appendLiteral(out, c);
                }
            }
        }
    }

    private static String hintFor(char c) {
        return switch (c) {
            case 'd' -> " (use [[:digit:]])";
            case 'D' -> " (use [^[:digit:]])";
            case 'n', 'r', 't' -> " (POSIX has no control-character escapes; use [[:space:]] or the m flag)";
            default -> "";
        };
    }

    private void backReference(int group) throws TableSyntaxError {
        if (!closedGroups.contains(group)) {
            throw new TableSyntaxError("back-reference \\" + group + " to a group that is not closed before it");
        }
        atom(out.length());
        out.append("(?:\\").append(group).append(')');
    }

    private void literal() {
        int c = source.codePointAt(pos);
        pos += Character.charCount(c);
        atom(out.length());
        appendLiteral(out, c);
    }

    private void atom(int start) {
        atomStart = start;
        atomRepeated = false;
    }

    private void anchor(String java) {
        out.append(java);
        atomStart = -1;
    }

    private void repeat(String quantifier) throws TableSyntaxError {
        if (atomStart < 0) {
            throw new TableSyntaxError("repetition " + quantifier + " does not follow anything it could repeat");
        }
        if (atomRepeated) {
            // POSIX allows a** or a+?; in Java the second one would change meaning (possessive,
            // reluctant) or be an error, so repeat the repeated piece as a whole.
            out.insert(atomStart, "(?:").append(')');
        }
        out.append(quantifier);
        atomRepeated = true;
    }

    private void openGroup() {
        groups++;
        openGroupStarts.push(out.length());
        openGroupNumbers.push(groups);
        out.append('(');
        atomStart = -1;
        expressionStart = true;
    }

    private void closeGroup() throws TableSyntaxError {
        if (openGroupStarts.isEmpty()) {
            throw new TableSyntaxError("unmatched ) in regular expression");
        }
        int start = openGroupStarts.pop();
        closedGroups.add(openGroupNumbers.pop());
        out.append(')');
        atom(start);
    }

    private void alternation() {
        out.append('|');
        atomStart = -1;
        expressionStart = true;
    }

    /** BRE: '$' is an anchor only at the end of the pattern, a group or an alternative. */
    private boolean atPatternEnd(int next) {
        if (next == source.length()) {
            return true;
        }
        return next + 1 < source.length() && source.charAt(next) == '\\'
                && (source.charAt(next + 1) == ')' || source.charAt(next + 1) == '|');
    }

    /** An interval starts with a digit, or with a comma and a digit ({@code {,m}}, a GNU form). */
    private boolean startsInterval(int at) {
        if (at < source.length() && isAsciiDigit(source.charAt(at))) {
            return true;
        }
        return at + 1 < source.length() && source.charAt(at) == ',' && isAsciiDigit(source.charAt(at + 1));
    }

    /** Reads {@code n}, {@code n,} or {@code n,m} and the closing brace; pos is after the opening one. */
    private String interval() throws TableSyntaxError {
        int min = number();
        int max = min;
        boolean open = false;
        if (pos < source.length() && source.charAt(pos) == ',') {
            pos++;
            if (pos < source.length() && isAsciiDigit(source.charAt(pos))) {
                max = number();
            } else {
                open = true;
            }
        }
        String close = extended ? "}" : "\\}";
        if (!source.startsWith(close, pos)) {
            throw new TableSyntaxError("interval is not closed with " + close);
        }
        pos += close.length();
        if (!open && max < min) {
            throw new TableSyntaxError("interval {" + min + "," + max + "} has its maximum below its minimum");
        }
        return "{" + min + (open ? "," : max == min ? "" : "," + max) + "}";
    }

    private int number() throws TableSyntaxError {
        int start = pos;
        while (pos < source.length() && isAsciiDigit(source.charAt(pos))) {
            pos++;
        }
        if (start == pos) {
            return 0;
        }
        if (pos - start > 5 || Integer.parseInt(source.substring(start, pos)) > MAX_REPEAT) {
            throw new TableSyntaxError("repetition count above " + MAX_REPEAT);
        }
        return Integer.parseInt(source.substring(start, pos));
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** Translates a bracket expression; pos is at its '['. */
    private void bracket() throws TableSyntaxError {
        int start = pos;
        pos++;
        StringBuilder set = new StringBuilder("[");
        if (pos < source.length() && source.charAt(pos) == '^') {
            set.append('^');
            if (multiline) {
                set.append("\\n"); // REG_NEWLINE: a non-matching list never matches a newline
            }
            pos++;
        }
        boolean first = true;
        while (true) {
            if (pos >= source.length()) {
                throw new TableSyntaxError("unmatched [ in regular expression");
            }
            char c = source.charAt(pos);
            if (c == ']' && !first) {
                pos++;
                break;
            }
            first = false;
            if (c == '[' && pos + 1 < source.length() && source.charAt(pos + 1) == ':') {
                set.append(characterClass());
                continue;
            }
            int low = bracketChar();
            if (pos + 1 < source.length() && source.charAt(pos) == '-' && source.charAt(pos + 1) != ']') {
                pos++;
                if (source.startsWith("[:", pos)) {
                    throw new TableSyntaxError("a character class cannot end a range");
                }
                int high = bracketChar();
                if (high < low) {
                    throw new TableSyntaxError("range " + new String(Character.toChars(low)) + "-"
                            + new String(Character.toChars(high)) + " is backwards");
                }
                appendSetChar(set, low);
                set.append('-');
                appendSetChar(set, high);
            } else {
                appendSetChar(set, low);
            }
        }
        if (set.length() == 1 || set.length() == 2 && set.charAt(1) == '^') {
            throw new TableSyntaxError("empty bracket expression at " + source.substring(start));
        }
        atom(out.length());
        out.append(set).append(']');
    }

    /** One character of a bracket expression, including [.c.] and [=c=] forms. */
    private int bracketChar() throws TableSyntaxError {
        if (pos + 1 < source.length() && source.charAt(pos) == '['
                && (source.charAt(pos + 1) == '.' || source.charAt(pos + 1) == '=')) {
            char kind = source.charAt(pos + 1);
            int end = source.indexOf(kind + "]", pos + 2);
            if (end < 0) {
                throw new TableSyntaxError("unterminated [" + kind + " in bracket expression");
            }
            String name = source.substring(pos + 2, end);
            if (name.codePointCount(0, name.length()) != 1) {
                throw new TableSyntaxError("[" + kind + name + kind + "] must name exactly one character");
            }
            pos = end + 2;
            return name.codePointAt(0);
        }
        int c = source.codePointAt(pos);
        pos += Character.charCount(c);
        return c;
    }

    private String characterClass() throws TableSyntaxError {
        int end = source.indexOf(":]", pos + 2);
        if (end < 0) {
            throw new TableSyntaxError("unterminated [: in bracket expression");
        }
        String name = source.substring(pos + 2, end);
        String java = CLASSES.get(name);
        if (java == null) {
            throw new TableSyntaxError("unknown character class [:" + name + ":]");
        }
        pos = end + 2;
        return java;
    }

    private static void appendSetChar(StringBuilder set, int c) {
        if (c < 128 && Character.isLetterOrDigit(c)) {
            set.append((char) c);
        } else {
            set.append("\\x{").append(Integer.toHexString(c)).append('}');
        }
    }

    /** Appends one code point so that Java reads it as itself. */
    private static void appendLiteral(StringBuilder out, int c) {
        if (c < 128 && Character.isLetterOrDigit(c)) {
            out.append((char) c);
        } else if (c >= 128) {
            out.appendCodePoint(c);
        } else if (c > ' ' && c < 127) {
            out.append('\\').append((char) c);
        } else {
            out.append("\\x{").append(Integer.toHexString(c)).append('}');
        }
    }
}
