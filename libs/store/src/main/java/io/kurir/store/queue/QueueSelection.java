package io.kurir.store.queue;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Which messages an administrative operation applies to: listed queue ids ({@code postsuper -d ID}),
 * or {@code ALL}, optionally only those of one queue ({@code postsuper -d ALL deferred}).
 */
public sealed interface QueueSelection {

    /** These queue ids; ids that are not queued are skipped. */
    record Ids(List<String> ids) implements QueueSelection {
        public Ids {
            ids = List.copyOf(ids);
        }
    }

    /** Every message, or every message of one queue. */
    record All(Optional<QueueName> queue) implements QueueSelection {
    }

    static QueueSelection ids(Collection<String> ids) {
        return new Ids(List.copyOf(ids));
    }

    static QueueSelection all() {
        return new All(Optional.empty());
    }

    static QueueSelection all(QueueName queue) {
        return new All(Optional.of(queue));
    }
}
