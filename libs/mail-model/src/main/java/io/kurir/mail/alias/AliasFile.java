package io.kurir.mail.alias;

import io.kurir.mail.MailAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The local aliases file, {@code /etc/aliases}, in the aliases(5) format that Postfix's
 * newaliases(1) reads:
 *
 * <pre>
 * # comment
 * postmaster: root
 * root:       budi
 * staf:       budi, anto,
 *             cici@b.test
 * "tata usaha": budi
 * </pre>
 *
 * <p>Each entry is {@code name: target, target, ...}. Blank lines and lines whose first non-blank
 * character is {@code #} are ignored; a line that starts with whitespace continues the entry above
 * it. The name is a local part (quoted when it contains spaces) and is folded to lower case, as
 * local(8) looks up aliases case-insensitively. A target is a local name ({@code budi}, which means
 * {@code budi@$myorigin}) or an address ({@code cici@b.test}), and may be written as a quoted
 * string.
 *
 * <p>Differences from Postfix, on purpose: {@code |command}, {@code /file/name} and
 * {@code :include:/file} targets are refused (Kurir does not run programs or write files for mail),
 * and a name defined twice is an error rather than a warning. Parsing collects every problem and
 * then either returns the whole file or throws them all together.
 */
public final class AliasFile {

    private AliasFile() {
    }

    /**
     * Parses an aliases(5) file.
     *
     * @param fileName the name used in messages, e.g. {@code /etc/aliases}
     * @param text the file's content
     * @return the entries in file order
     * @throws AliasSyntaxException listing every problem found, each {@code FILE:LINE: text}
     */
    public static List<AliasEntry> parse(String fileName, String text) throws AliasSyntaxException {
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(text, "text");
        List<String> problems = new ArrayList<>();
        List<AliasEntry> entries = new ArrayList<>();
        Map<String, Integer> firstLine = new HashMap<>();
        for (LogicalLines.Line line : LogicalLines.read(fileName, text, problems)) {
            String at = fileName + ":" + line.number() + ": ";
            parseEntry(line, at, problems).ifPresent(entry -> {
                Integer first = firstLine.putIfAbsent(entry.key(), line.number());
                if (first != null) {
                    problems.add(at + "duplicate alias name \"" + entry.key() + "\" (first defined at line "
                            + first + "); merge the two entries into one");
                } else {
                    entries.add(entry);
                }
            });
        }
        if (!problems.isEmpty()) {
            throw LogicalLines.failure(fileName, problems);
        }
        return List.copyOf(entries);
    }

    /** One {@code name: targets} line; empty when it has a problem, which is then reported. */
    private static Optional<AliasEntry> parseEntry(LogicalLines.Line line, String at, List<String> problems) {
        String s = line.text();
        String name;
        String rest;
        if (s.startsWith("\"")) {
            int close = AliasText.closingQuote(s, 0);
            if (close < 0) {
                problems.add(at + "unterminated quoted alias name in \"" + s + "\"");
                return Optional.empty();
            }
            name = AliasText.unescape(s.substring(1, close));
            String after = s.substring(close + 1).stripLeading();
            if (!after.startsWith(":")) {
                problems.add(at + "missing ':' after the alias name " + s.substring(0, close + 1)
                        + " (expected name: target, target, ...)");
                return Optional.empty();
            }
            rest = after.substring(1);
            if (name.isBlank()) {
                problems.add(at + "empty alias name before ':'");
                return Optional.empty();
            }
        } else {
            int colon = s.indexOf(':');
            if (colon < 0) {
                problems.add(at + "missing ':' in \"" + s + "\" (expected name: target, target, ...)");
                return Optional.empty();
            }
            name = s.substring(0, colon).strip();
            rest = s.substring(colon + 1);
            if (!validName(name, at, problems)) {
                return Optional.empty();
            }
        }
        String key = name.toLowerCase(Locale.ROOT);
        String what = "in alias \"" + key + "\"";
        if (rest.isBlank()) {
            problems.add(at + "alias \"" + key + "\" has no targets after ':'");
            return Optional.empty();
        }
        List<String> targets = new ArrayList<>();
        boolean ok = true;
        for (String raw : AliasText.split(rest, false)) {
            if (raw.isEmpty()) {
                problems.add(at + "empty target " + what + " (two commas in a row, or a comma at the end)");
                ok = false;
                continue;
            }
            Optional<String> target = AliasText.target(raw, false, what, p -> problems.add(at + p));
            target.ifPresent(targets::add);
            ok &= target.isPresent();
        }
        return ok ? Optional.of(new AliasEntry(key, targets, line.number())) : Optional.empty();
    }

    private static boolean validName(String name, String at, List<String> problems) {
        if (name.isEmpty()) {
            problems.add(at + "empty alias name before ':'");
            return false;
        }
        if (name.chars().anyMatch(Character::isWhitespace)) {
            problems.add(at + "alias name \"" + name + "\" contains spaces; quote it: \"" + name + "\": ...");
            return false;
        }
        if (name.contains("@")) {
            problems.add(at + "alias name \"" + name + "\" must be a local name without @domain"
                    + " (put aliases for addresses in the virtual alias table)");
            return false;
        }
        Optional<MailAddress> parsed = MailAddress.parse(name);
        if (parsed.isEmpty() || parsed.get().domain().isPresent()) {
            problems.add(at + "alias name \"" + name + "\" is not a valid local part");
            return false;
        }
        return true;
    }
}
