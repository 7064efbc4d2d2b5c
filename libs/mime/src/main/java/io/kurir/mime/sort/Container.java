package io.kurir.mime.sort;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * A mutable node of the REFERENCES thread tree (RFC 5256 §3, REFERENCES): a message, or a dummy for a Message-ID
 * that is only referenced. Parent and child links are changed together so they always agree (step 1 NOTE).
 */
final class Container {

    private Optional<MessageFacts> message;
    private Optional<Container> parent = Optional.empty();
    private final List<Container> children = new ArrayList<>();

    Container(Optional<MessageFacts> message) {
        this.message = message;
    }

    static Container dummy() {
        return new Container(Optional.empty());
    }

    Optional<MessageFacts> message() {
        return message;
    }

    /** Fills a dummy created from a reference with the message that has its Message-ID. */
    void fill(MessageFacts facts) {
        message = Optional.of(facts);
    }

    boolean isDummy() {
        return message.isEmpty();
    }

    Optional<Container> parent() {
        return parent;
    }

    List<Container> children() {
        return Collections.unmodifiableList(children);
    }

    /** The message that stands for this one when sorting and grouping: itself, or a dummy's first child's. */
    MessageFacts representative() {
        Container c = this;
        while (c.message.isEmpty()) {
            c = c.children.get(0);
        }
        return c.message.get();
    }

    /** Makes {@code child} the last child of this container, leaving its old parent first. */
    void adopt(Container child) {
        child.detach();
        child.parent = Optional.of(this);
        children.add(child);
    }

    void detach() {
        parent.ifPresent(p -> p.children.remove(this));
        parent = Optional.empty();
    }

    /** Whether linking this container under {@code newParent} would make a loop: it is that one or an ancestor. */
    boolean isAncestorOrSelfOf(Container newParent) {
        if (children.isEmpty()) {
            return newParent == this; // the common case, a new message: no walk up a long reply chain
        }
        for (Optional<Container> c = Optional.of(newParent); c.isPresent(); c = c.get().parent) {
            if (c.get() == this) {
                return true;
            }
        }
        return false;
    }

    /** Replaces the children without touching the old children's parent links (used by bulk rewiring). */
    void replaceChildren(List<Container> replacement) {
        children.clear();
        children.addAll(replacement);
        for (Container child : replacement) {
            child.parent = Optional.of(this);
        }
    }

    /** Empties this container, leaving its former children (returned) without a parent. */
    List<Container> releaseChildren() {
        List<Container> released = List.copyOf(children);
        children.clear();
        released.forEach(child -> child.parent = Optional.empty());
        return released;
    }

    void sortChildren(Comparator<Container> order) {
        children.sort(order);
    }

    /** This container and everything below it, every node after all of its descendants. No recursion. */
    List<Container> bottomUp() {
        List<Container> order = new ArrayList<>();
        Deque<Container> stack = new ArrayDeque<>();
        stack.push(this);
        while (!stack.isEmpty()) {
            Container c = stack.pop();
            order.add(c);
            c.children.forEach(stack::push);
        }
        Collections.reverse(order);
        return order;
    }
}
