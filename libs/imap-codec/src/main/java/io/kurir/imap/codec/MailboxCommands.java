package io.kurir.imap.codec;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The arguments of the commands that work on mailboxes: SELECT, EXAMINE, CREATE, DELETE, RENAME,
 * SUBSCRIBE, UNSUBSCRIBE, LIST, LSUB, STATUS, APPEND, GETQUOTAROOT.
 */
final class MailboxCommands {

    private final ImapReader r;
    private final String tag;
    private final MailboxEncoding encoding;

    MailboxCommands(ImapReader reader, String tag, MailboxEncoding encoding) {
        this.r = reader;
        this.tag = tag;
        this.encoding = encoding;
    }

    /** {@code SP mailbox} and nothing after it. */
    MailboxName onlyMailbox() {
        r.sp("mailbox name");
        MailboxName mailbox = r.mailbox("mailbox name", encoding);
        r.end();
        return mailbox;
    }

    /**
     * RFC 9051 sections 6.3.2/6.3.3 with RFC 4466 {@code select-params}: CONDSTORE (RFC 7162
     * section 3.1.8) and QRESYNC (RFC 7162 section 3.2.5).
     */
    ImapCommand select(boolean examine) {
        r.sp("mailbox name");
        MailboxName mailbox = r.mailbox("mailbox name", encoding);
        boolean condStore = false;
        Optional<ImapCommand.Qresync> qresync = Optional.empty();
        if (r.trySp()) {
            r.expect('(', "\"(\" starting the parameters");
            do {
                String param = r.atom("parameter").toUpperCase(Locale.ROOT);
                switch (param) {
                    case "CONDSTORE" -> condStore = true;
                    case "QRESYNC" -> qresync = Optional.of(qresync());
                    default -> throw r.unknown("parameter", param);
                }
            } while (r.trySp());
            r.expect(')', "\")\" closing the parameters");
        }
        r.end();
        ImapCommand.SelectOptions options = new ImapCommand.SelectOptions(condStore, qresync);
        return examine ? new ImapCommand.Examine(tag, mailbox, options) : new ImapCommand.Select(tag, mailbox, options);
    }

    /**
     * RFC 7162 section 7: {@code "QRESYNC" SP "(" uidvalidity SP mod-sequence-value [SP known-uids]
     * [SP seq-match-data] ")"}, {@code seq-match-data = "(" known-sequence-set SP known-uid-set ")"}.
     */
    private ImapCommand.Qresync qresync() {
        r.sp("QRESYNC arguments");
        r.expect('(', "\"(\" starting the QRESYNC arguments");
        long uidValidity = r.nzNumber("UIDVALIDITY", ImapReader.MAX_NUMBER);
        r.sp("mod-sequence");
        long modSeq = r.number("mod-sequence", ImapReader.MAX_NUMBER64);
        Optional<SequenceSet> knownUids = Optional.empty();
        Optional<ImapCommand.SequenceMatch> match = Optional.empty();
        if (r.trySp()) {
            if (r.peek() == '(') {
                match = Optional.of(sequenceMatch());
            } else {
                knownUids = Optional.of(r.sequenceSet("known UIDs"));
                if (r.trySp()) {
                    match = Optional.of(sequenceMatch());
                }
            }
        }
        r.expect(')', "\")\" closing the QRESYNC arguments");
        return new ImapCommand.Qresync(uidValidity, modSeq, knownUids, match);
    }

    private ImapCommand.SequenceMatch sequenceMatch() {
        r.expect('(', "\"(\" starting the sequence match data");
        SequenceSet sequence = r.sequenceSet("known sequence set");
        r.sp("known UID set");
        SequenceSet uids = r.sequenceSet("known UID set");
        r.expect(')', "\")\" closing the sequence match data");
        return new ImapCommand.SequenceMatch(sequence, uids);
    }

    /** RFC 9051 section 6.3.4, with {@code create-param = "USE" SP "(" [use-attr *(SP use-attr)] ")"} (RFC 6154 section 6). */
    ImapCommand create() {
        r.sp("mailbox name");
        MailboxName mailbox = r.mailbox("mailbox name", encoding);
        List<String> use = new ArrayList<>();
        if (r.trySp()) {
            r.expect('(', "\"(\" starting the parameters");
            do {
                String param = r.atom("parameter").toUpperCase(Locale.ROOT);
                if (!param.equals("USE")) {
                    throw r.unknown("parameter", param);
                }
                r.sp("special-use attributes");
                for (Flag attribute : r.flagList("special-use attributes")) {
                    if (!attribute.isSystem()) {
                        throw r.error("special-use attribute " + attribute + " does not start with \"\\\"");
                    }
                    use.add(attribute.name());
                }
            } while (r.trySp());
            r.expect(')', "\")\" closing the parameters");
        }
        r.end();
        return new ImapCommand.Create(tag, mailbox, use);
    }

    /** RFC 9051 section 6.3.6: {@code "RENAME" SP mailbox SP mailbox}. */
    ImapCommand rename() {
        r.sp("existing mailbox name");
        MailboxName from = r.mailbox("existing mailbox name", encoding);
        r.sp("new mailbox name");
        MailboxName to = r.mailbox("new mailbox name", encoding);
        r.end();
        return new ImapCommand.Rename(tag, from, to);
    }

    /**
     * RFC 5258 section 6: {@code "LIST" [SP list-select-opts] SP mailbox SP mbox-or-pat
     * [SP list-return-opts]}, {@code mbox-or-pat = list-mailbox / patterns}.
     */
    ImapCommand list() {
        r.sp("reference name");
        Set<ImapCommand.ListSelectOption> selection = EnumSet.noneOf(ImapCommand.ListSelectOption.class);
        if (r.peek() == '(') {
            selection = selectOptions();
            r.sp("reference name");
        }
        String reference = r.pattern(r.astring("reference name"), "reference name", encoding);
        r.sp("mailbox pattern");
        List<String> patterns = new ArrayList<>();
        if (r.tryChar('(')) {
            do {
                patterns.add(r.pattern(r.listMailbox("mailbox pattern"), "mailbox pattern", encoding));
            } while (r.trySp());
            r.expect(')', "\")\" closing the mailbox patterns");
        } else {
            patterns.add(r.pattern(r.listMailbox("mailbox pattern"), "mailbox pattern", encoding));
        }
        Set<ImapCommand.ListReturnOption> returns = EnumSet.noneOf(ImapCommand.ListReturnOption.class);
        List<ImapCommand.StatusItem> statusItems = new ArrayList<>();
        if (r.trySp()) {
            if (!r.tryWord("RETURN")) {
                throw r.expected("RETURN");
            }
            r.sp("return options");
            r.expect('(', "\"(\" starting the return options");
            if (!r.tryChar(')')) {
                do {
                    String option = r.atom("return option").toUpperCase(Locale.ROOT);
                    switch (option) {
                        case "SUBSCRIBED" -> returns.add(ImapCommand.ListReturnOption.SUBSCRIBED);
                        case "CHILDREN" -> returns.add(ImapCommand.ListReturnOption.CHILDREN);
                        case "SPECIAL-USE" -> returns.add(ImapCommand.ListReturnOption.SPECIAL_USE);
                        case "STATUS" -> {
                            // RFC 5819 section 2: status-option = "STATUS" SP "(" status-att *(SP status-att) ")"
                            returns.add(ImapCommand.ListReturnOption.STATUS);
                            r.sp("status items");
                            statusItems.addAll(statusItems());
                        }
                        default -> throw r.unknown("return option", option);
                    }
                } while (r.trySp());
                r.expect(')', "\")\" closing the return options");
            }
        }
        r.end();
        return new ImapCommand.ListMailboxes(tag, selection, reference, patterns, returns, statusItems);
    }

    /**
     * RFC 5258 section 6 {@code list-select-opts}; RFC 5258 section 3.1: RECURSIVEMATCH alone
     * (or with only REMOTE) is a BAD, and unknown options are refused.
     */
    private Set<ImapCommand.ListSelectOption> selectOptions() {
        r.expect('(', "\"(\"");
        Set<ImapCommand.ListSelectOption> options = EnumSet.noneOf(ImapCommand.ListSelectOption.class);
        if (r.tryChar(')')) {
            return options;
        }
        do {
            String option = r.atom("selection option").toUpperCase(Locale.ROOT);
            options.add(switch (option) {
                case "SUBSCRIBED" -> ImapCommand.ListSelectOption.SUBSCRIBED;
                case "REMOTE" -> ImapCommand.ListSelectOption.REMOTE;
                case "RECURSIVEMATCH" -> ImapCommand.ListSelectOption.RECURSIVEMATCH;
                case "SPECIAL-USE" -> ImapCommand.ListSelectOption.SPECIAL_USE;
                default -> throw r.unknown("selection option", option);
            });
        } while (r.trySp());
        r.expect(')', "\")\" closing the selection options");
        if (options.contains(ImapCommand.ListSelectOption.RECURSIVEMATCH)
                && !options.contains(ImapCommand.ListSelectOption.SUBSCRIBED)
                && !options.contains(ImapCommand.ListSelectOption.SPECIAL_USE)) {
            throw r.error("RECURSIVEMATCH needs another selection option such as SUBSCRIBED");
        }
        return options;
    }

    /** RFC 3501 section 6.3.9: {@code "LSUB" SP mailbox SP list-mailbox}. */
    ImapCommand lsub() {
        r.sp("reference name");
        String reference = r.pattern(r.astring("reference name"), "reference name", encoding);
        r.sp("mailbox pattern");
        String pattern = r.pattern(r.listMailbox("mailbox pattern"), "mailbox pattern", encoding);
        r.end();
        return new ImapCommand.Lsub(tag, reference, pattern);
    }

    /** RFC 9051 section 6.3.11: {@code "STATUS" SP mailbox SP "(" status-att *(SP status-att) ")"}. */
    ImapCommand status() {
        r.sp("mailbox name");
        MailboxName mailbox = r.mailbox("mailbox name", encoding);
        r.sp("status items");
        List<ImapCommand.StatusItem> items = statusItems();
        r.end();
        return new ImapCommand.Status(tag, mailbox, items);
    }

    private List<ImapCommand.StatusItem> statusItems() {
        r.expect('(', "\"(\" starting the status items");
        List<ImapCommand.StatusItem> items = new ArrayList<>();
        do {
            String item = r.atom("status item").toUpperCase(Locale.ROOT);
            try {
                items.add(ImapCommand.StatusItem.valueOf(item));
            } catch (IllegalArgumentException e) {
                throw r.unknown("status item", item);
            }
        } while (r.trySp());
        r.expect(')', "\")\" closing the status items");
        return items;
    }

    /**
     * RFC 9051 section 6.3.12 {@code "APPEND" SP mailbox [SP flag-list] [SP date-time] SP literal},
     * with MULTIAPPEND's repetition (RFC 3502 section 6) and literal8 (RFC 3516 section 4.4).
     * CATENATE and the UTF8 data extension are not supported.
     */
    ImapCommand append() {
        r.sp("mailbox name");
        MailboxName mailbox = r.mailbox("mailbox name", encoding);
        List<ImapCommand.AppendMessage> messages = new ArrayList<>();
        do {
            r.sp("message literal");
            List<Flag> flags = List.of();
            Optional<OffsetDateTime> date = Optional.empty();
            if (r.peek() == '(') {
                flags = r.flagList("flag list");
                r.sp("message literal");
            }
            if (r.peek() == '"') {
                date = Optional.of(r.dateTime("internal date"));
                r.sp("message literal");
            }
            if (!r.atLiteral()) {
                String word = r.peekAtom();
                if (word.equals("CATENATE") || word.equals("UTF8")) {
                    throw r.error(word + " is not supported");
                }
                throw r.atEnd() ? r.error("missing message literal") : r.expected("message literal");
            }
            ImapReader.Literal literal = r.literal("message", true);
            messages.add(new ImapCommand.AppendMessage(flags, date, literal.octets(), literal.binary()));
        } while (!r.atEnd());
        return new ImapCommand.Append(tag, mailbox, messages);
    }
}
