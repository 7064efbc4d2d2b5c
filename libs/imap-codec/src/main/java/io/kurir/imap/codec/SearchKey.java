package io.kurir.imap.codec;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A search criterion of SEARCH, SORT and THREAD (RFC 9051 section 6.4.4, RFC 3501 section 6.4.4).
 * The flag keys become {@link HasFlag} / {@link LacksFlag} (ANSWERED is {@code HasFlag(\Answered)},
 * UNSEEN is {@code LacksFlag(\Seen)}, KEYWORD k is {@code HasFlag(k)}), {@code NEW} becomes
 * {@code And(HasFlag(\Recent), LacksFlag(\Seen))} and {@code OLD} {@code LacksFlag(\Recent)}, as
 * RFC 3501 defines them. String values are decoded with the command's CHARSET.
 */
public sealed interface SearchKey {

    /** {@code ALL} */
    record All() implements SearchKey {
    }

    /** Messages with the flag set. */
    record HasFlag(Flag flag) implements SearchKey {
        public HasFlag {
            Objects.requireNonNull(flag, "flag");
        }
    }

    /** Messages without the flag. */
    record LacksFlag(Flag flag) implements SearchKey {
        public LacksFlag {
            Objects.requireNonNull(flag, "flag");
        }
    }

    /** The keys that search for a substring in a part of the message. */
    enum TextField { BCC, BODY, CC, FROM, SUBJECT, TEXT, TO }

    /** {@code BCC / BODY / CC / FROM / SUBJECT / TEXT / TO string}. */
    record Contains(TextField field, String value) implements SearchKey {
        public Contains {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(value, "value");
        }
    }

    /** {@code HEADER field-name string}; an empty value matches every message with the field. */
    record Header(String field, String value) implements SearchKey {
        public Header {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(value, "value");
        }
    }

    /** Which date a date key compares: the internal date or the Date: header. */
    enum DateField { INTERNAL, SENT }

    /** How a date key compares, disregarding time and timezone. */
    enum DateComparison { BEFORE, ON, SINCE }

    /** {@code BEFORE / ON / SINCE / SENTBEFORE / SENTON / SENTSINCE date}. */
    record Dated(DateField field, DateComparison comparison, LocalDate date) implements SearchKey {
        public Dated {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(comparison, "comparison");
            Objects.requireNonNull(date, "date");
        }
    }

    /** {@code LARGER n}: RFC822.SIZE above n. */
    record Larger(long size) implements SearchKey {
    }

    /** {@code SMALLER n}: RFC822.SIZE below n. */
    record Smaller(long size) implements SearchKey {
    }

    /** {@code OLDER n}: internal date more than n seconds ago (RFC 5032). */
    record Older(long seconds) implements SearchKey {
    }

    /** {@code YOUNGER n}: internal date at most n seconds ago (RFC 5032). */
    record Younger(long seconds) implements SearchKey {
    }

    /** {@code NOT key} */
    record Not(SearchKey key) implements SearchKey {
        public Not {
            Objects.requireNonNull(key, "key");
        }
    }

    /** {@code OR key1 key2} */
    record Or(SearchKey left, SearchKey right) implements SearchKey {
        public Or {
            Objects.requireNonNull(left, "left");
            Objects.requireNonNull(right, "right");
        }
    }

    /** All keys match: a parenthesised list, or the keys of a command. */
    record And(List<SearchKey> keys) implements SearchKey {
        public And {
            keys = List.copyOf(keys);
        }

        public static And of(SearchKey... keys) {
            return new And(List.of(keys));
        }
    }

    /** A bare sequence set: these message sequence numbers. */
    record Sequence(SequenceSet set) implements SearchKey {
        public Sequence {
            Objects.requireNonNull(set, "set");
        }
    }

    /** {@code UID sequence-set} */
    record Uid(SequenceSet set) implements SearchKey {
        public Uid {
            Objects.requireNonNull(set, "set");
        }
    }

    /** RFC 7162 {@code entry-type-req}. */
    enum EntryType { PRIV, SHARED, ALL }

    /** The optional metadata entry of a MODSEQ key: {@code "/flags/\Seen" all}. */
    record ModSeqEntry(Flag flag, EntryType type) {
        public ModSeqEntry {
            Objects.requireNonNull(flag, "flag");
            Objects.requireNonNull(type, "type");
        }
    }

    /** {@code MODSEQ [entry] n}: mod-sequence at least n (RFC 7162 section 3.1.5). */
    record ModSeq(long modSeq, Optional<ModSeqEntry> entry) implements SearchKey {
        public ModSeq {
            Objects.requireNonNull(entry, "entry");
        }
    }
}
