package io.kurir.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import javax.sql.DataSource;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Which mailboxes changed, pushed by PostgreSQL (LISTEN/NOTIFY on the channel {@code kurir_mailbox},
 * raised by a trigger whenever a mailbox's highest_modseq moves, see V6). One thread holds one
 * connection and hands each notification to the listeners of that mailbox. Because the notification
 * comes from the database, a change made through any replica of any service reaches every replica.
 *
 * <p>When the connection is lost, the thread connects again with a growing pause and then tells every
 * listener once, since changes made meanwhile were not heard. Listeners must be quick (they run on
 * this thread) and must not fail the loop.
 */
public final class MailboxNotifications implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(MailboxNotifications.class);
    static final String CHANNEL = "kurir_mailbox";

    private final DataSource dataSource;
    private final Map<Long, Set<Runnable>> listeners = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean listening;

    public MailboxNotifications(DataSource dataSource) {
        this.dataSource = dataSource;
        this.thread = new Thread(this::loop, "kurir-mailbox-notify");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Calls {@code onChange} after each committed change of the mailbox, until the subscription is closed. */
    public AutoCloseable subscribe(long mailboxId, Runnable onChange) {
        listeners.computeIfAbsent(mailboxId, id -> new CopyOnWriteArraySet<>()).add(onChange);
        return () -> listeners.computeIfPresent(mailboxId, (id, set) -> {
            set.remove(onChange);
            return set.isEmpty() ? null : set;
        });
    }

    /** Whether the LISTEN connection is up (for health checks and tests). */
    public boolean listening() {
        return listening;
    }

    private void loop() {
        Duration pause = Duration.ofMillis(200);
        while (running) {
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(true);
                try (Statement st = c.createStatement()) {
                    st.execute("LISTEN " + CHANNEL);
                }
                PGConnection pg = c.unwrap(PGConnection.class);
                if (!listening) {
                    listening = true;
                    LOG.infof("listening for mailbox changes on PostgreSQL channel %s", CHANNEL);
                    listeners.values().forEach(set -> set.forEach(this::run)); // what changed while deaf
                }
                pause = Duration.ofMillis(200);
                while (running) {
                    PGNotification[] received = pg.getNotifications(1000);
                    if (received == null) {
                        continue;
                    }
                    for (PGNotification n : received) {
                        dispatch(n.getParameter());
                    }
                }
            } catch (SQLException | RuntimeException e) {
                listening = false;
                if (!running) {
                    return;
                }
                LOG.warnf("mailbox change notifications interrupted (%s); connecting again in %d ms", e.getMessage(),
                        pause.toMillis());
                try {
                    Thread.sleep(pause.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
                pause = pause.multipliedBy(2).compareTo(Duration.ofSeconds(10)) > 0 ? Duration.ofSeconds(10) : pause.multipliedBy(2);
            }
        }
    }

    private void dispatch(String payload) {
        long id;
        try {
            id = Long.parseLong(payload);
        } catch (NumberFormatException e) {
            return;
        }
        Set<Runnable> set = listeners.get(id);
        if (set != null) {
            set.forEach(this::run);
        }
    }

    private void run(Runnable listener) {
        try {
            listener.run();
        } catch (RuntimeException e) {
            LOG.warnf("mailbox change listener failed: %s", e.toString());
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
