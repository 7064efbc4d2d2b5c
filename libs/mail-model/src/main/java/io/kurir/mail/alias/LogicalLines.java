package io.kurir.mail.alias;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The line rules that Postfix's readlline() applies to aliases(5) and virtual(5) source files:
 * blank lines and lines whose first non-blank character is {@code #} are ignored (a {@code #}
 * later in a line is not a comment), and a line that starts with whitespace continues the
 * previous logical line, also across ignored lines. Shared by the table parsers of
 * {@code io.kurir.mail.alias} and {@code io.kurir.mail.canonical}.
 */
public final class LogicalLines {

    /**
     * One logical line.
     *
     * @param number the physical line where it starts, counting from 1
     * @param text the joined text, without line breaks
     */
    public record Line(int number, String text) {
    }

    private LogicalLines() {
    }

    /** Splits {@code text} into logical lines; a continuation with nothing to continue is a problem. */
    public static List<Line> read(String fileName, String text, List<String> problems) {
        List<Line> lines = new ArrayList<>();
        String[] physical = text.split("\r\n|\r|\n", -1);
        StringBuilder current = null;
        int start = 0;
        for (int i = 0; i < physical.length; i++) {
            String line = physical[i];
            int number = i + 1;
            String stripped = line.strip();
            if (stripped.isEmpty() || stripped.startsWith("#")) {
                continue;
            }
            if (Character.isWhitespace(line.charAt(0))) {
                if (current == null) {
                    problems.add(fileName + ":" + number + ": line starts with whitespace but there is no entry"
                            + " before it to continue (remove the leading whitespace)");
                } else {
                    current.append(' ').append(stripped);
                }
                continue;
            }
            if (current != null) {
                lines.add(new Line(start, current.toString()));
            }
            current = new StringBuilder(line.stripTrailing());
            start = number;
        }
        if (current != null) {
            lines.add(new Line(start, current.toString()));
        }
        return lines;
    }

    /** The problems sorted by line, keeping the order of problems on the same line. */
    public static AliasSyntaxException failure(String fileName, List<String> problems) {
        int from = fileName.length() + 1;
        List<String> sorted = new ArrayList<>(problems);
        sorted.sort(Comparator.comparingInt(p -> Integer.parseInt(p.substring(from, p.indexOf(':', from)))));
        return new AliasSyntaxException(sorted);
    }
}
