package io.kurir.store.queue;

import io.kurir.store.BlobStore;
import io.kurir.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The administrator's side of the queue: what Postfix's postsuper ({@code -d}, {@code -h},
 * {@code -H}, {@code -r}), postqueue ({@code -f}, {@code -s}) and qshape do to and with the queue
 * directories, done on the tables of migration V8.
 *
 * <p>Failure semantics: every method is one transaction that either commits or throws
 * {@link StoreException} having changed nothing; only {@link #delete(QueueSelection)} does more
 * after its commit (it removes the queue files from the blob store, see there). The scheduler
 * ({@link QueueStore}) may work on the same messages at the same time: the row locks these
 * updates take make each one wait for, never interleave with, a scheduling transaction, and a
 * delivery report for a message deleted meanwhile is ignored by {@link QueueStore#applyReport}.
 */
public final class QueueAdmin {

    /**
     * What a flush did.
     *
     * @param messages deferred messages made due now
     * @param destinations dead (suspended) destinations made alive again
     */
    public record Flushed(int messages, int destinations) {
    }

    private final DataSource dataSource;
    private final BlobStore blobs;

    public QueueAdmin(DataSource dataSource, BlobStore blobs) {
        this.dataSource = dataSource;
        this.blobs = blobs;
    }

    // ---------------------------------------------------------------- postsuper -d

    /** {@code postsuper -d ID...}: removes these messages; returns how many were queued. */
    public int delete(Collection<String> queueIds) {
        return delete(QueueSelection.ids(queueIds));
    }

    /** {@code postsuper -d ALL [queue]}: removes every message, or every message of one queue. */
    public int deleteAll(Optional<QueueName> queue) {
        return delete(new QueueSelection.All(queue));
    }

    /**
     * Removes the selected messages with their recipients and their requests in flight, whatever
     * their state; a report that comes later for one of those requests is ignored. After the rows
     * are committed, each message's queue file is removed from the blob store: if that fails the
     * messages are gone all the same and the exception names the blobs left behind.
     */
    public int delete(QueueSelection selection) {
        List<String> blobIds = inTransaction("delete", c -> {
            Where where = where(selection);
            try (PreparedStatement ps = c.prepareStatement(
                    "delete from queue_messages m where " + where.sql() + " returning m.blob_id")) {
                where.bind(c, ps, 1);
                List<String> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
                return out;
            }
        });
        List<String> left = new ArrayList<>();
        StoreException first = null;
        for (String blobId : blobIds) {
            try {
                blobs.delete(blobId);
            } catch (StoreException e) {
                left.add(blobId);
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw new StoreException("queue: " + blobIds.size() + " messages deleted, but their queue files "
                    + left + " could not be removed: " + first.getMessage(), first);
        }
        return blobIds.size();
    }

    // ---------------------------------------------------------------- postsuper -h / -H / -r

    /**
     * {@code postsuper -h}: puts active and deferred messages on hold; the scheduler leaves them
     * alone until they are released. Requests already in flight still report, and their outcome
     * is recorded. Returns how many messages were put on hold.
     */
    public int hold(QueueSelection selection) {
        return update("hold", "set held_from = m.state, state = 'hold', state_changed = now()",
                "m.state in ('active', 'deferred')", selection, Optional.empty());
    }

    /**
     * {@code postsuper -H}: held messages return to the state they were held from (active when that
     * is unknown) and are due at {@code now}. Returns how many were released.
     */
    public int release(QueueSelection selection, Instant now) {
        return update("release", "set state = coalesce(m.held_from, 'active'), held_from = null, next_attempt = ?, "
                + "state_changed = now()", "m.state = 'hold'", selection, Optional.of(now));
    }

    /**
     * {@code postsuper -r}: active, deferred and held messages become active and due at {@code now},
     * so that their pending recipients are tried at once (Postfix also runs the message through
     * cleanup again; Kurir keeps the resolved recipients). Returns how many were requeued.
     */
    public int requeue(QueueSelection selection, Instant now) {
        return update("requeue", "set state = 'active', held_from = null, next_attempt = ?, state_changed = now()",
                "m.state in ('active', 'deferred', 'hold')", selection, Optional.of(now));
    }

    private int update(String what, String set, String stateCondition, QueueSelection selection,
            Optional<Instant> now) {
        return inTransaction(what, c -> {
            Where where = where(selection);
            try (PreparedStatement ps = c.prepareStatement("update queue_messages m " + set + " where "
                    + stateCondition + " and " + where.sql())) {
                int i = 1;
                if (now.isPresent()) {
                    ps.setTimestamp(i++, Timestamp.from(now.get()));
                }
                where.bind(c, ps, i);
                return ps.executeUpdate();
            }
        });
    }

    // ---------------------------------------------------------------- postqueue -f / -s

    /**
     * {@code postqueue -f} (no domain) or {@code postqueue -s SITE} (what SMTP ETRN asks for):
     * deferred messages — all, or those with a pending recipient whose next hop is the domain or a
     * subdomain of it — become due at {@code now}, and the destinations they wait for are no longer
     * suspended (a flush resurrects a dead destination, as in Postfix). The domain is compared
     * without regard to case.
     */
    public Flushed flush(Optional<String> domain, Instant now) {
        Optional<String> site = domain.map(d -> d.trim().toLowerCase(Locale.ROOT));
        String recipientMatch = site.isPresent() ? "(lower(r.nexthop) = ? or right(lower(r.nexthop), length(?) + 1) = '.' || ?)"
                : "true";
        return inTransaction("flush", c -> {
            int messages;
            try (PreparedStatement ps = c.prepareStatement("update queue_messages m set next_attempt = least(m.next_attempt, ?) "
                    + "where m.state = 'deferred' and exists (select 1 from queue_recipients r where r.queue_id = m.queue_id "
                    + "and r.status = 'pending' and " + recipientMatch + ")")) {
                ps.setTimestamp(1, Timestamp.from(now));
                bindSite(ps, 2, site);
                messages = ps.executeUpdate();
            }
            String destinationMatch = site.isPresent()
                    ? "(nexthop = ? or right(nexthop, length(?) + 1) = '.' || ?)" : "true";
            int destinations;
            try (PreparedStatement ps = c.prepareStatement("update queue_destinations set dead_until = null, failures = 0, "
                    + "updated_at = now() where dead_until is not null and " + destinationMatch.replace("nexthop",
                            "lower(substr(destination, strpos(destination, ':') + 1))"))) {
                bindSite(ps, 1, site);
                destinations = ps.executeUpdate();
            }
            return new Flushed(messages, destinations);
        });
    }

    private static void bindSite(PreparedStatement ps, int from, Optional<String> site) throws SQLException {
        if (site.isPresent()) {
            ps.setString(from, site.get());
            ps.setString(from + 1, site.get());
            ps.setString(from + 2, site.get());
        }
    }

    // ---------------------------------------------------------------- qshape

    /**
     * qshape's table with its default buckets: the recipients still to be delivered (pending or in
     * flight) per next-hop destination, by the age of their message at {@code now}. Without a queue
     * it counts the incoming, active and deferred queues (everything but hold).
     */
    public QueueShape shape(Instant now, Optional<QueueName> queue) {
        List<Integer> limits = QueueShape.DEFAULT_BUCKETS;
        StringBuilder bucket = new StringBuilder("case");
        for (int i = 0; i < limits.size(); i++) {
            bucket.append(" when age < ").append(limits.get(i) * 60L).append(" then ").append(i);
        }
        bucket.append(" else ").append(limits.size()).append(" end");
        String condition = queue.map(QueueName::predicate).orElse("m.state <> 'hold'");
        return inTransaction("shape", c -> {
            Map<String, int[]> byDomain = new LinkedHashMap<>();
            int[] total = new int[limits.size() + 1];
            try (PreparedStatement ps = c.prepareStatement("select domain, " + bucket + " as bucket, count(*) from ("
                    + "select lower(r.nexthop) as domain, extract(epoch from (?::timestamptz - m.arrival_time)) as age "
                    + "from queue_recipients r join queue_messages m on m.queue_id = r.queue_id "
                    + "where r.status in ('pending', 'inflight') and " + condition + ") a group by 1, 2")) {
                ps.setTimestamp(1, Timestamp.from(now));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        int b = rs.getInt(2);
                        int n = rs.getInt(3);
                        byDomain.computeIfAbsent(rs.getString(1), k -> new int[limits.size() + 1])[b] += n;
                        total[b] += n;
                    }
                }
            }
            List<QueueShape.Row> rows = new ArrayList<>();
            byDomain.forEach((domain, counts) -> rows.add(row(domain, counts)));
            rows.sort((a, b) -> a.total() != b.total() ? Integer.compare(b.total(), a.total())
                    : a.domain().compareTo(b.domain()));
            return new QueueShape(limits, row("TOTAL", total), rows);
        });
    }

    private static QueueShape.Row row(String domain, int[] counts) {
        List<Integer> list = new ArrayList<>(counts.length);
        int sum = 0;
        for (int n : counts) {
            list.add(n);
            sum += n;
        }
        return new QueueShape.Row(domain, sum, list);
    }

    // ---------------------------------------------------------------- helpers

    /** A condition on {@code queue_messages m} and how to bind its parameters. */
    private record Where(String sql, Optional<List<String>> ids) {
        void bind(Connection c, PreparedStatement ps, int index) throws SQLException {
            if (ids.isPresent()) {
                ps.setArray(index, c.createArrayOf("text", ids.get().toArray()));
            }
        }
    }

    private static Where where(QueueSelection selection) {
        if (selection instanceof QueueSelection.Ids ids) {
            return new Where("m.queue_id = any(?)", Optional.of(ids.ids()));
        }
        QueueSelection.All all = (QueueSelection.All) selection;
        return new Where(all.queue().map(QueueName::predicate).orElse("true"), Optional.empty());
    }

    private <T> T inTransaction(String what, io.kurir.store.Transactions.Work<T> work) {
        return io.kurir.store.Transactions.run(dataSource, "queue: " + what, work);
    }
}
