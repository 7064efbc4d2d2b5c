package io.kurir.mime.sort;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * THREAD=REFERENCES, the steps of RFC 5256 §3 (REFERENCES) one by one, and REFS, which skips the subject grouping
 * of step 5 and orders threads by their most recent message. Traversals use explicit stacks, so long reply chains
 * cannot overflow the call stack.
 */
final class ReferencesThreader {

    /** Step 1: Message-ID to container; ids are case-sensitive. */
    private final Map<String, Container> idTable = new HashMap<>();
    /** Every container, including those of messages given a unique id (which no reference can reach). */
    private final List<Container> containers = new ArrayList<>();

    private ReferencesThreader() {
    }

    static List<ThreadNode> thread(Collection<SortInput> messages, boolean groupBySubject) {
        ReferencesThreader threader = new ReferencesThreader();
        messages.stream()
                .sorted(Comparator.comparingLong(SortInput::sequence))
                .map(MessageFacts::of)
                .forEach(threader::link);
        Container root = threader.root();
        prune(root);
        sortSiblings(root, byRepresentative());
        if (groupBySubject) {
            groupBySubject(root);
            sortSiblings(root, byRepresentative());
        } else {
            root.sortChildren(byLatestMessage(root));
        }
        return nodes(root);
    }

    /** Step 1: the message's container, linked to its references. */
    private void link(MessageFacts facts) {
        Container self = own(facts);
        List<Container> refs = references(facts.input()).stream().map(this::container).toList();
        // 1.A: each reference the parent of the next, unless the child has a parent or a loop would form
        for (int i = 0; i + 1 < refs.size(); i++) {
            Container parent = refs.get(i);
            Container child = refs.get(i + 1);
            if (child.parent().isEmpty() && !child.isAncestorOrSelfOf(parent)) {
                parent.adopt(child);
            }
        }
        // 1.B: the last reference is the parent, replacing any parent from a (truncated) earlier References
        self.detach();
        if (!refs.isEmpty() && !self.isAncestorOrSelfOf(refs.get(refs.size() - 1))) {
            refs.get(refs.size() - 1).adopt(self);
        }
    }

    /**
     * The container for the message itself. Without a valid Message-ID, or with one an earlier (lower sequence
     * number) message already has, it gets a unique id: a container outside the id table.
     */
    private Container own(MessageFacts facts) {
        Optional<String> id = facts.input().messageId().flatMap(MessageIds::first);
        Optional<Container> known = id.map(idTable::get);
        if (id.isPresent() && known.isPresent() && known.get().isDummy()) {
            known.get().fill(facts);
            return known.get();
        }
        Container fresh = new Container(Optional.of(facts));
        containers.add(fresh);
        if (id.isPresent() && known.isEmpty()) {
            idTable.put(id.get(), fresh);
        }
        return fresh;
    }

    /** The container for a referenced id, a new dummy when no message (yet) has it. */
    private Container container(String id) {
        return idTable.computeIfAbsent(id, unseen -> {
            Container dummy = Container.dummy();
            containers.add(dummy);
            return dummy;
        });
    }

    /** The valid ids in References; when there are none, the first valid id in In-Reply-To. */
    private static List<String> references(SortInput input) {
        List<String> references = input.references().map(MessageIds::all).orElse(List.of());
        if (!references.isEmpty()) {
            return references;
        }
        return input.inReplyTo().flatMap(MessageIds::first).map(List::of).orElse(List.of());
    }

    /** Step 2: every container without a parent becomes a child of a dummy root. */
    private Container root() {
        Container root = Container.dummy();
        List<Container> heads = containers.stream().filter(c -> c.parent().isEmpty()).toList();
        root.replaceChildren(heads);
        return root;
    }

    /**
     * Step 3: a dummy without children is deleted; a dummy with children is replaced by them, except that the
     * children of a dummy directly under the root are promoted only when there is just one.
     */
    private static void prune(Container root) {
        for (Container c : root.bottomUp()) {
            List<Container> kept = new ArrayList<>();
            for (Container child : c.children()) {
                if (!child.isDummy()) {
                    kept.add(child);
                } else if (c != root || child.children().size() == 1) {
                    kept.addAll(child.children());
                } else if (!child.children().isEmpty()) {
                    kept.add(child);
                }
            }
            c.replaceChildren(kept);
        }
    }

    /**
     * Steps 4 and 6: every set of siblings by sent date (then sequence number), children before parents, so that a
     * dummy sorts by its first child.
     */
    private static void sortSiblings(Container root, Comparator<Container> order) {
        for (Container c : root.bottomUp()) {
            c.sortChildren(order);
        }
    }

    private static Comparator<Container> byRepresentative() {
        return Comparator.comparing(Container::representative, MessageFacts.BY_SENT_DATE);
    }

    /** REFS: threads by the sent date of their most recent message, then by that message's sequence number. */
    private static Comparator<Container> byLatestMessage(Container root) {
        Map<Container, MessageFacts> latest = new IdentityHashMap<>();
        for (Container thread : root.children()) {
            MessageFacts newest = thread.representative();
            for (Container c : thread.bottomUp()) {
                if (c.message().isPresent() && MessageFacts.BY_SENT_DATE.compare(c.message().get(), newest) > 0) {
                    newest = c.message().get();
                }
            }
            latest.put(thread, newest);
        }
        return Comparator.comparing(latest::get, MessageFacts.BY_SENT_DATE);
    }

    /** Step 5: threads whose (first) messages have the same non-empty base subject are merged. */
    private static void groupBySubject(Container root) {
        List<Container> heads = root.releaseChildren();
        Map<String, Container> subjects = new HashMap<>();
        for (Container head : heads) { // 5.B
            MessageFacts facts = head.representative();
            if (facts.subject().text().isEmpty()) {
                continue;
            }
            // replace a table entry that is not a dummy when this one is a dummy, or when the entry is a reply
            // or forward and this one is not; so a subject's entry is a dummy whenever one of its heads is
            boolean replaces = Optional.ofNullable(subjects.get(facts.subjectKey()))
                    .map(old -> !old.isDummy() && (head.isDummy() || (isReply(old) && !isReply(head))))
                    .orElse(true);
            if (replaces) {
                subjects.put(facts.subjectKey(), head);
            }
        }
        List<Container> survivors = new ArrayList<>(heads);
        for (Container head : heads) { // 5.C
            MessageFacts facts = head.representative();
            if (head.parent().isPresent() || facts.subject().text().isEmpty()) {
                continue; // already merged below another head, or no subject to group by
            }
            Container table = subjects.get(facts.subjectKey());
            if (table != head) {
                merge(table, head, survivors).ifPresent(merged -> subjects.put(facts.subjectKey(), merged));
            }
        }
        root.replaceChildren(survivors.stream()
                .filter(c -> c.parent().isEmpty() && (!c.isDummy() || !c.children().isEmpty()))
                .toList());
    }

    /**
     * One rule of step 5.C, in the RFC's order; returns the container that now heads the subject, when that
     * changed. (After 5.B the entry is a dummy whenever {@code head} is one, so "head dummy, entry not" cannot
     * reach the last rule.)
     */
    private static Optional<Container> merge(Container table, Container head, List<Container> survivors) {
        if (table.isDummy() && head.isDummy()) {
            head.releaseChildren().forEach(table::adopt);
        } else if (table.isDummy()) {
            table.adopt(head);
        } else if (isReply(head) && !isReply(table)) {
            table.adopt(head);
        } else {
            Container dummy = Container.dummy();
            dummy.adopt(table);
            dummy.adopt(head);
            survivors.add(dummy);
            return Optional.of(dummy);
        }
        return Optional.empty();
    }

    private static boolean isReply(Container c) {
        return c.representative().subject().replyOrForward();
    }

    /** The tree as immutable nodes, built bottom-up without recursion. */
    private static List<ThreadNode> nodes(Container root) {
        Map<Container, ThreadNode> built = new IdentityHashMap<>();
        for (Container c : root.bottomUp()) {
            List<ThreadNode> children = c.children().stream().map(built::get).toList();
            built.put(c, new ThreadNode(c.message().map(MessageFacts::input), children));
        }
        return built.get(root).children();
    }
}
