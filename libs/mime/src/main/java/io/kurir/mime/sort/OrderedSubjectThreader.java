package io.kurir.mime.sort;

import io.kurir.mime.UnicodeCasemap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * THREAD=ORDEREDSUBJECT (RFC 5256 §3): messages sorted by base subject, then sent date; each run of equal base
 * subjects is a thread whose first message is the parent of all the others; threads sorted by the sent date of
 * their first message. Ties in sent date go to the lower sequence number.
 */
final class OrderedSubjectThreader {

    private OrderedSubjectThreader() {
    }

    static List<ThreadNode> thread(Collection<SortInput> messages) {
        List<MessageFacts> sorted = new ArrayList<>(messages.stream().map(MessageFacts::of).toList());
        sorted.sort(Comparator.comparing(MessageFacts::subjectKey, UnicodeCasemap::compareFolded)
                .thenComparing(MessageFacts.BY_SENT_DATE));
        List<List<MessageFacts>> threads = new ArrayList<>();
        for (MessageFacts facts : sorted) {
            List<MessageFacts> last = threads.isEmpty() ? List.of() : threads.get(threads.size() - 1);
            if (!last.isEmpty() && last.get(0).subjectKey().equals(facts.subjectKey())) {
                last.add(facts);
            } else {
                threads.add(new ArrayList<>(List.of(facts)));
            }
        }
        threads.sort(Comparator.comparing(thread -> thread.get(0), MessageFacts.BY_SENT_DATE));
        return threads.stream().map(OrderedSubjectThreader::node).toList();
    }

    private static ThreadNode node(List<MessageFacts> thread) {
        List<ThreadNode> children = thread.subList(1, thread.size()).stream()
                .map(facts -> new ThreadNode(Optional.of(facts.input()), List.of()))
                .toList();
        return new ThreadNode(Optional.of(thread.get(0).input()), children);
    }
}
