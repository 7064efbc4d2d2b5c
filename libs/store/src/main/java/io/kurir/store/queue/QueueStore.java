package io.kurir.store.queue;

import io.kurir.mail.payload.ActiveRecord;
import io.kurir.mail.payload.DeliveryReport;
import io.kurir.mail.payload.IncomingRecord;
import io.kurir.mail.payload.Recipient;
import io.kurir.mail.payload.RecipientDsn;
import io.kurir.store.StoreException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * queue-service's state in PostgreSQL (migration V8, ADR 0009): Postfix's incoming, active and
 * deferred queues as rows, so that the schedule survives restarts and several replicas can share
 * it. Every method is one transaction; rows a replica works on are taken with
 * {@code FOR UPDATE SKIP LOCKED}, and a destination's window is checked under its row lock, so
 * two replicas never hand out the same recipient or more than a destination's concurrency.
 */
public final class QueueStore {

    /** What {@link #applyReport} did. */
    public enum ReportEffect {
        /** The request was unknown (already reported, or the message was deleted): nothing changed. */
        IGNORED,
        /** Recorded; the message still has recipients to deliver. */
        RECORDED,
        /** Recorded, and every recipient of the message now has a final outcome. */
        MESSAGE_DONE
    }

    private static final String MESSAGE_COLUMNS = "m.queue_id, m.arrival_time, m.sender, m.blob_id, m.size, "
            + "m.message_id, m.dsn_ret, m.dsn_envid, m.smtputf8, m.state, m.next_attempt, m.attempts, m.delay_warned";
    private static final String RECIPIENT_COLUMNS = "r.queue_id, r.seq, r.address, r.original_address, r.transport, "
            + "r.nexthop, r.mailbox, r.notify, r.orcpt, r.status, r.dsn_status, r.relay, r.reason, r.remote_mta, "
            + "r.smtp_reply, r.expired";

    /** The first key of queue-service's advisory locks (the second is the destination's hash). */
    private static final int ADVISORY_NAMESPACE = 0x4b51; // "KQ"

    private final DataSource dataSource;

    public QueueStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    // ---------------------------------------------------------------- qmgr: new mail

    /**
     * Takes a message from {@code mail.incoming} into the queue, due now. Returns false, and changes
     * nothing, when the queue id is already known (a redelivered record).
     */
    public boolean enqueue(IncomingRecord in) {
        return enqueue(in, false);
    }

    /**
     * As {@link #enqueue(IncomingRecord)}, but with {@code held} the message goes on hold at once
     * (a HOLD rule of header or body checks, {@code mail.hold}): never scheduled until released.
     */
    public boolean enqueue(IncomingRecord in, boolean held) {
        return inTransaction("enqueue " + in.queueId(), c -> {
            try (PreparedStatement ps = c.prepareStatement("insert into queue_messages (queue_id, arrival_time, sender, "
                    + "blob_id, size, message_id, dsn_ret, dsn_envid, smtputf8, next_attempt, state, held_from) "
                    + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (queue_id) do nothing")) {
                ps.setString(1, in.queueId());
                ps.setTimestamp(2, Timestamp.from(in.arrivalTime()));
                ps.setString(3, in.sender());
                ps.setString(4, in.blobId());
                ps.setLong(5, in.size());
                ps.setString(6, in.messageId());
                ps.setString(7, in.dsnRet());
                ps.setString(8, in.dsnEnvid());
                ps.setBoolean(9, in.smtputf8());
                ps.setTimestamp(10, Timestamp.from(in.arrivalTime())); // new mail is due at once
                ps.setString(11, held ? "hold" : "active");
                ps.setString(12, held ? "active" : null);
                if (ps.executeUpdate() == 0) {
                    return false;
                }
            }
            try (PreparedStatement ps = c.prepareStatement("insert into queue_recipients (queue_id, seq, address, "
                    + "original_address, transport, nexthop, mailbox, notify, orcpt, destination, due) "
                    + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                int seq = 0;
                for (Recipient r : in.recipients()) {
                    ps.setString(1, in.queueId());
                    ps.setInt(2, seq++);
                    ps.setString(3, r.address());
                    ps.setString(4, r.originalAddress());
                    ps.setString(5, r.transport());
                    ps.setString(6, r.nexthop());
                    ps.setString(7, r.mailbox());
                    ps.setArray(8, c.createArrayOf("text", r.dsn().notifyOn().toArray()));
                    ps.setString(9, r.dsn().orcpt());
                    ps.setString(10, QueuedRecipient.destination(r.transport(), r.nexthop(), r.mailbox()));
                    // held: never due until released (the release sets the message's next attempt, which the recipients follow)
                    if (held) {
                        ps.setNull(11, java.sql.Types.TIMESTAMP);
                    } else {
                        ps.setTimestamp(11, Timestamp.from(in.arrivalTime()));
                    }
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return true;
        });
    }

    // ---------------------------------------------------------------- qmgr: scheduling

    /**
     * One scheduling pass, per destination as Postfix's qmgr schedules: for every destination with
     * a free place in its window, its oldest due recipients are candidates, and the pass takes their
     * messages new and deferred in turn (Postfix alternates its incoming and deferred queues so
     * neither starves the other), oldest first, handing out their pending recipients as delivery
     * requests within each destination's window. What a pass reads grows with the number of
     * destinations and free places, not with the backlog (migration V10). Due mail of a suspended
     * destination is put off until its cool-down ends. The returned requests are already recorded
     * as in flight; the caller publishes them to {@code mail.active} and calls {@link #unclaim} for
     * any it could not publish.
     */
    public List<ActiveRecord> claimDue(Instant now, ClaimLimits limits) {
        return inTransaction("schedule", c -> {
            int activeMessages = 0;
            Map<String, Integer> inFlight = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("select destination, count(*), "
                    + "(select count(distinct queue_id) from queue_requests) from queue_requests group by destination");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    inFlight.put(rs.getString(1), rs.getInt(2));
                    activeMessages = rs.getInt(3);
                }
            }
            Map<String, Destination> known = new HashMap<>();
            List<String> destinations = pendingDestinations(c, known);
            PriorityQueue<Candidate> fresh = new PriorityQueue<>();
            PriorityQueue<Candidate> retry = new PriorityQueue<>();
            Map<String, Instant> dead = new LinkedHashMap<>();
            for (String destination : destinations) {
                Destination d = known.get(destination);
                if (d != null && d.deadUntil != null && d.deadUntil.isAfter(now)) {
                    dead.put(destination, d.deadUntil);
                    continue;
                }
                int window = d == null ? limits.initialConcurrency()
                        : d.deadUntil != null ? Math.max(d.window, limits.initialConcurrency()) : d.window;
                window = Math.min(window, limits.concurrencyLimit().applyAsInt(transportOf(destination)));
                int room = window - inFlight.getOrDefault(destination, 0);
                if (room > 0) {
                    candidates(c, destination, now, room, fresh, retry);
                }
            }
            List<ActiveRecord> out = new ArrayList<>();
            Set<String> blocked = new HashSet<>(); // destinations whose window filled up during this pass
            Map<String, Integer> placesLeft = new HashMap<>(); // in the destinations this pass has locked
            Set<String> seen = new HashSet<>();
            boolean takeFresh = true;
            while (out.size() < limits.maxRequests() && activeMessages < limits.messageActiveLimit()
                    && !(fresh.isEmpty() && retry.isEmpty())) {
                PriorityQueue<Candidate> turn = takeFresh && !fresh.isEmpty() || retry.isEmpty() ? fresh : retry;
                takeFresh = turn != fresh;
                Candidate next = turn.poll();
                if (blocked.contains(next.destination()) || !seen.add(next.queueId())) {
                    continue;
                }
                Optional<QueuedMessage> m = lockDue(c, next.queueId(), now);
                if (m.isPresent() && schedule(c, m.get(), now, limits, blocked, placesLeft, out) > 0) {
                    activeMessages++;
                }
            }
            for (var entry : dead.entrySet()) {
                putOff(c, entry.getKey(), entry.getValue(), now);
            }
            return out;
        });
    }

    /** One due recipient's message, a candidate of a pass. Ordered by when it became due. */
    private record Candidate(Instant due, String queueId, String destination) implements Comparable<Candidate> {
        @Override
        public int compareTo(Candidate o) {
            int byDue = due.compareTo(o.due);
            return byDue != 0 ? byDue : queueId.compareTo(o.queueId);
        }
    }

    /**
     * The destinations that have pending recipients, each found with one index probe (a loose
     * index scan over {@code queue_recipients_due}), so a long queue for one destination costs no
     * more than a short one.
     */
    private static List<String> pendingDestinations(Connection c, Map<String, Destination> known) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("with recursive d (destination) as ("
                + "(select destination from queue_recipients where status = 'pending' order by destination limit 1) "
                + "union all select (select r.destination from queue_recipients r where r.status = 'pending' "
                + "and r.destination > d.destination order by r.destination limit 1) from d where d.destination is not null) "
                + "select d.destination, q.window_size, q.dead_until, q.last_reason from d "
                + "left join queue_destinations q on q.destination = d.destination where d.destination is not null");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
                if (rs.getObject(2) != null) {
                    Timestamp dead = rs.getTimestamp(3);
                    known.put(rs.getString(1), new Destination(rs.getInt(2), dead == null ? null : dead.toInstant(),
                            rs.getString(4)));
                }
            }
        }
        return out;
    }

    /** The transport of a destination name ({@code transport:nexthop}, or {@code local:mailbox}). */
    private static String transportOf(String destination) {
        int colon = destination.indexOf(':');
        return colon < 0 ? destination : destination.substring(0, colon);
    }

    /**
     * Up to {@code room} of a destination's oldest due messages that are new, into {@code fresh}, and
     * as many that were tried before, into {@code retry}.
     */
    private static void candidates(Connection c, String destination, Instant now, int room,
            PriorityQueue<Candidate> fresh, PriorityQueue<Candidate> retry) throws SQLException {
        String oldest = "(select queue_id, due, retry from queue_recipients where destination = ? and status = 'pending' "
                + "and retry = ? and due <= ? order by due, queue_id limit ?)";
        try (PreparedStatement ps = c.prepareStatement(oldest + " union all " + oldest)) {
            for (int i = 0; i < 2; i++) {
                ps.setString(4 * i + 1, destination);
                ps.setBoolean(4 * i + 2, i == 1);
                ps.setTimestamp(4 * i + 3, Timestamp.from(now));
                ps.setInt(4 * i + 4, room * 4); // a message may have several recipients there: enough for room messages
            }
            try (ResultSet rs = ps.executeQuery()) {
                Set<String> newOnes = new HashSet<>();
                Set<String> triedOnes = new HashSet<>();
                while (rs.next()) {
                    boolean tried = rs.getBoolean(3);
                    Set<String> taken = tried ? triedOnes : newOnes;
                    if (taken.size() < room && taken.add(rs.getString(1))) {
                        (tried ? retry : fresh).add(new Candidate(rs.getTimestamp(2).toInstant(), rs.getString(1),
                                destination));
                    }
                }
            }
        }
    }

    /** The message with its pending recipients if it is still due and no other scheduler has it. */
    private static Optional<QueuedMessage> lockDue(Connection c, String queueId, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select " + MESSAGE_COLUMNS + " from queue_messages m "
                + "where m.queue_id = ? and m.state in ('active', 'deferred') and m.next_attempt <= ? "
                + "for update skip locked")) {
            ps.setString(1, queueId);
            ps.setTimestamp(2, Timestamp.from(now));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(message(rs, recipients(c, queueId, "and r.status = 'pending'")));
            }
        }
    }

    /**
     * Due mail of a suspended destination waits for the end of its cool-down (the message's next
     * attempt moves there, unless a request of it went out in this pass), and its recipients say
     * why, as postqueue -p shows "delivery temporarily suspended".
     */
    private static void putOff(Connection c, String destination, Instant deadUntil, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("with due as (update queue_recipients r set "
                + "reason = 'delivery temporarily suspended: ' || coalesce(d.last_reason, 'unknown'), updated_at = now() "
                + "from queue_destinations d where d.destination = r.destination and r.destination = ? "
                + "and r.status = 'pending' and r.due <= ? returning r.queue_id) "
                + "update queue_messages m set next_attempt = ?, state = 'deferred', state_changed = now() "
                + "where m.queue_id in (select queue_id from due) and m.state in ('active', 'deferred') "
                + "and not exists (select 1 from queue_recipients i where i.queue_id = m.queue_id and i.status = 'inflight')")) {
            ps.setString(1, destination);
            ps.setTimestamp(2, Timestamp.from(now));
            ps.setTimestamp(3, Timestamp.from(deadUntil));
            ps.executeUpdate();
        }
    }

    private int schedule(Connection c, QueuedMessage m, Instant now, ClaimLimits limits, Set<String> blocked,
            Map<String, Integer> placesLeft, List<ActiveRecord> out) throws SQLException {
        Map<String, List<QueuedRecipient>> byDestination = new LinkedHashMap<>();
        for (QueuedRecipient r : m.recipients()) {
            byDestination.computeIfAbsent(r.destination(), k -> new ArrayList<>()).add(r);
        }
        int made = 0;
        Instant suspendedUntil = null;
        for (var entry : byDestination.entrySet()) {
            String destination = entry.getKey();
            if (blocked.contains(destination)) {
                continue;
            }
            List<QueuedRecipient> group = entry.getValue();
            Integer left = placesLeft.get(destination);
            if (left == null) {
                // the first time in this pass: lock it (held until the pass commits) and count its places
                Optional<Destination> locked = lockDestination(c, destination, limits.initialConcurrency());
                if (locked.isEmpty()) {
                    blocked.add(destination); // another replica is scheduling for it right now
                    continue;
                }
                Destination d = locked.get();
                int window = d.window;
                if (d.deadUntil != null) {
                    if (d.deadUntil.isAfter(now)) {
                        blocked.add(destination);
                        suspendedUntil = suspendedUntil == null || d.deadUntil.isBefore(suspendedUntil) ? d.deadUntil
                                : suspendedUntil;
                        setReason(c, m.queueId(), group, "delivery temporarily suspended: " + d.lastReason);
                        continue;
                    }
                    window = Math.max(window, limits.initialConcurrency()); // the cool-down is over: start again
                }
                window = Math.min(window, limits.concurrencyLimit().applyAsInt(group.get(0).transport()));
                left = window - inFlight(c, destination);
            }
            int free = left;
            for (int from = 0; from < group.size() && free > 0; from += limits.recipientLimit(), free--) {
                List<QueuedRecipient> chunk = group.subList(from, Math.min(group.size(), from + limits.recipientLimit()));
                out.add(request(c, m, destination, chunk));
                made++;
            }
            placesLeft.put(destination, free);
            if (free <= 0) {
                blocked.add(destination);
            }
        }
        if (made > 0) {
            try (PreparedStatement ps = c.prepareStatement(
                    "update queue_messages set last_attempt = ? where queue_id = ?")) {
                ps.setTimestamp(1, Timestamp.from(now));
                ps.setString(2, m.queueId());
                ps.executeUpdate();
            }
        } else if (suspendedUntil != null) {
            // every destination it waits for is suspended: look again when the first cool-down ends
            try (PreparedStatement ps = c.prepareStatement(
                    "update queue_messages set next_attempt = ?, state = 'deferred', state_changed = now() "
                            + "where queue_id = ?")) {
                ps.setTimestamp(1, Timestamp.from(suspendedUntil));
                ps.setString(2, m.queueId());
                ps.executeUpdate();
            }
        }
        return made;
    }

    private ActiveRecord request(Connection c, QueuedMessage m, String destination, List<QueuedRecipient> chunk)
            throws SQLException {
        String requestId = UUID.randomUUID().toString();
        try (PreparedStatement ps = c.prepareStatement(
                "insert into queue_requests (request_id, queue_id, destination) values (?, ?, ?)")) {
            ps.setString(1, requestId);
            ps.setString(2, m.queueId());
            ps.setString(3, destination);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("update queue_recipients set status = 'inflight', request_id = ?, "
                + "updated_at = now() where queue_id = ? and seq = ?")) {
            for (QueuedRecipient r : chunk) {
                ps.setString(1, requestId);
                ps.setString(2, m.queueId());
                ps.setInt(3, r.seq());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        QueuedRecipient first = chunk.get(0);
        return new ActiveRecord(ActiveRecord.VERSION, m.queueId(), m.arrivalTime(), m.sender(), first.transport(),
                first.nexthop(), chunk.stream().map(QueuedRecipient::toRecipient).toList(), m.blobId(), m.size(),
                m.dsnRet(), m.dsnEnvid(), requestId, m.smtputf8());
    }

    /** Undoes a claimed request that could not be published: its recipients are pending again. */
    public void unclaim(String requestId) {
        inTransaction("unclaim " + requestId, c -> {
            try (PreparedStatement ps = c.prepareStatement("update queue_recipients set status = 'pending', "
                    + "request_id = null, updated_at = now() where request_id = ? and status = 'inflight'")) {
                ps.setString(1, requestId);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("delete from queue_requests where request_id = ?")) {
                ps.setString(1, requestId);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /**
     * Requests sent before {@code sentBefore} without a report are taken as lost (a report that
     * never came): their recipients become pending again. Local delivery is idempotent, so a
     * request that was in fact delivered is not delivered twice.
     */
    public int recoverLostRequests(Instant sentBefore) {
        return inTransaction("recover lost requests", c -> {
            try (PreparedStatement ps = c.prepareStatement("with lost as (delete from queue_requests where sent_at < ? "
                    + "returning request_id) update queue_recipients set status = 'pending', request_id = null, "
                    + "reason = 'delivery request lost (no report), tried again', updated_at = now() "
                    + "where request_id in (select request_id from lost)")) {
                ps.setTimestamp(1, Timestamp.from(sentBefore));
                return ps.executeUpdate();
            }
        });
    }

    // ---------------------------------------------------------------- qmgr: outcomes

    /**
     * Records a delivery report: each recipient's outcome, the destination's feedback (a success
     * opens its window by one and clears its failures; a destination failure closes it by one and,
     * after {@code failedCohortLimit} failures in a row, suspends the destination until
     * {@code now + suspendFor}), and for deferred recipients the message's next attempt.
     */
    public ReportEffect applyReport(DeliveryReport report, Instant now, Backoff backoff, int concurrencyLimit,
            int failedCohortLimit, Duration suspendFor) {
        return inTransaction("report " + report.queueId(), c -> {
            String destination;
            try (PreparedStatement ps = c.prepareStatement(
                    "delete from queue_requests where request_id = ? returning destination")) {
                ps.setString(1, report.requestId());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return ReportEffect.IGNORED;
                    }
                    destination = rs.getString(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("update queue_recipients set status = ?, dsn_status = ?, "
                    + "relay = ?, reason = ?, remote_mta = ?, smtp_reply = ?, request_id = null, updated_at = now() "
                    + "where request_id = ? and lower(address) = lower(?)")) {
                for (DeliveryReport.Outcome o : report.outcomes()) {
                    ps.setString(1, switch (o.status()) {
                        case DeliveryReport.SENT -> QueuedRecipient.SENT;
                        case DeliveryReport.BOUNCED -> QueuedRecipient.BOUNCED;
                        default -> QueuedRecipient.PENDING;
                    });
                    ps.setString(2, o.dsnStatus());
                    ps.setString(3, o.relay());
                    ps.setString(4, o.diagnostic());
                    ps.setString(5, o.remoteMta());
                    ps.setString(6, o.smtpReply());
                    ps.setString(7, report.requestId());
                    ps.setString(8, o.address());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            // a recipient of the request the report does not mention is tried again
            try (PreparedStatement ps = c.prepareStatement("update queue_recipients set status = 'pending', "
                    + "request_id = null, reason = 'no outcome reported', updated_at = now() where request_id = ?")) {
                ps.setString(1, report.requestId());
                ps.executeUpdate();
            }
            feedback(c, destination, report, now, concurrencyLimit, failedCohortLimit, suspendFor);
            if (report.anyDeferred()) {
                Instant arrival;
                try (PreparedStatement ps = c.prepareStatement(
                        "select arrival_time from queue_messages where queue_id = ?")) {
                    ps.setString(1, report.queueId());
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        arrival = rs.getTimestamp(1).toInstant();
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("update queue_messages set attempts = attempts + 1, "
                        + "next_attempt = greatest(next_attempt, ?), state = case when state = 'hold' then state "
                        + "else 'deferred' end, held_from = case when state = 'hold' then 'deferred' else held_from end, "
                        + "state_changed = now() where queue_id = ?")) {
                    ps.setTimestamp(1, Timestamp.from(backoff.nextAttempt(arrival, now)));
                    ps.setString(2, report.queueId());
                    ps.executeUpdate();
                }
            }
            return markDoneIfFinal(c, report.queueId()) ? ReportEffect.MESSAGE_DONE : ReportEffect.RECORDED;
        });
    }

    private void feedback(Connection c, String destination, DeliveryReport report, Instant now, int concurrencyLimit,
            int failedCohortLimit, Duration suspendFor) throws SQLException {
        if (report.destinationFailed()) {
            String reason = report.outcomes().get(0).diagnostic();
            try (PreparedStatement ps = c.prepareStatement("update queue_destinations set "
                    + "window_size = greatest(1, window_size - 1), failures = failures + 1, last_reason = ?, "
                    + "dead_until = case when failures + 1 >= ? then ? else dead_until end, updated_at = now() "
                    + "where destination = ?")) {
                ps.setString(1, reason);
                ps.setInt(2, failedCohortLimit);
                ps.setTimestamp(3, Timestamp.from(now.plus(suspendFor)));
                ps.setString(4, destination);
                ps.executeUpdate();
            }
        } else {
            try (PreparedStatement ps = c.prepareStatement("update queue_destinations set "
                    + "window_size = least(?, window_size + 1), failures = 0, dead_until = null, updated_at = now() "
                    + "where destination = ?")) {
                ps.setInt(1, concurrencyLimit);
                ps.setString(2, destination);
                ps.executeUpdate();
            }
        }
    }

    private static boolean markDoneIfFinal(Connection c, String queueId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("update queue_messages m set state = 'done', state_changed = now() "
                + "where queue_id = ? and state <> 'done' and not exists (select 1 from queue_recipients r "
                + "where r.queue_id = m.queue_id and r.status in ('pending', 'inflight'))")) {
            ps.setString(1, queueId);
            return ps.executeUpdate() == 1;
        }
    }

    /**
     * Returns the deferred recipients of messages older than their lifetime: they become bounced
     * (expired), keeping their last temporary status and reason, as Postfix returns mail after
     * {@code maximal-queue-lifetime}. Returns how many messages are now done.
     */
    public int expire(Instant now, Backoff backoff) {
        return inTransaction("expire", c -> {
            try (PreparedStatement ps = c.prepareStatement("update queue_recipients r set status = 'bounced', "
                    + "expired = true, dsn_status = coalesce(r.dsn_status, '4.4.7'), "
                    + "reason = coalesce(r.reason, 'message delivery timed out'), updated_at = now() "
                    + "from queue_messages m where m.queue_id = r.queue_id and r.status = 'pending' "
                    + "and m.state = 'deferred' and m.arrival_time < case when m.sender = '' then ?::timestamptz "
                    + "else ?::timestamptz end")) {
                ps.setTimestamp(1, Timestamp.from(now.minus(backoff.bounceLifetime())));
                ps.setTimestamp(2, Timestamp.from(now.minus(backoff.queueLifetime())));
                if (ps.executeUpdate() == 0) {
                    return 0;
                }
            }
            try (PreparedStatement ps = c.prepareStatement("update queue_messages m set state = 'done', "
                    + "state_changed = now() where state = 'deferred' and not exists (select 1 from queue_recipients r "
                    + "where r.queue_id = m.queue_id and r.status in ('pending', 'inflight'))")) {
                return ps.executeUpdate();
            }
        });
    }

    /**
     * Deferred messages older than {@code warnAfter} that have not had their delay notice yet;
     * the caller sends it and calls {@link #markDelayWarned}.
     */
    public List<QueuedMessage> delayed(Instant now, Duration warnAfter, int limit) {
        return inTransaction("delayed", c -> {
            try (PreparedStatement ps = c.prepareStatement("select " + MESSAGE_COLUMNS + " from queue_messages m "
                    + "where m.state = 'deferred' and not m.delay_warned and m.arrival_time < ? "
                    + "order by m.arrival_time limit ?")) {
                ps.setTimestamp(1, Timestamp.from(now.minus(warnAfter)));
                ps.setInt(2, limit);
                return messages(c, ps, "");
            }
        });
    }

    public void markDelayWarned(String queueId) {
        inTransaction("delay warned " + queueId, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "update queue_messages set delay_warned = true where queue_id = ?")) {
                ps.setString(1, queueId);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /**
     * Takes up to {@code limit} messages whose recipients are all final, for their notices. They
     * are marked {@code finishing}; ones a dead replica left in that state for longer than
     * {@code staleAfter} are taken again (notices have deterministic queue ids, so sending one twice
     * delivers it once).
     */
    public List<QueuedMessage> claimFinished(Instant now, Duration staleAfter, int limit) {
        return inTransaction("finish", c -> {
            try (PreparedStatement ps = c.prepareStatement("update queue_messages m set state = 'finishing', "
                    + "state_changed = ? where queue_id in (select queue_id from queue_messages where state = 'done' "
                    + "or (state = 'finishing' and state_changed < ?) limit ? for update skip locked) returning "
                    + MESSAGE_COLUMNS)) {
                ps.setTimestamp(1, Timestamp.from(now));
                ps.setTimestamp(2, Timestamp.from(now.minus(staleAfter)));
                ps.setInt(3, limit);
                return messages(c, ps, "");
            }
        });
    }

    /** Gives a message taken by {@link #claimFinished} back, to be taken again at the next pass. */
    public void unclaimFinished(String queueId) {
        inTransaction("unclaim finished " + queueId, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "update queue_messages set state = 'done', state_changed = now() where queue_id = ? and state = 'finishing'")) {
                ps.setString(1, queueId);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Removes a message from the queue (its notices are sent, or the administrator deleted it). */
    public boolean remove(String queueId) {
        return inTransaction("remove " + queueId, c -> {
            try (PreparedStatement ps = c.prepareStatement("delete from queue_messages where queue_id = ?")) {
                ps.setString(1, queueId);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** Removes several messages at once (their notices are sent); returns how many were there. */
    public int removeAll(List<String> queueIds) {
        if (queueIds.isEmpty()) {
            return 0;
        }
        return inTransaction("remove " + queueIds.size() + " messages", c -> {
            try (PreparedStatement ps = c.prepareStatement("delete from queue_messages where queue_id = any(?)")) {
                ps.setArray(1, c.createArrayOf("text", queueIds.toArray()));
                return ps.executeUpdate();
            }
        });
    }

    // ---------------------------------------------------------------- reading

    /** One message with all its recipients. */
    public Optional<QueuedMessage> find(String queueId) {
        return inTransaction("show " + queueId, c -> {
            try (PreparedStatement ps = c.prepareStatement("select " + MESSAGE_COLUMNS
                    + " from queue_messages m where m.queue_id = ?")) {
                ps.setString(1, queueId);
                List<QueuedMessage> found = messages(c, ps, "");
                return found.stream().findFirst();
            }
        });
    }

    /** Every queued message, oldest first, with all recipients (postqueue -p). */
    public List<QueuedMessage> list() {
        return inTransaction("list", c -> {
            try (PreparedStatement ps = c.prepareStatement("select " + MESSAGE_COLUMNS
                    + " from queue_messages m order by m.arrival_time, m.queue_id")) {
                return messages(c, ps, "");
            }
        });
    }

    // ---------------------------------------------------------------- helpers

    private List<QueuedMessage> messages(Connection c, PreparedStatement ps, String recipientFilter)
            throws SQLException {
        List<QueuedMessage> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(message(rs, List.of()));
            }
        }
        List<QueuedMessage> full = new ArrayList<>(out.size());
        for (QueuedMessage m : out) {
            full.add(withRecipients(m, recipients(c, m.queueId(), recipientFilter)));
        }
        return full;
    }

    private static QueuedMessage withRecipients(QueuedMessage m, List<QueuedRecipient> recipients) {
        return new QueuedMessage(m.queueId(), m.arrivalTime(), m.sender(), m.blobId(), m.size(), m.messageId(),
                m.dsnRet(), m.dsnEnvid(), m.smtputf8(), m.state(), m.nextAttempt(), m.attempts(), m.delayWarned(),
                recipients);
    }

    private static QueuedMessage message(ResultSet rs, List<QueuedRecipient> recipients) throws SQLException {
        return new QueuedMessage(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getString(4),
                rs.getLong(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getBoolean(9), rs.getString(10),
                rs.getTimestamp(11).toInstant(), rs.getInt(12), rs.getBoolean(13), recipients);
    }

    private static List<QueuedRecipient> recipients(Connection c, String queueId, String filter) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select " + RECIPIENT_COLUMNS
                + " from queue_recipients r where r.queue_id = ? " + filter + " order by r.seq")) {
            ps.setString(1, queueId);
            try (ResultSet rs = ps.executeQuery()) {
                List<QueuedRecipient> out = new ArrayList<>();
                while (rs.next()) {
                    Array notify = rs.getArray(8);
                    out.add(new QueuedRecipient(rs.getInt(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), rs.getString(7),
                            new RecipientDsn(Arrays.asList((String[]) notify.getArray()), rs.getString(9)),
                            rs.getString(10), rs.getString(11), rs.getString(12), rs.getString(13), rs.getString(14),
                            rs.getString(15), rs.getBoolean(16)));
                }
                return out;
            }
        }
    }

    private record Destination(int window, Instant deadUntil, String lastReason) {
    }

    /**
     * Takes the destination for this transaction, or says it is taken: an advisory lock, tried
     * and not waited for, so schedulers never wait for each other (nor deadlock) and only one at a
     * time counts and fills a destination's window.
     */
    private static Optional<Destination> lockDestination(Connection c, String destination, int initialWindow)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select pg_try_advisory_xact_lock(?, hashtext(?))")) {
            ps.setInt(1, ADVISORY_NAMESPACE);
            ps.setString(2, destination);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    return Optional.empty();
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("select window_size, dead_until, last_reason "
                + "from queue_destinations where destination = ?")) {
            ps.setString(1, destination);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    Timestamp dead = rs.getTimestamp(2);
                    return Optional.of(new Destination(rs.getInt(1), dead == null ? null : dead.toInstant(),
                            rs.getString(3)));
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("insert into queue_destinations (destination, window_size) "
                + "values (?, ?) on conflict (destination) do nothing")) {
            ps.setString(1, destination);
            ps.setInt(2, initialWindow);
            ps.executeUpdate();
        }
        return Optional.of(new Destination(initialWindow, null, null));
    }

    private static int inFlight(Connection c, String destination) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select count(*) from queue_requests where destination = ?")) {
            ps.setString(1, destination);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static void setReason(Connection c, String queueId, List<QueuedRecipient> group, String reason)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "update queue_recipients set reason = ?, updated_at = now() where queue_id = ? and seq = ?")) {
            for (QueuedRecipient r : group) {
                ps.setString(1, reason);
                ps.setString(2, queueId);
                ps.setInt(3, r.seq());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    <T> T inTransaction(String what, io.kurir.store.Transactions.Work<T> work) {
        return io.kurir.store.Transactions.run(dataSource, "queue: " + what, work);
    }
}
