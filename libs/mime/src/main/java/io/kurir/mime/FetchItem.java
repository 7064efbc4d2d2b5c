package io.kurir.mime;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A FETCH data item this library can answer (RFC 3501 §6.4.5). FLAGS, UID and INTERNALDATE live in the mailbox,
 * not the message; the server renders those itself and joins them with {@link FetchResponse#format(int, List)}.
 */
public sealed interface FetchItem permits FetchItem.Simple, FetchItem.BodySection {

    /** The name this item has in the response, e.g. {@code BODY[HEADER]<0>} for {@code BODY.PEEK[HEADER]<0.20>}. */
    String responseName();

    /** Whether fetching it sets \Seen (RFC 3501 §6.4.5): BODY[...], RFC822 and RFC822.TEXT do. */
    boolean setsSeen();

    /** Items without arguments. */
    enum Simple implements FetchItem {
        ENVELOPE("ENVELOPE"),
        BODYSTRUCTURE("BODYSTRUCTURE"),
        BODY("BODY"),
        RFC822("RFC822"),
        RFC822_HEADER("RFC822.HEADER"),
        RFC822_TEXT("RFC822.TEXT"),
        RFC822_SIZE("RFC822.SIZE");

        private final String name;

        Simple(String name) {
            this.name = name;
        }

        @Override
        public String responseName() {
            return name;
        }

        @Override
        public boolean setsSeen() {
            return this == RFC822 || this == RFC822_TEXT;
        }
    }

    /** {@code <origin.count>} of a partial fetch. */
    record Partial(long origin, long count) {
    }

    /**
     * BODY[section]&lt;partial&gt; or BODY.PEEK[...].
     *
     * @param spec the section text as the response repeats it (see {@link FetchItem#parse(String)})
     */
    record BodySection(String spec, Section section, boolean peek, Optional<Partial> partial) implements FetchItem {

        @Override
        public String responseName() {
            return "BODY[" + spec + "]" + partial.map(p -> "<" + p.origin() + ">").orElse("");
        }

        @Override
        public boolean setsSeen() {
            return !peek;
        }
    }

    /**
     * Parses the fetch attributes of a FETCH command: one item or a parenthesized list, e.g.
     * {@code (BODY.PEEK[HEADER.FIELDS (SUBJECT FROM)] RFC822.SIZE)}. Macros and mailbox items (FLAGS, UID, ...) are
     * not accepted.
     *
     * @throws IllegalArgumentException naming the first item that cannot be parsed (the caller answers BAD)
     */
    static List<FetchItem> parseList(String attributes) {
        String text = attributes.strip();
        if (text.startsWith("(")) {
            if (!text.endsWith(")")) {
                throw new IllegalArgumentException("unbalanced parentheses: " + attributes);
            }
            text = text.substring(1, text.length() - 1);
        }
        List<FetchItem> items = new ArrayList<>();
        int pos = 0;
        while (pos < text.length()) {
            if (text.charAt(pos) == ' ') {
                pos++;
                continue;
            }
            int start = pos;
            while (pos < text.length() && text.charAt(pos) != ' ' && text.charAt(pos) != '[') {
                pos++;
            }
            if (pos < text.length() && text.charAt(pos) == '[') {
                int close = text.indexOf(']', pos);
                if (close < 0) {
                    throw new IllegalArgumentException("missing ]: " + text.substring(start));
                }
                pos = close + 1;
                if (pos < text.length() && text.charAt(pos) == '<') {
                    int end = text.indexOf('>', pos);
                    if (end < 0) {
                        throw new IllegalArgumentException("missing >: " + text.substring(start));
                    }
                    pos = end + 1;
                }
            }
            items.add(parse(text.substring(start, pos)));
        }
        if (items.isEmpty()) {
            throw new IllegalArgumentException("no fetch items");
        }
        return List.copyOf(items);
    }

    /**
     * Parses one fetch attribute; see {@link #parseList(String)}. The section text is kept for the response as the
     * client sent it, except that a header field list is upper-cased with single spaces, as Dovecot echoes it.
     */
    static FetchItem parse(String item) {
        int bracket = item.indexOf('[');
        String name = (bracket < 0 ? item : item.substring(0, bracket)).toUpperCase(Locale.ROOT);
        if (bracket < 0) {
            for (Simple simple : Simple.values()) {
                if (simple.responseName().equals(name)) {
                    return simple;
                }
            }
            throw new IllegalArgumentException("unknown fetch item: " + item);
        }
        boolean peek = name.equals("BODY.PEEK");
        if (!peek && !name.equals("BODY")) {
            throw new IllegalArgumentException("unknown fetch item: " + item);
        }
        int close = item.indexOf(']', bracket);
        if (close < 0) {
            throw new IllegalArgumentException("missing ]: " + item);
        }
        String spec = item.substring(bracket + 1, close);
        String rest = item.substring(close + 1);
        Optional<Partial> partial = Optional.empty();
        if (!rest.isEmpty()) {
            partial = Optional.of(partial(rest, item));
        }
        Section section = Section.parse(spec);
        return new BodySection(echo(spec), section, peek, partial);
    }

    /**
     * The section text as Dovecot repeats it in the response: as sent, except that a header field list is
     * upper-cased with one space between the names ({@code header.fields (subject  from)} comes back as
     * {@code header.fields (SUBJECT FROM)}).
     */
    private static String echo(String spec) {
        int open = spec.indexOf('(');
        if (open < 0) {
            return spec;
        }
        String names = spec.substring(open + 1, spec.lastIndexOf(')')).strip().replaceAll(" +", " ");
        return spec.substring(0, open).stripTrailing() + " (" + names.toUpperCase(Locale.ROOT) + ")";
    }

    private static Partial partial(String text, String item) {
        int dot = text.indexOf('.');
        if (!text.startsWith("<") || !text.endsWith(">") || dot < 0) {
            throw new IllegalArgumentException("bad partial: " + item);
        }
        try {
            long origin = Long.parseLong(text.substring(1, dot));
            long count = Long.parseLong(text.substring(dot + 1, text.length() - 1));
            if (origin < 0 || count < 1) {
                throw new IllegalArgumentException("bad partial: " + item);
            }
            return new Partial(origin, count);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad partial: " + item, e);
        }
    }
}
