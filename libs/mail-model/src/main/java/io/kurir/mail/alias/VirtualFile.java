package io.kurir.mail.alias;

import io.kurir.mail.AddressSyntax;
import io.kurir.mail.MailAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The virtual alias table, {@code /etc/postfix/virtual}, in the virtual(5) format that postmap(1)
 * reads:
 *
 * <pre>
 * example.com              anything
 * postmaster@example.com   postmaster
 * info@example.com         joe
 * sales@example.com        jane, budi@a.test
 * &#64;example.com             jim
 * abuse                    budi
 * </pre>
 *
 * <p>Each logical line is a pattern, whitespace, and one or more results separated by commas
 * and/or whitespace. Comments and continuation lines follow the same rules as aliases(5). The
 * patterns, in the order the expander tries them:
 * <ul>
 * <li>{@code user@domain} redirects that address;</li>
 * <li>{@code user}, a bare local part, redirects {@code user@site} for every local domain
 *     ({@code mydestination}) and for {@code myorigin};</li>
 * <li>{@code @domain} redirects every other address in the domain (the catch-all).</li>
 * </ul>
 * A pattern without {@code @} that contains a dot, such as {@code example.com}, declares a virtual
 * alias domain; its result is ignored (Postfix's convention is to write {@code anything}). Mail for
 * an address in such a domain that no pattern matches is refused with "User unknown in virtual
 * alias table". A bare word without a dot ({@code postmaster}) is a local-part pattern, so a local
 * part with a dot can only be written as {@code first.last@domain}.
 *
 * <p>A result is an address, a local name (qualified with {@code myorigin}) or {@code @domain}
 * (the local part of the address being redirected, moved to that domain). {@code |command},
 * {@code /file} and {@code :include:} results are refused, and so are patterns defined twice.
 * Keys and declared domains are folded to lower case. All problems are collected and thrown
 * together.
 */
public final class VirtualFile {

    /**
     * A parsed virtual(5) table.
     *
     * @param aliases the alias entries, keyed {@code user@domain}, {@code user} or {@code @domain}
     * @param domains the virtual alias domains declared in the file, lower case, in file order
     */
    public record Parsed(List<AliasEntry> aliases, List<String> domains) {

        /** A table without entries. */
        public static final Parsed EMPTY = new Parsed(List.of(), List.of());

        public Parsed {
            aliases = List.copyOf(aliases);
            domains = List.copyOf(domains);
        }
    }

    private VirtualFile() {
    }

    /**
     * Parses a virtual(5) file.
     *
     * @param fileName the name used in messages, e.g. {@code /etc/postfix/virtual}
     * @param text the file's content
     * @throws AliasSyntaxException listing every problem found, each {@code FILE:LINE: text}
     */
    public static Parsed parse(String fileName, String text) throws AliasSyntaxException {
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(text, "text");
        List<String> problems = new ArrayList<>();
        List<AliasEntry> aliases = new ArrayList<>();
        List<String> domains = new ArrayList<>();
        Map<String, Integer> firstLine = new HashMap<>();
        for (LogicalLines.Line line : LogicalLines.read(fileName, text, problems)) {
            String at = fileName + ":" + line.number() + ": ";
            String s = line.text();
            int end = AliasText.patternEnd(s);
            String pattern = s.substring(0, end);
            String rest = s.substring(end).strip();
            if (rest.isEmpty()) {
                problems.add(at + "pattern \"" + pattern + "\" has no result (expected: pattern result, ...)");
                continue;
            }
            Optional<Pattern> parsed = pattern(pattern, at, problems);
            if (parsed.isEmpty()) {
                continue;
            }
            String key = parsed.get().key();
            boolean domain = parsed.get().domain();
            Integer first = firstLine.putIfAbsent((domain ? "domain " : "pattern ") + key, line.number());
            if (first != null) {
                String duplicate = domain ? "domain \"" + key + "\" declared twice"
                        : "duplicate pattern \"" + key + "\"";
                problems.add(at + duplicate + " (first at line " + first + ")");
                continue;
            }
            if (domain) {
                domains.add(key);
                continue;
            }
            String what = "for \"" + key + "\"";
            List<String> targets = new ArrayList<>();
            boolean ok = true;
            for (String raw : AliasText.split(rest, true)) {
                Optional<String> target = AliasText.target(raw, true, what, p -> problems.add(at + p));
                target.ifPresent(targets::add);
                ok &= target.isPresent();
            }
            if (ok) {
                aliases.add(new AliasEntry(key, targets, line.number()));
            }
        }
        if (!problems.isEmpty()) {
            throw LogicalLines.failure(fileName, problems);
        }
        return new Parsed(aliases, domains);
    }

    /** A pattern's lookup key, or the domain it declares. */
    private record Pattern(String key, boolean domain) {
    }

    /** The meaning of a pattern, or empty after reporting why it is not a valid one. */
    private static Optional<Pattern> pattern(String pattern, String at, List<String> problems) {
        if (pattern.startsWith("@")) {
            String domain = pattern.substring(1);
            if (!AddressSyntax.isDomain(domain)) {
                problems.add(at + "catch-all pattern \"" + pattern + "\" has no valid domain after '@'");
                return Optional.empty();
            }
            return Optional.of(new Pattern("@" + domain.toLowerCase(Locale.ROOT), false));
        }
        Optional<MailAddress> parsed = MailAddress.parse(pattern);
        if (pattern.contains("@") && parsed.isPresent() && parsed.get().domain().isPresent()) {
            MailAddress a = parsed.get();
            String key = AliasText.lookupForm(a.localPart()) + "@" + a.domainLowerCase().orElseThrow();
            return Optional.of(new Pattern(key, false));
        }
        if (!pattern.contains("@") && pattern.contains(".") && !pattern.startsWith("\"")) {
            if (!AddressSyntax.isDomain(pattern)) {
                problems.add(at + "\"" + pattern + "\" is not a valid domain name (a pattern without '@' that"
                        + " contains a dot declares a virtual alias domain)");
                return Optional.empty();
            }
            return Optional.of(new Pattern(pattern.toLowerCase(Locale.ROOT), true));
        }
        if (parsed.isPresent() && parsed.get().domain().isEmpty()) {
            return Optional.of(new Pattern(AliasText.lookupForm(parsed.get().localPart()), false));
        }
        problems.add(at + "\"" + pattern + "\" is not a valid pattern (expected user@domain, user, @domain,"
                + " or a domain name)");
        return Optional.empty();
    }
}
