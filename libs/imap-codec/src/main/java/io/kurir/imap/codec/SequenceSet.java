package io.kurir.imap.codec;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A set of message sequence numbers or UIDs (RFC 9051 section 9, {@code sequence-set}), or
 * {@code $}, the result saved by the last {@code SEARCH RETURN (SAVE)} (RFC 5182).
 */
public sealed interface SequenceSet {

    /**
     * How {@code *} is stored: above every real number, so that {@code *:4} and {@code 4:*} are the
     * same range, as RFC 9051 section 9 says. {@link Range#contains} resolves it.
     */
    long LARGEST = Long.MAX_VALUE;

    /** The largest message number or UID (RFC 9051 section 9, {@code nz-number} is 32 bits). */
    long MAX_NUMBER = 4_294_967_295L;

    /**
     * Whether message number {@code n} is in the set, when {@code largest} is the number of the
     * last message (or the largest UID) in the mailbox.
     *
     * @throws IllegalStateException for {@link Saved}, which only the session can resolve
     */
    boolean contains(long n, long largest);

    /** A set of ranges, in the client's order, possibly overlapping. */
    record Ranges(List<Range> ranges) implements SequenceSet {
        public Ranges {
            ranges = List.copyOf(ranges);
            if (ranges.isEmpty()) {
                throw new IllegalArgumentException("empty sequence set");
            }
        }

        /** A set of the given ranges. */
        public static Ranges of(Range... ranges) {
            return new Ranges(List.of(ranges));
        }

        @Override
        public boolean contains(long n, long largest) {
            for (Range range : ranges) {
                if (range.contains(n, largest)) {
                    return true;
                }
            }
            return false;
        }

        /** The wire form, e.g. {@code 1:4,7,9:*}. */
        @Override
        public String toString() {
            return ranges.stream().map(Range::toString).collect(Collectors.joining(","));
        }
    }

    /**
     * {@code first:last}, a single number when both are equal. The constructor orders the ends,
     * so {@code 4:2} is {@code 2:4} (RFC 9051 section 9: "the range of numbers between and
     * including the two").
     */
    record Range(long first, long last) {
        public Range {
            long low = Math.min(first, last);
            long high = Math.max(first, last);
            if (low < 1 || (high > MAX_NUMBER && high != LARGEST)) {
                throw new IllegalArgumentException("not a message number range: " + first + ":" + last);
            }
            first = low;
            last = high;
        }

        /** A single number. */
        public static Range of(long n) {
            return new Range(n, n);
        }

        /** Whether {@code n} is in the range, with {@code *} standing for {@code largest}. */
        public boolean contains(long n, long largest) {
            long a = first == LARGEST ? largest : first;
            long b = last == LARGEST ? largest : last;
            return Math.min(a, b) <= n && n <= Math.max(a, b);
        }

        @Override
        public String toString() {
            String a = first == LARGEST ? "*" : Long.toString(first);
            String b = last == LARGEST ? "*" : Long.toString(last);
            return first == last ? a : a + ":" + b;
        }
    }

    /** {@code $}: the saved search result (RFC 5182 section 2.1). */
    record Saved() implements SequenceSet {
        @Override
        public boolean contains(long n, long largest) {
            throw new IllegalStateException("$ is resolved by the session, from its saved search result");
        }

        @Override
        public String toString() {
            return "$";
        }
    }

    /** Parses a sequence set such as {@code 1:4,7,*} or {@code $}; empty when it is not one. */
    static Optional<SequenceSet> parse(String text) {
        Objects.requireNonNull(text, "text");
        ImapReader reader = new ImapReader(text.getBytes(StandardCharsets.ISO_8859_1));
        try {
            SequenceSet set = reader.sequenceSet("sequence set");
            reader.end();
            return Optional.of(set);
        } catch (ImapSyntaxException e) {
            return Optional.empty();
        }
    }
}
