package io.kurir.mime.sort;

import java.util.Collection;
import java.util.List;

/**
 * IMAP THREAD (RFC 5256 §3): arranges the searched messages into threads with the chosen algorithm. Render the
 * result with {@link ThreadResponse#render}. Header values are read leniently and never cause an exception.
 */
public final class Threader {

    private Threader() {
    }

    /** The threads, in THREAD order; only the given messages appear (plus dummies for REFERENCES and REFS). */
    public static List<ThreadNode> thread(ThreadAlgorithm algorithm, Collection<SortInput> messages) {
        return switch (algorithm) {
            case ORDEREDSUBJECT -> OrderedSubjectThreader.thread(messages);
            case REFERENCES -> ReferencesThreader.thread(messages, true);
            case REFS -> ReferencesThreader.thread(messages, false);
        };
    }
}
