package io.kurir.mime.sort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** A kept SORT order brought up to date gives what sorting the mailbox afresh gives. */
class SortOrderTest {

    private static final List<List<SortCriterion>> CRITERIA = List.of(
            List.of(SortCriterion.reversed(SortKey.DATE)),
            List.of(SortCriterion.ascending(SortKey.SUBJECT), SortCriterion.reversed(SortKey.SIZE)),
            List.of(SortCriterion.ascending(SortKey.FROM)),
            List.of(SortCriterion.reversed(SortKey.ARRIVAL), SortCriterion.ascending(SortKey.CC)));

    /** A mailbox: messages by UID, with few distinct values so that ties are common. */
    private static final class Box {
        final Random random = new Random(7);
        final TreeMap<Long, HeaderFacts> messages = new TreeMap<>();
        long nextUid = 1;

        void add(int n) {
            for (int i = 0; i < n; i++) {
                String date = random.nextInt(10) == 0 ? "not a date"
                        : "Wed, " + (1 + random.nextInt(3)) + " Jan 2025 10:00:00 +0000";
                messages.put(nextUid++, new HeaderFacts(Optional.of(date), Optional.of("Re: topic " + random.nextInt(4)),
                        Optional.of("u" + random.nextInt(3) + "@x.test"), Optional.empty(),
                        random.nextBoolean() ? Optional.empty() : Optional.of("cc" + random.nextInt(2) + "@x.test"),
                        Optional.empty(), Optional.empty(), Optional.empty()));
            }
        }

        void expunge(int n) {
            for (int i = 0; i < n && !messages.isEmpty(); i++) {
                List<Long> uids = new ArrayList<>(messages.keySet());
                messages.remove(uids.get(random.nextInt(uids.size())));
            }
        }

        long[] uids() {
            return messages.keySet().stream().mapToLong(Long::longValue).toArray();
        }

        /**
         * A message's input. In a view, sequence numbers ascend with the UIDs; Sorter's tie-break only compares
         * them, so the UID itself stands in for the sequence number here.
         */
        SortInput input(long uid) {
            return messages.get(uid).input(uid, uid, Instant.ofEpochSecond(1_700_000_000L + uid % 5), 100 + uid % 3);
        }

        List<Long> sortedAfresh(List<SortCriterion> criteria) {
            List<SortInput> all = messages.keySet().stream().map(this::input).toList();
            return Sorter.sort(all, criteria).stream().map(SortInput::uid).toList();
        }
    }

    private static List<Long> uids(SortOrder order) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            out.add(order.uid(i));
        }
        return out;
    }

    @Test
    void keptOrderFollowsAppendsAndExpungesAsAFreshSortWould() {
        for (List<SortCriterion> criteria : CRITERIA) {
            Box box = new Box();
            box.add(200);
            SortOrder order = SortOrder.empty(criteria);
            int added = 0;
            for (int round = 0; round < 30; round++) {
                List<long[]> asked = new ArrayList<>();
                order = order.update(box.uids(), missing -> {
                    asked.add(missing);
                    return LongStream.of(missing).mapToObj(box::input).toList();
                });
                assertEquals(box.sortedAfresh(criteria), uids(order), criteria + ", round " + round);
                int askedFor = asked.stream().mapToInt(m -> m.length).sum();
                if (round > 0) {
                    assertEquals(added, askedFor, "only the new messages' facts are asked for");
                }
                box.expunge(box.random.nextInt(10));
                added = box.random.nextInt(10);
                box.add(added);
            }
        }
    }

    @Test
    void aSubsetOfTheKeptMessagesNeedsNoFacts() {
        Box box = new Box();
        box.add(50);
        List<SortCriterion> criteria = CRITERIA.get(1);
        SortOrder full = SortOrder.empty(criteria).update(box.uids(), m -> LongStream.of(m).mapToObj(box::input).toList());
        assertSame(full, full.update(box.uids(), m -> {
            throw new AssertionError("nothing is new");
        }), "the same messages: the same order");
        long[] odd = LongStream.of(box.uids()).filter(u -> u % 2 == 1).toArray();
        SortOrder subset = full.update(odd, m -> {
            throw new AssertionError("nothing is new");
        });
        List<Long> expected = uids(full).stream().filter(u -> u % 2 == 1).toList();
        assertEquals(expected, uids(subset), "the subset keeps the full order's order");
    }

    @Test
    void refusesWhatIsNotAMailboxView() {
        SortOrder order = SortOrder.empty(CRITERIA.get(0));
        assertThrows(IllegalArgumentException.class, () -> order.update(new long[] {3, 2}, m -> List.of()),
                "UIDs must ascend");
        Box box = new Box();
        box.add(2);
        assertThrows(IllegalArgumentException.class, () -> order.update(box.uids(), m -> List.of(box.input(1))),
                "one input per UID asked");
        assertThrows(IllegalArgumentException.class,
                () -> order.update(box.uids(), m -> List.of(box.input(2), box.input(1))), "the UIDs asked, in order");
        assertThrows(IllegalArgumentException.class, () -> SortOrder.empty(List.of()), "RFC 5256: at least one criterion");
    }

    @Test
    void hundredThousandMessagesResortedAfterOneAppendAskForOne() {
        Box box = new Box();
        box.add(100_000);
        List<SortCriterion> criteria = CRITERIA.get(0);
        SortOrder order = SortOrder.empty(criteria).update(box.uids(), m -> LongStream.of(m).mapToObj(box::input).toList());
        box.add(1);
        Map<String, Integer> asked = new TreeMap<>();
        order = order.update(box.uids(), m -> {
            asked.merge("asked", m.length, Integer::sum);
            return LongStream.of(m).mapToObj(box::input).toList();
        });
        assertEquals(Map.of("asked", 1), asked, "one new message, one set of facts");
        assertEquals(box.sortedAfresh(criteria), uids(order));
        assertEquals(100_001, Arrays.stream(box.uids()).count());
        assertEquals(box.messages.keySet().stream().sorted().collect(Collectors.toList()),
                uids(order).stream().sorted().toList(), "every message once");
    }
}
