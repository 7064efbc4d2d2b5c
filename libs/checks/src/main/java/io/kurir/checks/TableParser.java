package io.kurir.checks;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads the text of a regexp_table(5) into the steps of a {@link CheckTable}. The first problem
 * ends the parse with a {@link CheckTableException} naming its line.
 */
final class TableParser {

    /** A logical line: physical lines joined by their continuations, numbered by the first one. */
    private record LogicalLine(String text, int number) {
    }

    private final String sourceName;
    private final List<CheckTable.Step> steps = new ArrayList<>();
    /** Indexes into {@link #steps} of the {@code if} lines not yet closed. */
    private final Deque<Integer> openIfs = new ArrayDeque<>();

    private TableParser(String sourceName) {
        this.sourceName = sourceName;
    }

    static List<CheckTable.Step> parse(String text, String sourceName) {
        TableParser parser = new TableParser(sourceName);
        for (LogicalLine line : parser.logicalLines(text)) {
            try {
                parser.line(line);
            } catch (TableSyntaxError e) {
                throw new CheckTableException(sourceName, line.number(), e.getMessage());
            }
        }
        if (!parser.openIfs.isEmpty()) {
            CheckTable.If unclosed = (CheckTable.If) parser.steps.get(parser.openIfs.peek());
            throw new CheckTableException(sourceName, unclosed.line(), "missing endif for this if");
        }
        return List.copyOf(parser.steps);
    }

    /** Splits into logical lines, dropping blank and comment lines as readlline does in Postfix. */
    private List<LogicalLine> logicalLines(String text) {
        List<LogicalLine> lines = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int currentNumber = 0;
        int number = 0;
        for (String physical : text.split("\r\n|\n|\r", -1)) {
            number++;
            String stripped = physical.strip();
            if (stripped.isEmpty() || stripped.startsWith("#")) {
                continue;
            }
            if (Character.isWhitespace(physical.charAt(0))) {
                if (currentNumber == 0) {
                    throw new CheckTableException(sourceName, number,
                            "line starts with whitespace but there is no line before it to continue");
                }
                current.append(physical);
                continue;
            }
            if (currentNumber > 0) {
                lines.add(new LogicalLine(current.toString(), currentNumber));
            }
            current.setLength(0);
            current.append(physical);
            currentNumber = number;
        }
        if (currentNumber > 0) {
            lines.add(new LogicalLine(current.toString(), currentNumber));
        }
        return lines;
    }

    private void line(LogicalLine line) throws TableSyntaxError {
        String text = line.text().strip();
        if (isKeyword(text, "endif")) {
            String rest = text.substring(5).strip();
            if (!rest.isEmpty()) {
                throw new TableSyntaxError("text after endif: \"" + rest + "\"");
            }
            if (openIfs.isEmpty()) {
                throw new TableSyntaxError("endif without if");
            }
            int ifIndex = openIfs.pop();
            CheckTable.If open = (CheckTable.If) steps.get(ifIndex);
            steps.set(ifIndex, new CheckTable.If(open.condition(), open.line(), steps.size()));
            steps.add(new CheckTable.Endif(line.number()));
            return;
        }
        if (isKeyword(text, "if")) {
            String rest = text.substring(2).strip();
            if (rest.isEmpty()) {
                throw new TableSyntaxError("if without a /pattern/");
            }
            PatternPart pattern = pattern(rest);
            if (!pattern.rest().isEmpty()) {
                throw new TableSyntaxError("text after the if pattern: \"" + pattern.rest()
                        + "\" (a line that starts with whitespace continues the line before it;"
                        + " do not indent rules inside if..endif)");
            }
            openIfs.push(steps.size());
            steps.add(new CheckTable.If(pattern.condition(), line.number(), -1));
            return;
        }
        PatternPart pattern = pattern(text);
        if (pattern.rest().isEmpty()) {
            throw new TableSyntaxError("missing action after the pattern");
        }
        ActionSpec action = ActionSpec.parse(pattern.rest());
        if (action.highestGroup() >= 0 && pattern.condition().negated()) {
            throw new TableSyntaxError("$" + action.highestGroup() + " in the action of a negated pattern:"
                    + " a pattern that did not match captured nothing");
        }
        if (action.highestGroup() > pattern.groups()) {
            throw new TableSyntaxError("$" + action.highestGroup() + " in the action, but the pattern has only "
                    + pattern.groups() + " group" + (pattern.groups() == 1 ? "" : "s"));
        }
        steps.add(new CheckTable.Rule(pattern.condition(), action, line.number()));
    }

    /** Postfix's test: the word, case-insensitive, not followed by a letter or digit. */
    private static boolean isKeyword(String text, String word) {
        return text.regionMatches(true, 0, word, 0, word.length())
                && (text.length() == word.length() || !Character.isLetterOrDigit(text.charAt(word.length())));
    }

    private record PatternPart(CheckTable.Condition condition, int groups, String rest) {
    }

    /** Reads {@code [!]/pattern/flags} and returns it with the text after it. */
    private static PatternPart pattern(String text) throws TableSyntaxError {
        int pos = 0;
        boolean negated = false;
        if (text.startsWith("!")) {
            negated = true;
            pos = 1;
        }
        if (pos >= text.length()) {
            throw new TableSyntaxError("missing /pattern/ after !");
        }
        char delimiter = text.charAt(pos);
        if (Character.isLetterOrDigit(delimiter) || Character.isWhitespace(delimiter) || delimiter == '\\') {
            throw new TableSyntaxError("expected /pattern/, if or endif, found \"" + abbreviate(text) + "\"");
        }
        int start = pos + 1;
        int end = start;
        while (true) {
            if (end >= text.length()) {
                throw new TableSyntaxError("missing closing " + delimiter + " of the pattern");
            }
            char c = text.charAt(end);
            if (c == '\\' && end + 1 < text.length()) {
                end += 2; // an escaped delimiter does not end the pattern
                continue;
            }
            if (c == delimiter) {
                break;
            }
            end++;
        }
        String regex = text.substring(start, end);
        boolean caseInsensitive = true;
        boolean multiline = false;
        boolean extended = true;
        pos = end + 1;
        while (pos < text.length() && !Character.isWhitespace(text.charAt(pos))) {
            switch (text.charAt(pos)) {
                case 'i' -> caseInsensitive = !caseInsensitive;
                case 'm' -> multiline = !multiline;
                case 'x' -> extended = !extended;
                default -> throw new TableSyntaxError("unknown flag \"" + text.charAt(pos) + "\" after the pattern"
                        + " (regexp tables know i, m and x)");
            }
            pos++;
        }
        PosixRegex.Compiled compiled;
        try {
            compiled = PosixRegex.compile(regex, caseInsensitive, multiline, extended);
        } catch (TableSyntaxError e) {
            throw new TableSyntaxError("bad regular expression " + delimiter + regex + delimiter + ": "
                    + e.getMessage());
        }
        Pattern javaPattern = compiled.pattern();
        return new PatternPart(new CheckTable.Condition(javaPattern, negated), compiled.groups(),
                text.substring(pos).strip());
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
