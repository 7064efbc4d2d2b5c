package io.kurir.imap.codec;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * One parsed client command (RFC 9051 section 6, RFC 3501 section 6, and the extensions named on
 * each record), produced by {@link ImapCommandParser}. Syntax only: whether the command is allowed
 * in the session's state, or whether its extension was enabled, is the session's decision.
 *
 * <p>Keywords are case-insensitive on the wire; in the records they are enums or upper case.
 * Mailbox names are decoded ({@link MailboxName}); strings are Java strings decoded from UTF-8
 * (SEARCH strings from the command's CHARSET). {@link Invalid} is a syntax error with the reply to
 * send; {@link Unknown} a command the parser does not know.
 */
public sealed interface ImapCommand {

    /**
     * The command's tag, to put on the tagged reply; for an {@link Invalid} command whose tag could
     * not be read, {@code *}, so that the reply is untagged (RFC 9051 section 7.1.3).
     */
    String tag();

    /** Whether a command addresses messages by sequence number or, with the UID prefix, by UID. */
    enum Numbering { SEQUENCE, UID }

    // ---- Any state (RFC 9051 section 6.1) ----

    /** {@code CAPABILITY} */
    record Capability(String tag) implements ImapCommand {
    }

    /** {@code NOOP} */
    record Noop(String tag) implements ImapCommand {
    }

    /** {@code LOGOUT} */
    record Logout(String tag) implements ImapCommand {
    }

    // ---- Not authenticated state (RFC 9051 section 6.2) ----

    /** {@code STARTTLS} */
    record StartTls(String tag) implements ImapCommand {
    }

    /**
     * {@code AUTHENTICATE mechanism [initial-response]} (RFC 9051 section 6.2.2, SASL-IR RFC 4959).
     *
     * @param mechanism the SASL mechanism, upper case
     * @param initialResponse the initial response, still base64; {@code "="} is an empty one
     */
    record Authenticate(String tag, String mechanism, Optional<String> initialResponse) implements ImapCommand {
        public Authenticate {
            Objects.requireNonNull(mechanism, "mechanism");
            Objects.requireNonNull(initialResponse, "initialResponse");
        }

        /** Hides the initial response, which carries credentials. */
        @Override
        public String toString() {
            return "Authenticate[tag=" + tag + ", mechanism=" + mechanism
                    + ", initialResponse=" + initialResponse.map(r -> "***") + "]";
        }
    }

    /** {@code LOGIN userid password} (RFC 9051 section 6.2.3). */
    record Login(String tag, String username, String password) implements ImapCommand {
        public Login {
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
        }

        /** Hides the password. */
        @Override
        public String toString() {
            return "Login[tag=" + tag + ", username=" + username + ", password=***]";
        }
    }

    // ---- Authenticated state (RFC 9051 section 6.3) ----

    /** {@code ENABLE capability...} (RFC 5161); capabilities upper case, in the client's order. */
    record Enable(String tag, List<String> capabilities) implements ImapCommand {
        public Enable {
            capabilities = List.copyOf(capabilities);
        }
    }

    /**
     * {@code ID (field value ...)} or {@code ID NIL} (RFC 2971): the client's identification, in
     * its order; a NIL value is empty, and {@code ID NIL} gives an empty map.
     */
    record Id(String tag, Map<String, Optional<String>> parameters) implements ImapCommand {
        public Id {
            parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        }
    }

    /**
     * The SELECT/EXAMINE parameters (RFC 4466 section 2.1).
     *
     * @param condStore {@code (CONDSTORE)} (RFC 7162 section 3.1.8)
     * @param qresync {@code (QRESYNC (...))} (RFC 7162 section 3.2.5), which implies CONDSTORE
     */
    record SelectOptions(boolean condStore, Optional<Qresync> qresync) {
        public static final SelectOptions NONE = new SelectOptions(false, Optional.empty());

        public SelectOptions {
            Objects.requireNonNull(qresync, "qresync");
        }
    }

    /**
     * {@code QRESYNC (uidvalidity modseq [known-uids] [(known-sequence-set known-uid-set)])}
     * (RFC 7162 section 3.2.5).
     */
    record Qresync(long uidValidity, long modSeq, Optional<SequenceSet> knownUids,
                   Optional<SequenceMatch> sequenceMatch) {
        public Qresync {
            Objects.requireNonNull(knownUids, "knownUids");
            Objects.requireNonNull(sequenceMatch, "sequenceMatch");
        }
    }

    /** QRESYNC {@code seq-match-data}: sequence numbers and the UIDs the client knows for them. */
    record SequenceMatch(SequenceSet sequenceNumbers, SequenceSet uids) {
        public SequenceMatch {
            Objects.requireNonNull(sequenceNumbers, "sequenceNumbers");
            Objects.requireNonNull(uids, "uids");
        }
    }

    /** {@code SELECT mailbox [params]} (RFC 9051 section 6.3.2). */
    record Select(String tag, MailboxName mailbox, SelectOptions options) implements ImapCommand {
        public Select {
            Objects.requireNonNull(mailbox, "mailbox");
            Objects.requireNonNull(options, "options");
        }
    }

    /** {@code EXAMINE mailbox [params]} (RFC 9051 section 6.3.3): SELECT, read-only. */
    record Examine(String tag, MailboxName mailbox, SelectOptions options) implements ImapCommand {
        public Examine {
            Objects.requireNonNull(mailbox, "mailbox");
            Objects.requireNonNull(options, "options");
        }
    }

    /**
     * {@code CREATE mailbox [(USE (attr...))]} (RFC 9051 section 6.3.4, CREATE-SPECIAL-USE RFC 6154
     * section 3).
     *
     * @param specialUse the requested special-use attributes, such as {@code \Drafts}, as sent
     */
    record Create(String tag, MailboxName mailbox, List<String> specialUse) implements ImapCommand {
        public Create {
            Objects.requireNonNull(mailbox, "mailbox");
            specialUse = List.copyOf(specialUse);
        }
    }

    /** {@code DELETE mailbox} */
    record Delete(String tag, MailboxName mailbox) implements ImapCommand {
        public Delete {
            Objects.requireNonNull(mailbox, "mailbox");
        }
    }

    /** {@code RENAME existing new} */
    record Rename(String tag, MailboxName from, MailboxName to) implements ImapCommand {
        public Rename {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
        }
    }

    /** {@code SUBSCRIBE mailbox} */
    record Subscribe(String tag, MailboxName mailbox) implements ImapCommand {
        public Subscribe {
            Objects.requireNonNull(mailbox, "mailbox");
        }
    }

    /** {@code UNSUBSCRIBE mailbox} */
    record Unsubscribe(String tag, MailboxName mailbox) implements ImapCommand {
        public Unsubscribe {
            Objects.requireNonNull(mailbox, "mailbox");
        }
    }

    /** LIST selection options (RFC 5258 section 3.1, RFC 6154 section 5.1). */
    enum ListSelectOption { SUBSCRIBED, REMOTE, RECURSIVEMATCH, SPECIAL_USE }

    /** LIST return options (RFC 5258 section 3.2, LIST-STATUS RFC 5819, RFC 6154 section 5.2). */
    enum ListReturnOption { SUBSCRIBED, CHILDREN, SPECIAL_USE, STATUS }

    /** The data items of STATUS and of LIST's RETURN (STATUS (...)). */
    enum StatusItem {
        MESSAGES, RECENT, UIDNEXT, UIDVALIDITY, UNSEEN,
        /** RFC 8438 / RFC 9051. */
        SIZE,
        /** RFC 7162. */
        HIGHESTMODSEQ,
        /** RFC 9051 section 6.3.11. */
        DELETED,
        /** RFC 7889. */
        APPENDLIMIT
    }

    /**
     * {@code LIST [(selection)] reference pattern(s) [RETURN (options)]} (RFC 9051 section 6.3.9,
     * LIST-EXTENDED RFC 5258).
     *
     * @param reference the reference name, decoded, as sent (not INBOX-normalised)
     * @param patterns the mailbox patterns, decoded, {@code %} and {@code *} kept; one for the basic form
     * @param statusItems what RETURN (STATUS (...)) asks for; non-empty exactly when
     *     {@code returnOptions} has {@link ListReturnOption#STATUS}
     */
    record ListMailboxes(String tag, Set<ListSelectOption> selection, String reference, List<String> patterns,
                         Set<ListReturnOption> returnOptions, List<StatusItem> statusItems) implements ImapCommand {
        public ListMailboxes {
            selection = Set.copyOf(selection);
            Objects.requireNonNull(reference, "reference");
            patterns = List.copyOf(patterns);
            returnOptions = Set.copyOf(returnOptions);
            statusItems = List.copyOf(statusItems);
        }

        /** The basic form, {@code LIST reference pattern}. */
        public static ListMailboxes basic(String tag, String reference, String pattern) {
            return new ListMailboxes(tag, Set.of(), reference, List.of(pattern), Set.of(), List.of());
        }
    }

    /** {@code LSUB reference pattern} (RFC 3501 section 6.3.9; not in IMAP4rev2). */
    record Lsub(String tag, String reference, String pattern) implements ImapCommand {
        public Lsub {
            Objects.requireNonNull(reference, "reference");
            Objects.requireNonNull(pattern, "pattern");
        }
    }

    /** {@code NAMESPACE} (RFC 2342, RFC 9051 section 6.3.10). */
    record Namespace(String tag) implements ImapCommand {
    }

    /** {@code STATUS mailbox (items)} (RFC 9051 section 6.3.11); items in the client's order. */
    record Status(String tag, MailboxName mailbox, List<StatusItem> items) implements ImapCommand {
        public Status {
            Objects.requireNonNull(mailbox, "mailbox");
            items = List.copyOf(items);
        }
    }

    /**
     * One message of APPEND.
     *
     * @param flags the flags to set, possibly none
     * @param internalDate the internal date to give it, if the client said
     * @param content the message; not copied, do not modify
     * @param binary sent as literal8 ({@code ~{n}}, RFC 3516): may contain NUL and binary parts
     */
    record AppendMessage(List<Flag> flags, Optional<OffsetDateTime> internalDate, byte[] content, boolean binary) {
        public AppendMessage {
            flags = List.copyOf(flags);
            Objects.requireNonNull(internalDate, "internalDate");
            Objects.requireNonNull(content, "content");
        }

        /** Equal when all components are equal, comparing the content by value. */
        @Override
        public boolean equals(Object o) {
            return o instanceof AppendMessage m && binary == m.binary && flags.equals(m.flags)
                    && internalDate.equals(m.internalDate) && Arrays.equals(content, m.content);
        }

        @Override
        public int hashCode() {
            return Objects.hash(flags, internalDate, Arrays.hashCode(content), binary);
        }

        @Override
        public String toString() {
            return "AppendMessage[flags=" + flags + ", internalDate=" + internalDate + ", content="
                    + Ascii.escape(content, 0, Math.min(content.length, 200))
                    + (content.length > 200 ? "...(" + content.length + " octets)" : "") + ", binary=" + binary + "]";
        }
    }

    /**
     * {@code APPEND mailbox [flags] [date-time] literal} (RFC 9051 section 6.3.12), with several
     * messages for MULTIAPPEND (RFC 3502).
     */
    record Append(String tag, MailboxName mailbox, List<AppendMessage> messages) implements ImapCommand {
        public Append {
            Objects.requireNonNull(mailbox, "mailbox");
            messages = List.copyOf(messages);
        }
    }

    /** {@code IDLE} (RFC 2177, RFC 9051 section 6.3.13). */
    record Idle(String tag) implements ImapCommand {
    }

    // ---- Selected state (RFC 9051 section 6.4) ----

    /** {@code CHECK} (RFC 3501 section 6.4.1; not in IMAP4rev2). */
    record Check(String tag) implements ImapCommand {
    }

    /** {@code CLOSE} */
    record Close(String tag) implements ImapCommand {
    }

    /** {@code UNSELECT} (RFC 3691, RFC 9051 section 6.4.2). */
    record Unselect(String tag) implements ImapCommand {
    }

    /** {@code EXPUNGE} */
    record Expunge(String tag) implements ImapCommand {
    }

    /** {@code UID EXPUNGE uids} (UIDPLUS RFC 4315, RFC 9051 section 6.4.9). */
    record UidExpunge(String tag, SequenceSet uids) implements ImapCommand {
        public UidExpunge {
            Objects.requireNonNull(uids, "uids");
        }
    }

    /** ESEARCH return options (RFC 4731, SEARCHRES RFC 5182). */
    enum SearchReturnOption { MIN, MAX, ALL, COUNT, SAVE }

    /**
     * {@code [UID] SEARCH [RETURN (options)] [CHARSET charset] keys} (RFC 9051 section 6.4.4).
     *
     * @param returnOptions present when the client used RETURN (answer with ESEARCH);
     *     {@code RETURN ()} is given as {@code ALL} (RFC 4731 section 3.1)
     * @param charset the CHARSET, upper case, if given
     * @param criteria the key, or {@link SearchKey.And} of the keys when there are several
     */
    record Search(String tag, Numbering numbering, Optional<Set<SearchReturnOption>> returnOptions,
                  Optional<String> charset, SearchKey criteria) implements ImapCommand {
        public Search {
            Objects.requireNonNull(numbering, "numbering");
            returnOptions = returnOptions.map(Set::copyOf);
            Objects.requireNonNull(charset, "charset");
            Objects.requireNonNull(criteria, "criteria");
        }
    }

    /**
     * {@code [UID] FETCH set items [(modifiers)]} (RFC 9051 section 6.4.5).
     *
     * @param attributes the items, macros expanded, in the client's order
     * @param changedSince {@code CHANGEDSINCE} (RFC 7162 section 3.1.4.1)
     * @param vanished {@code VANISHED} (RFC 7162 section 3.2.6); only with UID FETCH and CHANGEDSINCE
     */
    record Fetch(String tag, Numbering numbering, SequenceSet set, List<FetchAttribute> attributes,
                 OptionalLong changedSince, boolean vanished) implements ImapCommand {
        public Fetch {
            Objects.requireNonNull(numbering, "numbering");
            Objects.requireNonNull(set, "set");
            attributes = List.copyOf(attributes);
            Objects.requireNonNull(changedSince, "changedSince");
        }
    }

    /** What STORE does with the flags: {@code FLAGS}, {@code +FLAGS} or {@code -FLAGS}. */
    enum StoreAction { REPLACE, ADD, REMOVE }

    /**
     * {@code [UID] STORE set [(UNCHANGEDSINCE n)] [+|-]FLAGS[.SILENT] flags} (RFC 9051 section 6.4.6,
     * RFC 7162 section 3.1.3).
     *
     * @param silent {@code .SILENT}: no untagged FETCH with the new flags
     */
    record Store(String tag, Numbering numbering, SequenceSet set, OptionalLong unchangedSince,
                 StoreAction action, boolean silent, List<Flag> flags) implements ImapCommand {
        public Store {
            Objects.requireNonNull(numbering, "numbering");
            Objects.requireNonNull(set, "set");
            Objects.requireNonNull(unchangedSince, "unchangedSince");
            Objects.requireNonNull(action, "action");
            flags = List.copyOf(flags);
        }
    }

    /** {@code [UID] COPY set mailbox} (RFC 9051 section 6.4.7). */
    record Copy(String tag, Numbering numbering, SequenceSet set, MailboxName mailbox) implements ImapCommand {
        public Copy {
            Objects.requireNonNull(numbering, "numbering");
            Objects.requireNonNull(set, "set");
            Objects.requireNonNull(mailbox, "mailbox");
        }
    }

    /** {@code [UID] MOVE set mailbox} (RFC 6851, RFC 9051 section 6.4.8). */
    record Move(String tag, Numbering numbering, SequenceSet set, MailboxName mailbox) implements ImapCommand {
        public Move {
            Objects.requireNonNull(numbering, "numbering");
            Objects.requireNonNull(set, "set");
            Objects.requireNonNull(mailbox, "mailbox");
        }
    }

    /** Sort keys (RFC 5256 section 3, DISPLAYFROM/DISPLAYTO RFC 5957). */
    enum SortKey { ARRIVAL, CC, DATE, FROM, SIZE, SUBJECT, TO, DISPLAYFROM, DISPLAYTO }

    /** One sort criterion; {@code reverse} for {@code REVERSE key}. */
    record SortCriterion(SortKey key, boolean reverse) {
        public SortCriterion {
            Objects.requireNonNull(key, "key");
        }
    }

    /**
     * {@code [UID] SORT [RETURN (options)] (criteria) charset keys} (RFC 5256 section 3, ESORT
     * RFC 5267 section 3).
     */
    record Sort(String tag, Numbering numbering, Optional<Set<SearchReturnOption>> returnOptions,
                List<SortCriterion> criteria, String charset, SearchKey searchKey) implements ImapCommand {
        public Sort {
            Objects.requireNonNull(numbering, "numbering");
            returnOptions = returnOptions.map(Set::copyOf);
            criteria = List.copyOf(criteria);
            Objects.requireNonNull(charset, "charset");
            Objects.requireNonNull(searchKey, "searchKey");
        }
    }

    /** Threading algorithms (RFC 5256 section 3; REFS from RFC 5256's successor drafts, as in Dovecot). */
    enum ThreadAlgorithm { ORDEREDSUBJECT, REFERENCES, REFS }

    /** {@code [UID] THREAD algorithm charset keys} (RFC 5256 section 3). */
    record Thread(String tag, Numbering numbering, ThreadAlgorithm algorithm, String charset, SearchKey searchKey)
            implements ImapCommand {
        public Thread {
            Objects.requireNonNull(numbering, "numbering");
            Objects.requireNonNull(algorithm, "algorithm");
            Objects.requireNonNull(charset, "charset");
            Objects.requireNonNull(searchKey, "searchKey");
        }
    }

    /** {@code GETQUOTA root} (RFC 9208 section 4.2); the root is a name the server gave out, not decoded. */
    record GetQuota(String tag, String root) implements ImapCommand {
        public GetQuota {
            Objects.requireNonNull(root, "root");
        }
    }

    /** {@code GETQUOTAROOT mailbox} (RFC 9208 section 4.3). */
    record GetQuotaRoot(String tag, MailboxName mailbox) implements ImapCommand {
        public GetQuotaRoot {
            Objects.requireNonNull(mailbox, "mailbox");
        }
    }

    /** A command name the parser does not know, upper case; answer {@code BAD}. */
    record Unknown(String tag, String name) implements ImapCommand {
        public Unknown {
            Objects.requireNonNull(name, "name");
        }

        /** {@code tag BAD Unknown command NAME}, the name cut to 30 characters. */
        public ImapResponse response() {
            byte[] octets = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            return ImapResponse.tagged(tag, ImapResponse.Status.BAD,
                    "Unknown command " + Ascii.printable(octets, 0, octets.length, 30));
        }
    }

    /**
     * A command the parser refused, with the reply to send: almost always {@code BAD} with a text
     * saying what is wrong; {@code NO} where the RFCs say so (an unsupported CHARSET gives
     * {@code NO [BADCHARSET]}, RFC 9051 section 6.4.4; a mailbox name that is not valid modified
     * UTF-7 gives {@code NO}, as in Dovecot).
     *
     * @param knownTag the tag, when it could be read
     * @param status BAD or NO
     * @param code a response code for the reply
     * @param text what is wrong, safe to send (client text is cut short and made printable ASCII)
     */
    record Invalid(Optional<String> knownTag, ImapResponse.Status status, Optional<ResponseCode> code, String text)
            implements ImapCommand {
        public Invalid {
            Objects.requireNonNull(knownTag, "knownTag");
            if (status != ImapResponse.Status.BAD && status != ImapResponse.Status.NO) {
                throw new IllegalArgumentException("an invalid command is answered BAD or NO, not " + status);
            }
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(text, "text");
        }

        /** A BAD without response code. */
        public static Invalid bad(Optional<String> tag, String text) {
            return new Invalid(tag, ImapResponse.Status.BAD, Optional.empty(), text);
        }

        @Override
        public String tag() {
            return knownTag.orElse("*");
        }

        /** The reply: tagged, or {@code * BAD} when the tag is unknown. */
        public ImapResponse response() {
            return knownTag.isPresent()
                    ? ImapResponse.tagged(knownTag.get(), status, code, text)
                    : ImapResponse.untagged(ImapResponse.Status.BAD, code, text);
        }
    }
}
