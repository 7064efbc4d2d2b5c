package io.kurir.mail.canonical;

import io.kurir.mail.AddressSyntax;
import io.kurir.mail.MailAddress;
import io.kurir.mail.alias.AliasSyntaxException;
import io.kurir.mail.alias.AliasText;
import io.kurir.mail.alias.LogicalLines;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A canonical address table in the canonical(5) format that postmap(1) reads, used for Postfix's
 * {@code canonical_maps}, {@code sender_canonical_maps} and {@code recipient_canonical_maps}:
 *
 * <pre>
 * # /etc/postfix/canonical
 * wietse                  Wietse.Venema
 * wietse@porcupine.org    Wietse.Venema@porcupine.org
 * &#64;old.test               &#64;new.test
 * </pre>
 *
 * <p>Each logical line is a pattern, whitespace, and exactly one result: canonical(5) maps an
 * address to one address, so a second result is an error ("canonical maps take one result").
 * Comments and continuation lines follow the same rules as aliases(5) and virtual(5). The patterns
 * are {@code user@domain}, {@code user} (a bare local part, which matches in every local domain
 * and in {@code myorigin}; unlike virtual(5) a bare word with a dot is a local part, not a domain)
 * and {@code @domain}. A result is an address, a local name or {@code @domain}.
 *
 * <p>Patterns are folded to lower case (quotes around a local part removed); results keep their
 * case. {@code |command}, {@code /file} and {@code :include:} results are refused, and so are
 * patterns defined twice and patterns without a result. All problems are collected and thrown
 * together, each as {@code FILE:LINE: text}; nothing is returned from a file with a problem.
 */
public final class CanonicalFile {

    static final String ONE_RESULT = "canonical maps take one result";

    private CanonicalFile() {
    }

    /**
     * Parses a canonical(5) file.
     *
     * @param fileName the name used in messages, e.g. {@code /etc/postfix/canonical}
     * @param text the file's content
     * @return the entries in file order
     * @throws AliasSyntaxException listing every problem found, each {@code FILE:LINE: text}
     */
    public static List<CanonicalEntry> parse(String fileName, String text) throws AliasSyntaxException {
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(text, "text");
        List<String> problems = new ArrayList<>();
        List<CanonicalEntry> entries = new ArrayList<>();
        Map<String, Integer> firstLine = new HashMap<>();
        for (LogicalLines.Line line : LogicalLines.read(fileName, text, problems)) {
            String at = fileName + ":" + line.number() + ": ";
            String s = line.text();
            int end = AliasText.patternEnd(s);
            String pattern = s.substring(0, end);
            List<String> results = AliasText.split(s.substring(end), true);
            if (results.isEmpty()) {
                problems.add(at + "pattern \"" + pattern + "\" has no result (expected: pattern result)");
                continue;
            }
            Optional<String> key = key(pattern, at, problems);
            if (key.isEmpty()) {
                continue;
            }
            Integer first = firstLine.putIfAbsent(key.get(), line.number());
            if (first != null) {
                problems.add(at + "duplicate pattern \"" + key.get() + "\" (first at line " + first + ")");
                continue;
            }
            if (results.size() > 1) {
                problems.add(at + "pattern \"" + key.get() + "\" has " + results.size() + " results ("
                        + String.join(", ", results) + "): " + ONE_RESULT);
                continue;
            }
            String what = "for \"" + key.get() + "\"";
            Optional<String> result = AliasText.target(results.get(0), true, what, p -> problems.add(at + p));
            result.ifPresent(r -> entries.add(new CanonicalEntry(key.get(), r, line.number())));
        }
        if (!problems.isEmpty()) {
            throw LogicalLines.failure(fileName, problems);
        }
        return List.copyOf(entries);
    }

    /** The lookup key of a pattern, or empty after reporting why it is not a valid one. */
    private static Optional<String> key(String pattern, String at, List<String> problems) {
        if (pattern.startsWith("@")) {
            String domain = pattern.substring(1);
            if (!AddressSyntax.isDomain(domain)) {
                problems.add(at + "pattern \"" + pattern + "\" has no valid domain after '@'");
                return Optional.empty();
            }
            return Optional.of("@" + domain.toLowerCase(Locale.ROOT));
        }
        Optional<MailAddress> parsed = MailAddress.parse(pattern);
        if (parsed.isEmpty()) {
            problems.add(at + "\"" + pattern + "\" is not a valid pattern (expected user@domain, user or @domain)");
            return Optional.empty();
        }
        MailAddress address = parsed.get();
        String local = AliasText.lookupForm(address.localPart());
        return Optional.of(address.domainLowerCase().map(d -> local + "@" + d).orElse(local));
    }
}
