package io.kurir.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the source text of a Postfix access(5) table, the file {@code postmap} compiles:
 *
 * <ul>
 *   <li>{@code key whitespace action} per entry;
 *   <li>empty and whitespace-only lines are ignored, as are lines whose first non-whitespace
 *       character is {@code #} (a {@code #} later in a line is text);
 *   <li>a line that starts with whitespace continues the entry before it (joined with one space).
 * </ul>
 *
 * <p>Stricter than postmap, which warns and skips: a line without an action, an invalid key or
 * action, and a key that appears twice (after normalization) are errors, so that an import is all
 * or nothing.
 */
public final class AccessFile {

    private AccessFile() {
    }

    /**
     * Parses every entry of the file, in file order.
     *
     * @param fileName how to name the file in error messages
     * @throws AccessFileException at the first error: {@code FILE:LINE: what is wrong}, LINE being
     *     where the entry starts
     */
    public static List<AccessEntry> parse(String text, String fileName, AccessKind kind) {
        List<AccessEntry> entries = new ArrayList<>();
        Map<String, Integer> firstLine = new HashMap<>();
        String[] lines = text.split("\n", -1);
        StringBuilder entry = null;
        int entryLine = 0;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            String stripped = line.strip();
            if (stripped.isEmpty() || stripped.startsWith("#")) {
                continue;
            }
            if (Character.isWhitespace(line.charAt(0))) {
                if (entry == null) {
                    throw new AccessFileException(fileName, i + 1,
                            "line starts with white space, but there is no entry before it to continue");
                }
                entry.append(' ').append(stripped);
                continue;
            }
            if (entry != null) {
                add(entries, firstLine, entry.toString(), fileName, entryLine, kind);
            }
            entry = new StringBuilder(stripped);
            entryLine = i + 1;
        }
        if (entry != null) {
            add(entries, firstLine, entry.toString(), fileName, entryLine, kind);
        }
        return entries;
    }

    private static void add(List<AccessEntry> entries, Map<String, Integer> firstLine, String logical,
            String fileName, int line, AccessKind kind) {
        int end = 0;
        while (end < logical.length() && !Character.isWhitespace(logical.charAt(end))) {
            end++;
        }
        String key = logical.substring(0, end);
        String action = logical.substring(end).strip();
        if (action.isEmpty()) {
            throw new AccessFileException(fileName, line, "expected 'key whitespace action', found only '" + key + "'");
        }
        AccessEntry parsed;
        try {
            parsed = AccessEntry.of(kind, key, action);
        } catch (IllegalArgumentException e) {
            throw new AccessFileException(fileName, line, e.getMessage());
        }
        Integer earlier = firstLine.putIfAbsent(parsed.key(), line);
        if (earlier != null) {
            throw new AccessFileException(fileName, line, "duplicate key '" + parsed.key() + "' (first on line " + earlier + ")");
        }
        entries.add(parsed);
    }
}
