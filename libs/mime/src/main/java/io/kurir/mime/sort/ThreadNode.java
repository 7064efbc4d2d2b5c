package io.kurir.mime.sort;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One node of a THREAD result: a message, or a dummy standing for a message that is referenced but not among the
 * searched ones (RFC 5256 §3, REFERENCES step 1). Children are in THREAD order. Trees can be as deep as reply chains
 * are long; {@link ThreadResponse} walks them without recursion, {@code equals}/{@code toString} recurse.
 *
 * @param message the message; empty for a dummy
 */
public record ThreadNode(Optional<SortInput> message, List<ThreadNode> children) {

    public ThreadNode {
        Objects.requireNonNull(message, "message");
        children = List.copyOf(children);
    }

    public boolean isDummy() {
        return message.isEmpty();
    }
}
