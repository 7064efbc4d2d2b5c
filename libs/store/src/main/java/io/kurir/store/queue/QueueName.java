package io.kurir.store.queue;

import java.util.Locale;
import java.util.Optional;

/**
 * The queue names an administrator uses with {@code postsuper -d ALL deferred} or
 * {@code qshape hold}, mapped onto the states of migration V8.
 *
 * <p>{@link #INCOMING} is a part of {@link #ACTIVE}: Kurir has no separate incoming directory, so
 * "incoming" is new mail queue-service has taken from {@code mail.incoming} but not tried yet
 * (state active, no attempt, nothing in flight). Messages whose recipients are all final and whose
 * notices are still being sent (done, finishing) count as active, as in Postfix they stay in the
 * active queue until bounce(8) is done with them.
 */
public enum QueueName {
    INCOMING("m.state = 'active' and m.attempts = 0 and not exists (select 1 from queue_recipients i "
            + "where i.queue_id = m.queue_id and i.status = 'inflight')"),
    ACTIVE("m.state in ('active', 'done', 'finishing')"),
    DEFERRED("m.state = 'deferred'"),
    HOLD("m.state = 'hold'");

    private final String predicate;

    QueueName(String predicate) {
        this.predicate = predicate;
    }

    /** An SQL condition on {@code queue_messages m} that selects this queue's messages. */
    String predicate() {
        return predicate;
    }

    /** The name as Postfix spells it: {@code deferred}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code deferred}, {@code Deferred}: the queue of that name, or empty for an unknown name. */
    public static Optional<QueueName> parse(String name) {
        for (QueueName q : values()) {
            if (q.label().equalsIgnoreCase(name)) {
                return Optional.of(q);
            }
        }
        return Optional.empty();
    }
}
