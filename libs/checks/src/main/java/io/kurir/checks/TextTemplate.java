package io.kurir.checks;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.MatchResult;

/**
 * The text of an action with its regexp_table(5) substitutions: {@code $n}, {@code ${n}} and
 * {@code $(n)} stand for capture group n ({@code $0} for the whole match), {@code $$} for a
 * dollar sign. A group that took no part in the match is replaced by nothing.
 */
final class TextTemplate {

    private sealed interface Piece permits Literal, Group {
    }

    private record Literal(String text) implements Piece {
    }

    private record Group(int number) implements Piece {
    }

    private final List<Piece> pieces;
    private final int highestGroup;

    private TextTemplate(List<Piece> pieces, int highestGroup) {
        this.pieces = pieces;
        this.highestGroup = highestGroup;
    }

    static TextTemplate parse(String text) throws TableSyntaxError {
        List<Piece> pieces = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int highest = -1;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '$') {
                literal.append(c);
                i++;
                continue;
            }
            if (i + 1 >= text.length()) {
                throw new TableSyntaxError("lone $ at the end of the action text (write $$ for a dollar sign)");
            }
            char next = text.charAt(i + 1);
            int end;
            String digits;
            if (next == '$') {
                literal.append('$');
                i += 2;
                continue;
            } else if (next == '{' || next == '(') {
                char close = next == '{' ? '}' : ')';
                end = text.indexOf(close, i + 2);
                if (end < 0) {
                    throw new TableSyntaxError("$" + next + " without closing " + close + " in the action text");
                }
                digits = text.substring(i + 2, end);
                end++;
            } else {
                end = i + 1;
                while (end < text.length() && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_')) {
                    end++;
                }
                digits = text.substring(i + 1, end);
            }
            if (digits.isEmpty() || !digits.chars().allMatch(d -> d >= '0' && d <= '9')) {
                throw new TableSyntaxError("$" + (digits.isEmpty() ? String.valueOf(next) : digits)
                        + " in the action text is not a group number (write $$ for a dollar sign)");
            }
            if (digits.length() > 3) {
                throw new TableSyntaxError("group number $" + digits + " is out of range");
            }
            int group = Integer.parseInt(digits);
            if (literal.length() > 0) {
                pieces.add(new Literal(literal.toString()));
                literal.setLength(0);
            }
            pieces.add(new Group(group));
            highest = Math.max(highest, group);
            i = end;
        }
        if (literal.length() > 0) {
            pieces.add(new Literal(literal.toString()));
        }
        return new TextTemplate(List.copyOf(pieces), highest);
    }

    /** The highest group number used, or -1 when the text uses none. */
    int highestGroup() {
        return highestGroup;
    }

    /** The text with each group reference replaced by what that group matched. */
    String expand(MatchResult match) {
        StringBuilder out = new StringBuilder();
        for (Piece piece : pieces) {
            if (piece instanceof Literal literal) {
                out.append(literal.text());
            } else if (piece instanceof Group group) {
                String value = match.group(group.number());
                if (value != null) {
                    out.append(value);
                }
            }
        }
        return out.toString();
    }

    /** The text for a rule without groups (negated rules): every piece is a literal. */
    String literalText() {
        StringBuilder out = new StringBuilder();
        for (Piece piece : pieces) {
            if (piece instanceof Literal literal) {
                out.append(literal.text());
            }
        }
        return out.toString();
    }
}
