package io.kurir.store;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;

/**
 * Mailboxes and their messages as IMAP sees them (RFC 3501, CONDSTORE/QRESYNC RFC 7162): names with
 * {@code /} as hierarchy delimiter and {@code INBOX} case-insensitive, UIDVALIDITY/UIDNEXT, a
 * mod-sequence per change, flags, EXPUNGE with VANISHED bookkeeping, APPEND, COPY and MOVE.
 *
 * <p>Every change first locks the rows of the mailboxes it touches, in id order, before any message
 * row: concurrent writers of a mailbox are serialized (UIDs and mod-sequences are handed out in order
 * and never twice) and two writers never wait for each other in opposite orders. Messages share
 * blobs (COPY does not copy bytes).
 */
public final class MailboxStore {

    /** The hierarchy delimiter of every mailbox name. */
    public static final char DELIMITER = '/';

    public record Mailbox(long id, String name, long uidValidity, long uidNext, long highestModseq,
            Optional<String> specialUse, boolean subscribed) {
    }

    public record Message(long uid, long modseq, List<String> flags, Instant internalDate, long size, String blobId) {
        public Message {
            flags = FlagSets.intern(flags);
        }
    }

    /**
     * The header facts of one stored message, kept per blob (table {@code message_facts}): what SORT, THREAD and
     * SEARCH FROM/TO/CC/SUBJECT/SENT* look at. The header values are byte strings, one char per raw byte (no char
     * above U+00FF), the first field of each name as the message has it; what they mean is the IMAP server's
     * business, and {@code version} says which derivation made them.
     *
     * @param version the derivation that made these facts; facts of another version are computed again
     * @param sentAt the Date: header as a moment; empty when missing or not a date
     */
    public record Facts(int version, Optional<Instant> sentAt, Optional<String> date, Optional<String> subject,
            Optional<String> from, Optional<String> to, Optional<String> cc, Optional<String> messageId,
            Optional<String> references, Optional<String> inReplyTo) {
        public Facts {
            if (version < 1 || version > Short.MAX_VALUE) {
                throw new IllegalArgumentException("facts version out of range: " + version);
            }
            java.util.Objects.requireNonNull(sentAt, "sentAt");
            for (Optional<String> v : List.of(date, subject, from, to, cc, messageId, references, inReplyTo)) {
                if (v.isPresent() && v.get().chars().anyMatch(ch -> ch > 0xff)) {
                    throw new IllegalArgumentException("a header fact is a byte string, one char per byte");
                }
            }
        }
    }

    /**
     * The few distinct flag combinations of a mailbox, shared: a session holding 100,000 messages keeps
     * a handful of lists instead of one per message.
     */
    static final class FlagSets {
        private static final java.util.concurrent.ConcurrentHashMap<List<String>, List<String>> SHARED =
                new java.util.concurrent.ConcurrentHashMap<>();
        private static final int MAX = 4096;

        private FlagSets() {
        }

        static List<String> intern(List<String> flags) {
            List<String> copy = List.copyOf(flags);
            List<String> shared = SHARED.get(copy);
            if (shared != null) {
                return shared;
            }
            if (SHARED.size() < MAX) {
                shared = SHARED.putIfAbsent(copy, copy);
                return shared == null ? copy : shared;
            }
            return copy;
        }
    }

    /** How STORE changes flags. */
    public enum FlagMode { ADD, REMOVE, REPLACE }

    /** The result of a STORE: the messages whose flags changed, and those not changed because of UNCHANGEDSINCE. */
    public record FlagUpdate(List<Message> changed, List<Long> modifiedSince) {
    }

    /** APPEND's and COPY's answer for UIDPLUS (RFC 4315): the target's UIDVALIDITY and the new UIDs. */
    /** @param blobIds the blob of each new message, in the order of {@code uids} (copies share their original's) */
    public record Assigned(long uidValidity, List<Long> sourceUids, List<Long> uids, List<String> blobIds) {
    }

    public enum CreateResult { CREATED, ALREADY_EXISTS, INVALID_NAME }

    public enum RenameResult { RENAMED, NO_SUCH_MAILBOX, ALREADY_EXISTS, INVALID_NAME }

    private final DataSource dataSource;
    private final BlobStore blobs;

    public MailboxStore(DataSource dataSource, BlobStore blobs) {
        this.dataSource = dataSource;
        this.blobs = blobs;
    }

    /** {@code inbox}, {@code Inbox/x} → {@code INBOX}, {@code INBOX/x}; other names as given. */
    public static String canonical(String name) {
        if (name.equalsIgnoreCase("INBOX")) {
            return "INBOX";
        }
        if (name.length() > 6 && name.substring(0, 6).equalsIgnoreCase("INBOX" + DELIMITER)) {
            return "INBOX" + name.substring(5);
        }
        return name;
    }

    /** A name IMAP can carry: not empty, no empty level, no control characters, at most 255 characters. */
    public static boolean validName(String name) {
        if (name.isEmpty() || name.length() > 255 || name.startsWith("/") || name.contains("//")) {
            return false;
        }
        return name.codePoints().noneMatch(c -> c < 0x20 || c == 0x7f || c == '*' || c == '%');
    }

    public List<Mailbox> list(String account) {
        return query("select m.id, m.name, m.uidvalidity, m.uidnext, m.highest_modseq, m.special_use, m.subscribed "
                + "from mailboxes m join accounts a on a.id = m.account_id where a.name = ? order by m.name",
                ps -> ps.setString(1, AccountStore.normalize(account)), MailboxStore::mailbox);
    }

    public Optional<Mailbox> find(String account, String name) {
        return query("select m.id, m.name, m.uidvalidity, m.uidnext, m.highest_modseq, m.special_use, m.subscribed "
                + "from mailboxes m join accounts a on a.id = m.account_id where a.name = ? and m.name = ?",
                ps -> {
                    ps.setString(1, AccountStore.normalize(account));
                    ps.setString(2, canonical(name));
                }, MailboxStore::mailbox).stream().findFirst();
    }

    /**
     * CREATE (RFC 3501 6.3.3): the superior levels that are missing are created too, a trailing
     * delimiter is dropped.
     */
    public CreateResult create(String account, String name, Optional<String> specialUse) {
        String n = canonical(name.endsWith("/") ? name.substring(0, name.length() - 1) : name);
        if (!validName(n)) {
            return CreateResult.INVALID_NAME;
        }
        return inTransaction(c -> {
            long accountId = accountId(c, account);
            CreateResult result = CreateResult.ALREADY_EXISTS;
            int slash = -1;
            do {
                slash = n.indexOf(DELIMITER, slash + 1);
                String level = slash < 0 ? n : n.substring(0, slash);
                boolean target = slash < 0;
                try (PreparedStatement ps = c.prepareStatement("insert into mailboxes (account_id, name, uidvalidity, special_use) "
                        + "values (?, ?, nextval('mailbox_uidvalidity'), ?) on conflict (account_id, name) do nothing")) {
                    ps.setLong(1, accountId);
                    ps.setString(2, level);
                    ps.setString(3, target ? specialUse.orElse(null) : null);
                    int inserted = ps.executeUpdate();
                    if (target && inserted == 1) {
                        result = CreateResult.CREATED;
                    }
                }
            } while (slash >= 0);
            return result;
        });
    }

    public enum DeleteResult { DELETED, NO_SUCH_MAILBOX, HAS_CHILDREN, INBOX }

    /** DELETE: INBOX cannot be deleted, nor a mailbox with levels below it (Dovecot: "delete them first"). */
    public DeleteResult delete(String account, String name) {
        String n = canonical(name);
        if (n.equals("INBOX")) {
            return DeleteResult.INBOX;
        }
        return inTransaction(c -> {
            long accountId = accountId(c, account);
            Optional<Long> id = mailboxId(c, accountId, n);
            if (id.isEmpty()) {
                return DeleteResult.NO_SUCH_MAILBOX;
            }
            if (hasChildren(c, accountId, n)) {
                return DeleteResult.HAS_CHILDREN;
            }
            try (PreparedStatement ps = c.prepareStatement("delete from mailboxes where id = ?")) {
                ps.setLong(1, id.get());
                ps.executeUpdate();
            }
            return DeleteResult.DELETED;
        });
    }

    private static boolean hasChildren(Connection c, long accountId, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select 1 from mailboxes where account_id = ? and name like ? escape '\\' limit 1")) {
            ps.setLong(1, accountId);
            ps.setString(2, like(name) + "/%");
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static String like(String name) {
        return name.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    /**
     * RENAME with the levels below it; renaming INBOX moves its messages into a new mailbox and
     * leaves INBOX empty (RFC 3501 6.3.5).
     */
    public RenameResult rename(String account, String from, String to) {
        String f = canonical(from);
        String t = canonical(to.endsWith("/") ? to.substring(0, to.length() - 1) : to);
        if (!validName(t) || t.equals("INBOX") || (t + "/").startsWith(f + "/")) {
            return RenameResult.INVALID_NAME;
        }
        return inTransaction(c -> {
            long accountId = accountId(c, account);
            Optional<Long> source = mailboxId(c, accountId, f);
            if (source.isEmpty()) {
                return RenameResult.NO_SUCH_MAILBOX;
            }
            if (mailboxId(c, accountId, t).isPresent() || hasChildren(c, accountId, t)) {
                return RenameResult.ALREADY_EXISTS;
            }
            if (f.equals("INBOX")) {
                createIn(c, accountId, t);
                long target = mailboxId(c, accountId, t).orElseThrow();
                List<Long> uids = uids(c, source.get());
                copyRows(c, source.get(), uids, target);
                expungeRows(c, source.get(), uids);
                return RenameResult.RENAMED;
            }
            try (PreparedStatement ps = c.prepareStatement("update mailboxes set name = ? || substr(name, char_length(?) + 1) "
                    + "where account_id = ? and (name = ? or name like ? escape '\\')")) {
                ps.setString(1, t);
                ps.setString(2, f);
                ps.setLong(3, accountId);
                ps.setString(4, f);
                ps.setString(5, like(f) + "/%");
                ps.executeUpdate();
            }
            // RFC 3501: superior levels of the new name that are missing are created
            int slash = t.lastIndexOf(DELIMITER);
            if (slash > 0) {
                createIn(c, accountId, t.substring(0, slash));
            }
            return RenameResult.RENAMED;
        });
    }

    public boolean subscribe(String account, String name, boolean subscribed) {
        return update("update mailboxes m set subscribed = ? from accounts a where a.id = m.account_id and a.name = ? and m.name = ?",
                ps -> {
                    ps.setBoolean(1, subscribed);
                    ps.setString(2, AccountStore.normalize(account));
                    ps.setString(3, canonical(name));
                }) == 1;
    }

    /**
     * The messages of a mailbox in UID order. Read with a cursor, 5,000 rows at a time, so a mailbox of
     * 100,000 messages is not first buffered whole by the driver.
     */
    public List<Message> messages(long mailboxId) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false); // PostgreSQL's JDBC driver streams with a fetch size only inside a transaction
            try (PreparedStatement ps = c.prepareStatement(
                    "select uid, modseq, flags, internal_date, size, blob_id from messages where mailbox_id = ? order by uid")) {
                ps.setFetchSize(5000);
                ps.setLong(1, mailboxId);
                List<Message> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(message(rs));
                    }
                }
                c.commit();
                return out;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("mailbox query failed: " + e.getMessage(), e);
        }
    }

    /**
     * What changed in a mailbox after {@code modseq}: a session's view is brought up to date from this
     * instead of reading every message again.
     *
     * @param highestModseq the mailbox's HIGHESTMODSEQ at the time of reading; the next call starts here
     * @param changed messages added or whose flags changed after {@code modseq}, in UID order
     * @param expunged UIDs expunged after {@code modseq}, ascending
     */
    public record Changes(long highestModseq, List<Message> changed, List<Long> expunged) {
        public Changes {
            changed = List.copyOf(changed);
            expunged = List.copyOf(expunged);
        }
    }

    /**
     * The changes after {@code modseq}, read in one snapshot (REPEATABLE READ), so a change is seen
     * whole or not at all. Every change takes the next modseq under the mailbox row's lock, so nothing
     * committed later can carry a modseq at or below the one answered. Empty mailbox id: empty changes.
     */
    public Changes changesSince(long mailboxId, long modseq) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            int isolation = c.getTransactionIsolation();
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            try {
                long highest;
                try (PreparedStatement ps = c.prepareStatement("select highest_modseq from mailboxes where id = ?")) {
                    ps.setLong(1, mailboxId);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            c.commit();
                            return new Changes(modseq, List.of(), List.of());
                        }
                        highest = rs.getLong(1);
                    }
                }
                if (highest <= modseq) {
                    c.commit();
                    return new Changes(highest, List.of(), List.of());
                }
                List<Message> changed = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("select uid, modseq, flags, internal_date, size, blob_id from messages "
                        + "where mailbox_id = ? and modseq > ? order by uid")) {
                    ps.setLong(1, mailboxId);
                    ps.setLong(2, modseq);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            changed.add(message(rs));
                        }
                    }
                }
                List<Long> expunged = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("select uid from expunged_messages where mailbox_id = ? and modseq > ? order by uid")) {
                    ps.setLong(1, mailboxId);
                    ps.setLong(2, modseq);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            expunged.add(rs.getLong(1));
                        }
                    }
                }
                c.commit();
                return new Changes(highest, changed, expunged);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setReadOnly(false);
                c.setTransactionIsolation(isolation);
            }
        } catch (SQLException e) {
            throw new StoreException("mailbox query failed: " + e.getMessage(), e);
        }
    }

    /** What STATUS tells about a mailbox, counted in PostgreSQL rather than by reading every message. */
    public record Counts(long messages, long recent, long unseen, long deleted, long size, long uidNext, long uidValidity,
            long highestModseq) {
    }

    /**
     * STATUS's numbers in one statement. System flags are stored in their canonical spelling
     * ({@code \Seen}), so they are compared as stored.
     */
    public Counts counts(long mailboxId) {
        List<Counts> rows = query("select count(x.uid), count(x.uid) filter (where x.uid >= m.first_recent_uid), "
                + "count(x.uid) filter (where not (? = any (x.flags))), count(x.uid) filter (where ? = any (x.flags)), "
                + "coalesce(sum(x.size), 0), m.uidnext, m.uidvalidity, m.highest_modseq "
                + "from mailboxes m left join messages x on x.mailbox_id = m.id where m.id = ? "
                + "group by m.id, m.uidnext, m.uidvalidity, m.highest_modseq, m.first_recent_uid",
                ps -> {
                    ps.setString(1, "\\Seen");
                    ps.setString(2, "\\Deleted");
                    ps.setLong(3, mailboxId);
                }, rs -> new Counts(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6),
                        rs.getLong(7), rs.getLong(8)));
        return rows.isEmpty() ? new Counts(0, 0, 0, 0, 0, 1, 0, 0) : rows.get(0);
    }

    /**
     * RFC 3501 \Recent, as Dovecot keeps it: the first session that selects a mailbox read-write after
     * a message arrived gets that message as recent, no other session does. Claims the UIDs from the
     * mailbox's first recent UID up to {@code uidNextSeen} (exclusive) and answers the first claimed
     * UID; nothing claimed when another session was first.
     */
    public long claimRecent(long mailboxId, long uidNextSeen) {
        return inTransaction(c -> {
            long first;
            try (PreparedStatement ps = c.prepareStatement("select first_recent_uid from mailboxes where id = ? for update")) {
                ps.setLong(1, mailboxId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return uidNextSeen;
                    }
                    first = rs.getLong(1);
                }
            }
            if (first < uidNextSeen) {
                try (PreparedStatement ps = c.prepareStatement("update mailboxes set first_recent_uid = ? where id = ?")) {
                    ps.setLong(1, uidNextSeen);
                    ps.setLong(2, mailboxId);
                    ps.executeUpdate();
                }
            }
            return Math.min(first, uidNextSeen);
        });
    }

    /** UIDs expunged after {@code modseq} (QRESYNC's VANISHED (EARLIER)). */
    public List<Long> expungedSince(long mailboxId, long modseq) {
        return query("select uid from expunged_messages where mailbox_id = ? and modseq > ? order by uid",
                ps -> {
                    ps.setLong(1, mailboxId);
                    ps.setLong(2, modseq);
                }, rs -> rs.getLong(1));
    }

    /**
     * The headers of many messages at once, by blob id (SORT, THREAD and header SEARCH read no bodies):
     * each message up to and including its first empty line (CRLF CRLF), at most {@code limit} bytes;
     * a message without one comes whole up to the limit. Read a few hundred at a time.
     */
    public java.util.Map<String, byte[]> headers(Collection<String> blobIds, int limit) {
        java.util.Map<String, byte[]> out = new java.util.HashMap<>();
        List<String> ids = List.copyOf(blobIds);
        for (int from = 0; from < ids.size(); from += 500) {
            List<String> batch = ids.subList(from, Math.min(ids.size(), from + 500));
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                    "select id, substring(data from 1 for case when position(?::bytea in data) > 0 "
                            + "then least(position(?::bytea in data) + 3, ?) else ? end) from blobs where id = any (?)")) {
                byte[] blank = {'\r', '\n', '\r', '\n'};
                ps.setBytes(1, blank);
                ps.setBytes(2, blank);
                ps.setInt(3, limit);
                ps.setInt(4, limit);
                ps.setArray(5, c.createArrayOf("text", batch.toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1), rs.getBytes(2));
                    }
                }
            } catch (SQLException e) {
                throw new StoreException("mailbox query failed: " + e.getMessage(), e);
            }
        }
        return out;
    }

    /**
     * The header facts stored for these blobs, whatever their version; a blob without them is not in the map.
     * Read 500 at a time.
     *
     * @throws StoreException when PostgreSQL cannot be read
     */
    public java.util.Map<String, Facts> facts(Collection<String> blobIds) {
        return FactsTable.read(dataSource, blobIds);
    }

    /**
     * Stores header facts by blob id, 500 to a transaction. Facts already there stay, unless these are of a newer
     * version; a blob that does not exist (any more) gets none.
     *
     * @throws StoreException when PostgreSQL cannot be written; batches written before stay
     */
    public void putFacts(java.util.Map<String, Facts> facts) {
        FactsTable.write(dataSource, facts);
    }

    /** The bytes of a message. */
    public Optional<byte[]> content(Message message) {
        return blobs.get(message.blobId());
    }

    /**
     * STORE: flags of the given UIDs changed in one mod-sequence. With {@code unchangedSince}
     * (CONDSTORE), messages modified after it are left alone and reported.
     */
    public FlagUpdate storeFlags(long mailboxId, Collection<Long> uids, FlagMode mode, Set<String> flags,
            OptionalLong unchangedSince) {
        if (uids.isEmpty()) {
            return new FlagUpdate(List.of(), List.of());
        }
        return inTransaction(c -> {
            long modseq = nextModseq(c, mailboxId); // locks the mailbox row first
            List<Message> changed = new ArrayList<>();
            List<Long> modified = new ArrayList<>();
            for (Message m : selectForUpdate(c, mailboxId, uids)) {
                if (unchangedSince.isPresent() && m.modseq() > unchangedSince.getAsLong()) {
                    modified.add(m.uid());
                    continue;
                }
                Set<String> now = new LinkedHashSet<>(m.flags());
                switch (mode) {
                    case ADD -> flags.stream().filter(f -> now.stream().noneMatch(g -> g.equalsIgnoreCase(f))).forEach(now::add);
                    case REMOVE -> now.removeIf(f -> flags.stream().anyMatch(g -> g.equalsIgnoreCase(f)));
                    case REPLACE -> {
                        now.clear();
                        now.addAll(flags);
                    }
                }
                if (sameFlags(now, m.flags())) {
                    continue;
                }
                try (PreparedStatement ps = c.prepareStatement("update messages set flags = ?, modseq = ? where mailbox_id = ? and uid = ?")) {
                    ps.setArray(1, c.createArrayOf("text", now.toArray(String[]::new)));
                    ps.setLong(2, modseq);
                    ps.setLong(3, mailboxId);
                    ps.setLong(4, m.uid());
                    ps.executeUpdate();
                }
                changed.add(new Message(m.uid(), modseq, List.copyOf(now), m.internalDate(), m.size(), m.blobId()));
            }
            return new FlagUpdate(changed, modified);
        });
    }

    /** EXPUNGE (or UID EXPUNGE with {@code onlyUids}): removes the messages flagged \Deleted; answers their UIDs. */
    public List<Long> expunge(long mailboxId, Optional<Collection<Long>> onlyUids) {
        return inTransaction(c -> {
            lockMailboxes(c, List.of(mailboxId));
            List<Long> doomed = new ArrayList<>();
            for (Message m : onlyUids.isPresent() ? selectForUpdate(c, mailboxId, onlyUids.get()) : selectAllForUpdate(c, mailboxId)) {
                if (m.flags().stream().anyMatch(f -> f.equalsIgnoreCase("\\Deleted"))) {
                    doomed.add(m.uid());
                }
            }
            expungeRows(c, mailboxId, doomed);
            return doomed;
        });
    }

    /**
     * POP3's UPDATE state (RFC 1939 section 6): removes exactly these messages, whatever their flags,
     * in one transaction, with the same EXPUNGE bookkeeping as {@link #expunge}. Answers the UIDs it
     * removed; a UID already gone (expunged by another session meanwhile) is not an error.
     */
    public List<Long> expungeUids(long mailboxId, Collection<Long> uids) {
        if (uids.isEmpty()) {
            return List.of();
        }
        return inTransaction(c -> {
            lockMailboxes(c, List.of(mailboxId));
            List<Long> doomed = selectForUpdate(c, mailboxId, uids).stream().map(Message::uid).toList();
            expungeRows(c, mailboxId, doomed);
            return doomed;
        });
    }

    /** APPEND: stores the bytes, then the message with the next UID. */
    public Assigned append(String account, String mailbox, byte[] content, Set<String> flags, Instant internalDate) {
        String blobId = "app/" + java.util.UUID.randomUUID();
        blobs.putIdempotent(blobId, content);
        return inTransaction(c -> {
            long mailboxId = mailboxId(c, accountId(c, account), canonical(mailbox))
                    .orElseThrow(() -> new StoreException("no such mailbox " + mailbox));
            long[] next = nextUid(c, mailboxId, 1);
            insertMessage(c, mailboxId, next[0], next[2], caseless(flags), internalDate, content.length, blobId);
            return new Assigned(next[1], List.of(), List.of(next[0]), List.of(blobId));
        });
    }

    /** Flags without case-insensitive repeats ({@code $Label} and {@code $label} are one keyword). */
    private static Set<String> caseless(Set<String> flags) {
        Set<String> out = new LinkedHashSet<>();
        flags.stream().filter(f -> out.stream().noneMatch(g -> g.equalsIgnoreCase(f))).forEach(out::add);
        return out;
    }

    /** COPY: the messages with these UIDs into another mailbox (sharing their bytes), in UID order. */
    public Assigned copy(long fromMailboxId, Collection<Long> uids, long toMailboxId) {
        return inTransaction(c -> {
            lockMailboxes(c, List.of(fromMailboxId, toMailboxId));
            return copyRows(c, fromMailboxId, uids, toMailboxId);
        });
    }

    /** MOVE (RFC 6851): COPY, then EXPUNGE of the originals, in one transaction. */
    public Assigned move(long fromMailboxId, Collection<Long> uids, long toMailboxId) {
        return inTransaction(c -> {
            lockMailboxes(c, List.of(fromMailboxId, toMailboxId));
            Assigned assigned = copyRows(c, fromMailboxId, uids, toMailboxId);
            expungeRows(c, fromMailboxId, assigned.sourceUids());
            return assigned;
        });
    }

    // ---- inside a transaction

    /** Locks mailbox rows in id order, before any message row: writers never wait for each other in a circle. */
    private static void lockMailboxes(Connection c, List<Long> ids) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select id from mailboxes where id = any (?) order by id for update")) {
            ps.setArray(1, c.createArrayOf("bigint", new TreeSet<>(ids).toArray()));
            ps.executeQuery().close();
        }
    }

    private Assigned copyRows(Connection c, long from, Collection<Long> uids, long to) throws SQLException {
        List<Message> source = selectForUpdate(c, from, uids);
        if (source.isEmpty()) {
            return new Assigned(uidValidity(c, to), List.of(), List.of(), List.of());
        }
        long[] next = nextUid(c, to, source.size());
        List<Long> sourceUids = new ArrayList<>();
        List<Long> newUids = new ArrayList<>();
        List<String> blobIds = new ArrayList<>();
        long uid = next[0];
        for (Message m : source) {
            insertMessage(c, to, uid, next[2], new LinkedHashSet<>(m.flags()), m.internalDate(), m.size(), m.blobId());
            sourceUids.add(m.uid());
            newUids.add(uid);
            blobIds.add(m.blobId());
            uid++;
        }
        return new Assigned(next[1], sourceUids, newUids, blobIds);
    }

    private void expungeRows(Connection c, long mailboxId, List<Long> uids) throws SQLException {
        if (uids.isEmpty()) {
            return;
        }
        long modseq = nextModseq(c, mailboxId);
        Array array = c.createArrayOf("bigint", uids.toArray());
        try (PreparedStatement ps = c.prepareStatement("delete from messages where mailbox_id = ? and uid = any (?)")) {
            ps.setLong(1, mailboxId);
            ps.setArray(2, array);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("insert into expunged_messages (mailbox_id, uid, modseq) "
                + "select ?, u, ? from unnest(?::bigint[]) u on conflict do nothing")) {
            ps.setLong(1, mailboxId);
            ps.setLong(2, modseq);
            ps.setArray(3, array);
            ps.executeUpdate();
        }
    }

    private static void insertMessage(Connection c, long mailboxId, long uid, long modseq, Set<String> flags, Instant date,
            long size, String blobId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into messages (mailbox_id, uid, modseq, flags, internal_date, size, blob_id) "
                + "values (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, mailboxId);
            ps.setLong(2, uid);
            ps.setLong(3, modseq);
            ps.setArray(4, c.createArrayOf("text", flags.toArray(String[]::new)));
            ps.setTimestamp(5, Timestamp.from(date));
            ps.setLong(6, size);
            ps.setString(7, blobId);
            ps.executeUpdate();
        }
    }

    /** Takes {@code count} UIDs and one mod-sequence: {first uid, uidvalidity, modseq}. */
    private static long[] nextUid(Connection c, long mailboxId, int count) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("update mailboxes set uidnext = uidnext + ?, highest_modseq = highest_modseq + 1 "
                + "where id = ? returning uidnext - ?, uidvalidity, highest_modseq")) {
            ps.setInt(1, count);
            ps.setLong(2, mailboxId);
            ps.setInt(3, count);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new StoreException("mailbox " + mailboxId + " is gone");
                }
                return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)};
            }
        }
    }

    private static long nextModseq(Connection c, long mailboxId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("update mailboxes set highest_modseq = highest_modseq + 1 where id = ? "
                + "returning highest_modseq")) {
            ps.setLong(1, mailboxId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new StoreException("mailbox " + mailboxId + " is gone");
                }
                return rs.getLong(1);
            }
        }
    }

    private static long uidValidity(Connection c, long mailboxId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select uidvalidity from mailboxes where id = ?")) {
            ps.setLong(1, mailboxId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new StoreException("mailbox " + mailboxId + " is gone");
                }
                return rs.getLong(1);
            }
        }
    }

    private static List<Message> selectForUpdate(Connection c, long mailboxId, Collection<Long> uids) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select uid, modseq, flags, internal_date, size, blob_id from messages "
                + "where mailbox_id = ? and uid = any (?) order by uid for update")) {
            ps.setLong(1, mailboxId);
            ps.setArray(2, c.createArrayOf("bigint", new TreeSet<>(uids).toArray()));
            return rows(ps);
        }
    }

    private static List<Message> selectAllForUpdate(Connection c, long mailboxId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select uid, modseq, flags, internal_date, size, blob_id from messages "
                + "where mailbox_id = ? order by uid for update")) {
            ps.setLong(1, mailboxId);
            return rows(ps);
        }
    }

    private static List<Long> uids(Connection c, long mailboxId) throws SQLException {
        return selectAllForUpdate(c, mailboxId).stream().map(Message::uid).toList();
    }

    private static List<Message> rows(PreparedStatement ps) throws SQLException {
        List<Message> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(message(rs));
            }
        }
        return out;
    }

    private static void createIn(Connection c, long accountId, String name) throws SQLException {
        int slash = -1;
        do {
            slash = name.indexOf(DELIMITER, slash + 1);
            try (PreparedStatement ps = c.prepareStatement("insert into mailboxes (account_id, name, uidvalidity) "
                    + "values (?, ?, nextval('mailbox_uidvalidity')) on conflict (account_id, name) do nothing")) {
                ps.setLong(1, accountId);
                ps.setString(2, slash < 0 ? name : name.substring(0, slash));
                ps.executeUpdate();
            }
        } while (slash >= 0);
    }

    private static long accountId(Connection c, String account) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select id from accounts where name = ?")) {
            ps.setString(1, AccountStore.normalize(account));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new StoreException("no such account " + account);
                }
                return rs.getLong(1);
            }
        }
    }

    private static Optional<Long> mailboxId(Connection c, long accountId, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select id from mailboxes where account_id = ? and name = ?")) {
            ps.setLong(1, accountId);
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    private static boolean sameFlags(Set<String> a, List<String> b) {
        return a.size() == b.size() && a.stream().allMatch(f -> b.stream().anyMatch(g -> g.equalsIgnoreCase(f)));
    }

    private static Mailbox mailbox(ResultSet rs) throws SQLException {
        return new Mailbox(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                Optional.ofNullable(rs.getString(6)), rs.getBoolean(7));
    }

    private static Message message(ResultSet rs) throws SQLException {
        return new Message(rs.getLong(1), rs.getLong(2), Arrays.asList((String[]) rs.getArray(3).getArray()),
                rs.getTimestamp(4).toInstant(), rs.getLong(5), rs.getString(6));
    }

    // ---- JDBC plumbing

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }


    private <T> List<T> query(String sql, Binder binder, RowMapper<T> mapper) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            List<T> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(mapper.map(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("mailbox query failed: " + e.getMessage(), e);
        }
    }

    private int update(String sql, Binder binder) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("mailbox update failed: " + e.getMessage(), e);
        }
    }

    private <T> T inTransaction(Transactions.Work<T> work) {
        return Transactions.run(dataSource, "mailbox change", work);
    }
}
