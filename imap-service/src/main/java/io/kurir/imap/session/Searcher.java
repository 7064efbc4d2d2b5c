package io.kurir.imap.session;

import io.kurir.imap.codec.Flag;
import io.kurir.imap.codec.SearchKey;
import io.kurir.mime.HeaderField;
import io.kurir.mime.MimeMessage;
import io.kurir.store.MailboxStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * SEARCH criteria (RFC 3501 6.4.4) evaluated against one message. Text keys compare case-insensitively
 * as substrings; the message is read and parsed only when a key needs its content.
 */
final class Searcher {

    /** One message with its numbers, its content loaded on demand. */
    static final class Candidate {
        final int seq;
        final MailboxStore.Message message;
        final boolean recent;
        private final Function<MailboxStore.Message, Optional<byte[]>> loader;
        private MimeMessage parsed;
        private byte[] raw;

        /** The header facts SORT keeps (From, To, Cc, Subject, Date), when the session has them. */
        private final Optional<io.kurir.mime.sort.SortInput> facts;

        Candidate(int seq, MailboxStore.Message message, boolean recent, Function<MailboxStore.Message, Optional<byte[]>> loader) {
            this(seq, message, recent, loader, Optional.empty());
        }

        Candidate(int seq, MailboxStore.Message message, boolean recent, Function<MailboxStore.Message, Optional<byte[]>> loader,
                Optional<io.kurir.mime.sort.SortInput> facts) {
            this.seq = seq;
            this.message = message;
            this.recent = recent;
            this.loader = loader;
            this.facts = facts;
        }

        byte[] raw() {
            if (raw == null) {
                raw = loader.apply(message).orElse(new byte[0]);
            }
            return raw;
        }

        MimeMessage mime() {
            if (parsed == null) {
                parsed = MimeMessage.parse(raw());
            }
            return parsed;
        }
    }

    private final long largestSeq;
    private final long largestUid;
    /** The UIDs {@code $} names (RFC 5182): the saved result, as a sequence set or a UID set alike. */
    private final java.util.Set<Long> saved;
    private final Clock clock;

    Searcher(long largestSeq, long largestUid, java.util.Set<Long> saved, Clock clock) {
        this.largestSeq = largestSeq;
        this.largestUid = largestUid;
        this.saved = saved;
        this.clock = clock;
    }

    /** What of a message the criteria look at, so the session reads no more than that. */
    enum Needs {
        NOTHING,
        /** Only From, To, Cc, Subject or Date: the header facts SORT keeps, shared by all sessions. */
        FACTS,
        HEADER,
        WHOLE
    }

    static Needs needs(SearchKey key) {
        if (key instanceof SearchKey.Contains t) {
            return switch (t.field()) {
                case BODY, TEXT -> Needs.WHOLE;
                case BCC -> Needs.HEADER;
                case FROM, TO, CC, SUBJECT -> Needs.FACTS;
            };
        }
        if (key instanceof SearchKey.Header) {
            return Needs.HEADER;
        }
        if (key instanceof SearchKey.Dated d) {
            return d.field() == SearchKey.DateField.SENT ? Needs.FACTS : Needs.NOTHING;
        }
        if (key instanceof SearchKey.Not n) {
            return needs(n.key());
        }
        if (key instanceof SearchKey.Or o) {
            Needs l = needs(o.left());
            Needs r = needs(o.right());
            return l.compareTo(r) >= 0 ? l : r;
        }
        if (key instanceof SearchKey.And a) {
            return a.keys().stream().map(Searcher::needs).max(Enum::compareTo).orElse(Needs.NOTHING);
        }
        return Needs.NOTHING;
    }

    /** Whether the criteria contain MODSEQ (RFC 7162 3.1.5: the answer then carries the highest mod-sequence). */
    static boolean usesModseq(SearchKey key) {
        if (key instanceof SearchKey.ModSeq) {
            return true;
        }
        if (key instanceof SearchKey.Not n) {
            return usesModseq(n.key());
        }
        if (key instanceof SearchKey.Or o) {
            return usesModseq(o.left()) || usesModseq(o.right());
        }
        if (key instanceof SearchKey.And a) {
            return a.keys().stream().anyMatch(Searcher::usesModseq);
        }
        return false;
    }

    /** Keys of extensions this server does not offer (OLDER/YOUNGER: WITHIN). */
    static void checkSupported(SearchKey key) {
        if (key instanceof SearchKey.Older || key instanceof SearchKey.Younger) {
            throw new ImapSession.Unsupported("SEARCH " + key.getClass().getSimpleName().toUpperCase(Locale.ROOT)
                    + " is not supported");
        }
        if (key instanceof SearchKey.Not n) {
            checkSupported(n.key());
        } else if (key instanceof SearchKey.Or o) {
            checkSupported(o.left());
            checkSupported(o.right());
        } else if (key instanceof SearchKey.And a) {
            a.keys().forEach(Searcher::checkSupported);
        }
    }

    boolean matches(SearchKey key, Candidate c) {
        if (key instanceof SearchKey.All) {
            return true;
        }
        if (key instanceof SearchKey.HasFlag f) {
            return f.flag().equals(Flag.RECENT) ? c.recent : Flags.has(c.message.flags(), f.flag().name());
        }
        if (key instanceof SearchKey.LacksFlag f) {
            return f.flag().equals(Flag.RECENT) ? !c.recent : !Flags.has(c.message.flags(), f.flag().name());
        }
        if (key instanceof SearchKey.Not n) {
            return !matches(n.key(), c);
        }
        if (key instanceof SearchKey.Or o) {
            return matches(o.left(), c) || matches(o.right(), c);
        }
        if (key instanceof SearchKey.And a) {
            return a.keys().stream().allMatch(k -> matches(k, c));
        }
        if (key instanceof SearchKey.Sequence s) {
            return s.set() instanceof io.kurir.imap.codec.SequenceSet.Saved ? saved.contains(c.message.uid())
                    : s.set().contains(c.seq, largestSeq);
        }
        if (key instanceof SearchKey.Uid u) {
            return u.set() instanceof io.kurir.imap.codec.SequenceSet.Saved ? saved.contains(c.message.uid())
                    : u.set().contains(c.message.uid(), largestUid);
        }
        if (key instanceof SearchKey.Larger l) {
            return c.message.size() > l.size();
        }
        if (key instanceof SearchKey.Smaller s) {
            return c.message.size() < s.size();
        }
        if (key instanceof SearchKey.Older o) {
            return c.message.internalDate().isBefore(clock.instant().minusSeconds(o.seconds()));
        }
        if (key instanceof SearchKey.Younger y) {
            return !c.message.internalDate().isBefore(clock.instant().minusSeconds(y.seconds()));
        }
        if (key instanceof SearchKey.Dated d) {
            Optional<LocalDate> date = d.field() == SearchKey.DateField.INTERNAL
                    ? Optional.of(c.message.internalDate().atZone(ZoneOffset.UTC).toLocalDate())
                    : sentDate(c);
            if (date.isEmpty()) {
                return false;
            }
            return switch (d.comparison()) {
                case BEFORE -> date.get().isBefore(d.date());
                case ON -> date.get().isEqual(d.date());
                case SINCE -> !date.get().isBefore(d.date());
            };
        }
        if (key instanceof SearchKey.Header h) {
            return header(c, h.field()).map(v -> h.value().isEmpty() || contains(v, h.value())).orElse(false);
        }
        if (key instanceof SearchKey.Contains t) {
            return switch (t.field()) {
                case BCC, CC, FROM, SUBJECT, TO -> header(c, t.field().name()).map(v -> contains(v, t.value())).orElse(false);
                case BODY -> contains(body(c), t.value());
                case TEXT -> contains(new String(c.raw(), StandardCharsets.UTF_8), t.value());
            };
        }
        if (key instanceof SearchKey.ModSeq m) {
            // RFC 7162 3.1.5: messages whose mod-sequence is at least the value; one mod-sequence per
            // message here, so the entry name and type (per-flag metadata) narrow nothing
            return c.message.modseq() >= m.modSeq();
        }
        return false;
    }

    /** RFC 3501 6.4.4: a case-insensitive substring; compared as i;unicode-casemap (RFC 5051), as Dovecot does. */
    private static boolean contains(String haystack, String needle) {
        return io.kurir.mime.UnicodeCasemap.contains(haystack, needle);
    }

    /** All values of a header field, joined: {@code HEADER Received x} looks at every Received. */
    private static Optional<String> header(Candidate c, String name) {
        if (c.facts.isPresent()) {
            io.kurir.mime.sort.SortInput f = c.facts.get();
            Optional<String> value = switch (name.toUpperCase(Locale.ROOT)) {
                case "FROM" -> f.from();
                case "TO" -> f.to();
                case "CC" -> f.cc();
                case "SUBJECT" -> f.subject();
                case "DATE" -> f.date();
                default -> throw new IllegalStateException("not a header fact: " + name);
            };
            return value.map(io.kurir.mime.EncodedWords::decodeHeader);
        }
        StringBuilder sb = new StringBuilder();
        boolean found = false;
        for (HeaderField f : c.mime().root().header().fields()) {
            if (f.name().equalsIgnoreCase(name)) {
                found = true;
                // RFC 2047 words decoded and raw UTF-8 read as such, so SUBJECT "Über" finds =?UTF-8?Q?=C3=9Cber?=
                sb.append(io.kurir.mime.EncodedWords.decodeHeader(f.value())).append('\n');
            }
        }
        return found ? Optional.of(sb.toString()) : Optional.empty();
    }

    private static String body(Candidate c) {
        byte[] raw = c.raw();
        int start = c.mime().root().bodyOffset();
        return new String(raw, Math.min(start, raw.length), Math.max(0, raw.length - start), StandardCharsets.UTF_8);
    }

    private static Optional<LocalDate> sentDate(Candidate c) {
        // RFC 3501 SENTBEFORE/SENTON/SENTSINCE: the date as written, obsolete RFC 5322 forms included
        return header(c, "Date").flatMap(io.kurir.mime.SentDate::parse).map(io.kurir.mime.SentDate::date);
    }
}
