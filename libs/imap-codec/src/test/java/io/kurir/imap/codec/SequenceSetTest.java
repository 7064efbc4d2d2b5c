package io.kurir.imap.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kurir.imap.codec.SequenceSet.Range;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Sequence sets (RFC 9051 section 9): ranges in either order, *, and $ (RFC 5182). */
class SequenceSetTest {

    private static SequenceSet set(String text) {
        return SequenceSet.parse(text).orElseThrow();
    }

    @Test
    void rangesAreOrderedWhicheverWayTheyAreWritten() {
        assertEquals(SequenceSet.Ranges.of(new Range(2, 4)), set("4:2"));
        assertEquals(SequenceSet.Ranges.of(new Range(4, SequenceSet.LARGEST)), set("*:4"));
        assertEquals(set("4:*"), set("*:4"));
        assertEquals("1:4,7,9:*", set("1:4,7,*:9").toString());
        assertEquals("*", set("*").toString());
        assertEquals("$", set("$").toString());
    }

    @Test
    void containsResolvesStar() {
        SequenceSet s = set("2:4,10:*");
        assertTrue(s.contains(3, 20));
        assertFalse(s.contains(5, 20));
        assertTrue(s.contains(15, 20));
        // "10:*" in a mailbox of 7 messages is "7:10" (RFC 9051 section 9, seq-range).
        assertTrue(s.contains(7, 7));
        assertFalse(s.contains(6, 7));
        assertTrue(set("*").contains(20, 20));
        assertFalse(set("*").contains(19, 20));
        assertThrows(IllegalStateException.class, () -> set("$").contains(1, 5));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0", "01", "1:", ":1", "1,,2", "1:2:3", "a", "1 2", "$,1", "4294967296", "-1", "1.5", "$$"})
    void invalidSets(String text) {
        assertEquals(Optional.empty(), SequenceSet.parse(text), "\"" + text + "\"");
    }

    @Test
    void largestNumber() {
        assertEquals(SequenceSet.Ranges.of(Range.of(4_294_967_295L)), set("4294967295"));
        assertThrows(IllegalArgumentException.class, () -> new Range(0, 5));
        assertThrows(IllegalArgumentException.class, () -> new Range(1, 4_294_967_296L));
    }
}
