package io.kurir.imap.codec;

import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Search keys (RFC 9051 section 6.4.4 and its {@code search-key} ABNF, RFC 3501 section 6.4.4 for
 * the IMAP4rev1 keys, MODSEQ from RFC 7162 section 3.1.5, OLDER/YOUNGER from RFC 5032). String
 * arguments are decoded with the command's charset. Nesting (parentheses, NOT, OR) is limited to
 * {@value #MAX_DEPTH} levels so that a hostile command cannot exhaust the stack.
 */
final class SearchParser {

    static final int MAX_DEPTH = 64;

    private final ImapReader r;
    private final Charset charset;

    SearchParser(ImapReader reader, Charset charset) {
        this.r = reader;
        this.charset = charset;
    }

    /** {@code search-key *(SP search-key)} up to the end of the command: one key, or their And. */
    SearchKey criteria() {
        List<SearchKey> keys = new ArrayList<>();
        do {
            keys.add(key(0));
        } while (r.trySp());
        return keys.size() == 1 ? keys.get(0) : new SearchKey.And(keys);
    }

    private SearchKey key(int depth) {
        if (depth >= MAX_DEPTH) {
            throw r.error("search criteria nested more than " + MAX_DEPTH + " levels deep");
        }
        if (r.atEnd()) {
            throw r.error("missing search key");
        }
        int c = r.peek();
        if (c == '(') {
            return group(depth);
        }
        if (c == '*' || c == '$' || Ascii.isDigit(c)) {
            return new SearchKey.Sequence(r.sequenceSet("sequence set"));
        }
        String word = r.atom("search key").toUpperCase(Locale.ROOT);
        return switch (word) {
            case "ALL" -> new SearchKey.All();
            case "ANSWERED" -> new SearchKey.HasFlag(Flag.ANSWERED);
            case "DELETED" -> new SearchKey.HasFlag(Flag.DELETED);
            case "DRAFT" -> new SearchKey.HasFlag(Flag.DRAFT);
            case "FLAGGED" -> new SearchKey.HasFlag(Flag.FLAGGED);
            case "RECENT" -> new SearchKey.HasFlag(Flag.RECENT);
            case "SEEN" -> new SearchKey.HasFlag(Flag.SEEN);
            case "UNANSWERED" -> new SearchKey.LacksFlag(Flag.ANSWERED);
            case "UNDELETED" -> new SearchKey.LacksFlag(Flag.DELETED);
            case "UNDRAFT" -> new SearchKey.LacksFlag(Flag.DRAFT);
            case "UNFLAGGED" -> new SearchKey.LacksFlag(Flag.FLAGGED);
            case "UNSEEN" -> new SearchKey.LacksFlag(Flag.SEEN);
            // RFC 3501 section 6.4.4: NEW is "RECENT UNSEEN", OLD is "NOT RECENT".
            case "NEW" -> SearchKey.And.of(new SearchKey.HasFlag(Flag.RECENT), new SearchKey.LacksFlag(Flag.SEEN));
            case "OLD" -> new SearchKey.LacksFlag(Flag.RECENT);
            case "KEYWORD" -> new SearchKey.HasFlag(keyword());
            case "UNKEYWORD" -> new SearchKey.LacksFlag(keyword());
            case "BCC" -> contains(SearchKey.TextField.BCC);
            case "BODY" -> contains(SearchKey.TextField.BODY);
            case "CC" -> contains(SearchKey.TextField.CC);
            case "FROM" -> contains(SearchKey.TextField.FROM);
            case "SUBJECT" -> contains(SearchKey.TextField.SUBJECT);
            case "TEXT" -> contains(SearchKey.TextField.TEXT);
            case "TO" -> contains(SearchKey.TextField.TO);
            case "HEADER" -> header();
            case "BEFORE" -> dated(SearchKey.DateField.INTERNAL, SearchKey.DateComparison.BEFORE);
            case "ON" -> dated(SearchKey.DateField.INTERNAL, SearchKey.DateComparison.ON);
            case "SINCE" -> dated(SearchKey.DateField.INTERNAL, SearchKey.DateComparison.SINCE);
            case "SENTBEFORE" -> dated(SearchKey.DateField.SENT, SearchKey.DateComparison.BEFORE);
            case "SENTON" -> dated(SearchKey.DateField.SENT, SearchKey.DateComparison.ON);
            case "SENTSINCE" -> dated(SearchKey.DateField.SENT, SearchKey.DateComparison.SINCE);
            case "LARGER" -> new SearchKey.Larger(size("LARGER"));
            case "SMALLER" -> new SearchKey.Smaller(size("SMALLER"));
            case "OLDER" -> new SearchKey.Older(interval("OLDER"));
            case "YOUNGER" -> new SearchKey.Younger(interval("YOUNGER"));
            case "UID" -> {
                r.sp("UID set");
                yield new SearchKey.Uid(r.sequenceSet("UID set"));
            }
            case "NOT" -> {
                r.sp("search key after NOT");
                yield new SearchKey.Not(key(depth + 1));
            }
            case "OR" -> {
                r.sp("first search key of OR");
                SearchKey left = key(depth + 1);
                r.sp("second search key of OR");
                yield new SearchKey.Or(left, key(depth + 1));
            }
            case "MODSEQ" -> modSeq();
            default -> throw r.unknown("search key", word);
        };
    }

    /** {@code "(" search-key *(SP search-key) ")"}; a group of one key is that key. */
    private SearchKey group(int depth) {
        r.expect('(', "\"(\"");
        List<SearchKey> keys = new ArrayList<>();
        do {
            if (r.peek() == ')') {
                throw r.error(keys.isEmpty() ? "empty parentheses in search criteria" : "space before \")\"");
            }
            keys.add(key(depth + 1));
        } while (r.trySp());
        r.expect(')', "\")\" closing the search key list");
        return keys.size() == 1 ? keys.get(0) : new SearchKey.And(keys);
    }

    /** {@code flag-keyword = atom}: a keyword, not a backslash flag. */
    private Flag keyword() {
        r.sp("keyword");
        if (r.peek() == '\\') {
            throw r.error("KEYWORD takes a keyword, not a system flag; use ANSWERED, SEEN, ...");
        }
        return Flag.of(r.atom("keyword"));
    }

    private SearchKey contains(SearchKey.TextField field) {
        r.sp(field + " string");
        return new SearchKey.Contains(field, text(field + " string"));
    }

    /** {@code "HEADER" SP header-fld-name SP astring}. */
    private SearchKey header() {
        r.sp("header field name");
        String field = r.utf8(r.astring("header field name"), "header field name");
        r.sp("header value");
        return new SearchKey.Header(field, text("header value"));
    }

    private String text(String what) {
        return r.decode(r.astring(what), charset, what);
    }

    private SearchKey dated(SearchKey.DateField field, SearchKey.DateComparison comparison) {
        r.sp("date");
        return new SearchKey.Dated(field, comparison, r.date("date"));
    }

    /** {@code number64} (RFC 9051; a 32-bit number in RFC 3501). */
    private long size(String key) {
        r.sp("size after " + key);
        return r.number("size", ImapReader.MAX_NUMBER64);
    }

    /** RFC 5032: {@code nz-number}, seconds. */
    private long interval(String key) {
        r.sp("interval after " + key);
        return r.nzNumber("interval", ImapReader.MAX_NUMBER);
    }

    /**
     * RFC 7162 section 7: {@code "MODSEQ" [SP entry-name SP entry-type-req] SP mod-sequence-valzer},
     * {@code entry-name = DQUOTE "/flags/" attr-flag DQUOTE}.
     */
    private SearchKey modSeq() {
        r.sp("mod-sequence");
        Optional<SearchKey.ModSeqEntry> entry = Optional.empty();
        if (r.peek() == '"') {
            String name = r.utf8(r.string("entry name"), "entry name");
            if (!name.regionMatches(true, 0, "/flags/", 0, 7)) {
                throw r.error("MODSEQ entry name must start with /flags/");
            }
            Flag flag;
            try {
                flag = Flag.of(name.substring(7));
            } catch (IllegalArgumentException e) {
                throw r.error("MODSEQ entry name does not name a flag");
            }
            r.sp("entry type");
            String type = r.atom("entry type (priv, shared or all)").toUpperCase(Locale.ROOT);
            SearchKey.EntryType entryType;
            try {
                entryType = SearchKey.EntryType.valueOf(type);
            } catch (IllegalArgumentException e) {
                throw r.unknown("entry type", type);
            }
            entry = Optional.of(new SearchKey.ModSeqEntry(flag, entryType));
            r.sp("mod-sequence");
        }
        return new SearchKey.ModSeq(r.number("mod-sequence", ImapReader.MAX_NUMBER64), entry);
    }
}
