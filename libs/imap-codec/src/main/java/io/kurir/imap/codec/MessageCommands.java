package io.kurir.imap.codec;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The arguments of the commands that work on messages of the selected mailbox: SEARCH, FETCH,
 * STORE, COPY, MOVE, UID EXPUNGE, SORT and THREAD, with or without the UID prefix.
 */
final class MessageCommands {

    /** The charsets named in {@code NO [BADCHARSET (...)]}; the parser itself decodes any the JVM knows. */
    static final List<String> ADVERTISED_CHARSETS = List.of("US-ASCII", "UTF-8");

    private final ImapReader r;
    private final String tag;
    private final MailboxEncoding encoding;

    MessageCommands(ImapReader reader, String tag, MailboxEncoding encoding) {
        this.r = reader;
        this.tag = tag;
        this.encoding = encoding;
    }

    /**
     * RFC 9051 section 6.4.4: {@code "SEARCH" [search-return-opts] SP search-program},
     * {@code search-program = ["CHARSET" SP charset SP] search-key *(SP search-key)}; ESEARCH
     * return options from RFC 4731 and SAVE from RFC 5182.
     */
    ImapCommand search(ImapCommand.Numbering numbering) {
        r.sp("search criteria");
        Optional<Set<ImapCommand.SearchReturnOption>> returnOptions = Optional.empty();
        if (r.tryWord("RETURN")) {
            returnOptions = Optional.of(returnOptions());
            r.sp("search criteria");
        }
        Optional<String> charsetName = Optional.empty();
        Charset charset = StandardCharsets.UTF_8;
        if (r.tryWord("CHARSET")) {
            r.sp("charset");
            String name = charsetName();
            charset = charset(name);
            charsetName = Optional.of(name);
            r.sp("search criteria");
        }
        SearchKey criteria = new SearchParser(r, charset).criteria();
        r.end();
        return new ImapCommand.Search(tag, numbering, returnOptions, charsetName, criteria);
    }

    /** RFC 4731 section 3.1: {@code "RETURN" SP "(" [search-return-opt *(SP search-return-opt)] ")"}; {@code ()} means ALL. */
    private Set<ImapCommand.SearchReturnOption> returnOptions() {
        r.sp("return options");
        r.expect('(', "\"(\" starting the return options");
        Set<ImapCommand.SearchReturnOption> options = EnumSet.noneOf(ImapCommand.SearchReturnOption.class);
        if (r.tryChar(')')) {
            options.add(ImapCommand.SearchReturnOption.ALL);
            return options;
        }
        do {
            String option = r.atom("return option").toUpperCase(Locale.ROOT);
            try {
                options.add(ImapCommand.SearchReturnOption.valueOf(option));
            } catch (IllegalArgumentException e) {
                throw r.unknown("return option", option);
            }
        } while (r.trySp());
        r.expect(')', "\")\" closing the return options");
        return options;
    }

    private String charsetName() {
        byte[] name = r.astring("charset");
        return new String(name, StandardCharsets.ISO_8859_1).toUpperCase(Locale.ROOT);
    }

    /** The charset, or {@code NO [BADCHARSET]} (RFC 9051 section 6.4.4). */
    private Charset charset(String name) {
        Charset charset = KnownCharsets.BY_NAME.get(name);
        if (charset == null) {
            byte[] octets = name.getBytes(StandardCharsets.ISO_8859_1);
            throw new ImapSyntaxException(ImapResponse.Status.NO,
                    Optional.of(ResponseCode.badCharset(ADVERTISED_CHARSETS)),
                    "unsupported charset \"" + Ascii.printable(octets, 0, octets.length, 30) + "\"");
        }
        return charset;
    }

    /**
     * The JVM's charsets by upper-case name and alias, looked up once: {@link Charset#forName}
     * asks every charset provider again for each unknown name, which would let a client spend
     * half a millisecond of CPU per {@code CHARSET BOGUS}.
     */
    private static final class KnownCharsets {
        static final Map<String, Charset> BY_NAME = build();

        private static Map<String, Charset> build() {
            Map<String, Charset> byName = new HashMap<>();
            for (Charset charset : Charset.availableCharsets().values()) {
                byName.put(charset.name().toUpperCase(Locale.ROOT), charset);
                for (String alias : charset.aliases()) {
                    byName.putIfAbsent(alias.toUpperCase(Locale.ROOT), charset);
                }
            }
            return Map.copyOf(byName);
        }
    }

    /**
     * RFC 9051 section 6.4.5: {@code "FETCH" SP sequence-set SP ("ALL" / "FULL" / "FAST" /
     * fetch-att / "(" fetch-att *(SP fetch-att) ")") [fetch-modifiers]}; CHANGEDSINCE and
     * VANISHED from RFC 7162 sections 3.1.4 and 3.2.6.
     */
    ImapCommand fetch(ImapCommand.Numbering numbering) {
        r.sp("sequence set");
        SequenceSet set = r.sequenceSet("sequence set");
        r.sp("fetch attributes");
        List<FetchAttribute> attributes = new ArrayList<>();
        FetchParser items = new FetchParser(r);
        String macro = r.peekAtom();
        if (macro.equals("ALL") || macro.equals("FAST") || macro.equals("FULL")) {
            r.tryWord(macro);
            attributes.addAll(FetchParser.expand(macro));
        } else if (r.tryChar('(')) {
            do {
                attributes.add(items.attribute());
            } while (r.trySp());
            r.expect(')', "\")\" closing the fetch attributes");
        } else {
            attributes.add(items.attribute());
        }
        OptionalLong changedSince = OptionalLong.empty();
        boolean vanished = false;
        if (r.trySp()) {
            r.expect('(', "\"(\" starting the fetch modifiers");
            do {
                String modifier = r.atom("fetch modifier").toUpperCase(Locale.ROOT);
                switch (modifier) {
                    case "CHANGEDSINCE" -> {
                        r.sp("mod-sequence");
                        changedSince = OptionalLong.of(r.number("mod-sequence", ImapReader.MAX_NUMBER64));
                    }
                    case "VANISHED" -> vanished = true;
                    default -> throw r.unknown("fetch modifier", modifier);
                }
            } while (r.trySp());
            r.expect(')', "\")\" closing the fetch modifiers");
        }
        r.end();
        if (vanished && numbering != ImapCommand.Numbering.UID) {
            throw r.error("VANISHED is only allowed with UID FETCH");
        }
        if (vanished && changedSince.isEmpty()) {
            throw r.error("VANISHED needs CHANGEDSINCE");
        }
        return new ImapCommand.Fetch(tag, numbering, set, attributes, changedSince, vanished);
    }

    /**
     * RFC 9051 section 6.4.6: {@code "STORE" SP sequence-set [store-modifiers] SP store-att-flags},
     * {@code store-att-flags = (["+" / "-"] "FLAGS" [".SILENT"]) SP (flag-list / (flag *(SP flag)))};
     * UNCHANGEDSINCE from RFC 7162 section 3.1.3.
     */
    ImapCommand store(ImapCommand.Numbering numbering) {
        r.sp("sequence set");
        SequenceSet set = r.sequenceSet("sequence set");
        r.sp("FLAGS, +FLAGS or -FLAGS");
        OptionalLong unchangedSince = OptionalLong.empty();
        if (r.tryChar('(')) {
            do {
                String modifier = r.atom("store modifier").toUpperCase(Locale.ROOT);
                if (!modifier.equals("UNCHANGEDSINCE")) {
                    throw r.unknown("store modifier", modifier);
                }
                r.sp("mod-sequence");
                unchangedSince = OptionalLong.of(r.number("mod-sequence", ImapReader.MAX_NUMBER64));
            } while (r.trySp());
            r.expect(')', "\")\" closing the store modifiers");
            r.sp("FLAGS, +FLAGS or -FLAGS");
        }
        String item = r.atom("FLAGS, +FLAGS or -FLAGS").toUpperCase(Locale.ROOT);
        ImapCommand.StoreAction action = item.startsWith("+") ? ImapCommand.StoreAction.ADD
                : item.startsWith("-") ? ImapCommand.StoreAction.REMOVE : ImapCommand.StoreAction.REPLACE;
        String bare = action == ImapCommand.StoreAction.REPLACE ? item : item.substring(1);
        boolean silent = bare.equals("FLAGS.SILENT");
        if (!silent && !bare.equals("FLAGS")) {
            throw r.unknown("store item", item);
        }
        r.sp("flags");
        List<Flag> flags;
        if (r.peek() == '(') {
            flags = r.flagList("flag list");
        } else {
            flags = new ArrayList<>();
            do {
                flags.add(r.flag("a flag"));
            } while (r.trySp());
        }
        r.end();
        return new ImapCommand.Store(tag, numbering, set, unchangedSince, action, silent, flags);
    }

    /** RFC 9051 section 6.4.7: {@code "COPY" SP sequence-set SP mailbox}. */
    ImapCommand copy(ImapCommand.Numbering numbering) {
        r.sp("sequence set");
        SequenceSet set = r.sequenceSet("sequence set");
        r.sp("mailbox name");
        MailboxName mailbox = r.mailbox("mailbox name", encoding);
        r.end();
        return new ImapCommand.Copy(tag, numbering, set, mailbox);
    }

    /** RFC 6851 section 3.1: {@code "MOVE" SP sequence-set SP mailbox}. */
    ImapCommand move(ImapCommand.Numbering numbering) {
        r.sp("sequence set");
        SequenceSet set = r.sequenceSet("sequence set");
        r.sp("mailbox name");
        MailboxName mailbox = r.mailbox("mailbox name", encoding);
        r.end();
        return new ImapCommand.Move(tag, numbering, set, mailbox);
    }

    /** RFC 4315 section 2.1: {@code "UID" SP "EXPUNGE" SP sequence-set}. */
    ImapCommand uidExpunge() {
        r.sp("UID set");
        SequenceSet uids = r.sequenceSet("UID set");
        r.end();
        return new ImapCommand.UidExpunge(tag, uids);
    }

    /**
     * RFC 5256 section 5: {@code "SORT" SP sort-criteria SP search-criteria}, {@code sort-criteria =
     * "(" sort-criterion *(SP sort-criterion) ")"}, {@code sort-criterion = ["REVERSE" SP] sort-key},
     * {@code search-criteria = charset 1*(SP search-key)}; RETURN from ESORT (RFC 5267 section 3).
     */
    ImapCommand sort(ImapCommand.Numbering numbering) {
        r.sp("sort criteria");
        Optional<Set<ImapCommand.SearchReturnOption>> returnOptions = Optional.empty();
        if (r.tryWord("RETURN")) {
            returnOptions = Optional.of(returnOptions());
            r.sp("sort criteria");
        }
        r.expect('(', "\"(\" starting the sort criteria");
        List<ImapCommand.SortCriterion> criteria = new ArrayList<>();
        do {
            boolean reverse = r.tryWord("REVERSE");
            if (reverse) {
                r.sp("sort key");
            }
            String key = r.atom("sort key").toUpperCase(Locale.ROOT);
            try {
                criteria.add(new ImapCommand.SortCriterion(ImapCommand.SortKey.valueOf(key), reverse));
            } catch (IllegalArgumentException e) {
                throw r.unknown("sort key", key);
            }
        } while (r.trySp());
        r.expect(')', "\")\" closing the sort criteria");
        r.sp("charset");
        String charsetName = charsetName();
        Charset charset = charset(charsetName);
        r.sp("search criteria");
        SearchKey key = new SearchParser(r, charset).criteria();
        r.end();
        return new ImapCommand.Sort(tag, numbering, returnOptions, criteria, charsetName, key);
    }

    /** RFC 5256 section 5: {@code "THREAD" SP thread-alg SP search-criteria}. */
    ImapCommand thread(ImapCommand.Numbering numbering) {
        r.sp("threading algorithm");
        String name = r.atom("threading algorithm").toUpperCase(Locale.ROOT);
        ImapCommand.ThreadAlgorithm algorithm;
        try {
            algorithm = ImapCommand.ThreadAlgorithm.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw r.unknown("threading algorithm", name);
        }
        r.sp("charset");
        String charsetName = charsetName();
        Charset charset = charset(charsetName);
        r.sp("search criteria");
        SearchKey key = new SearchParser(r, charset).criteria();
        r.end();
        return new ImapCommand.Thread(tag, numbering, algorithm, charsetName, key);
    }
}
