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
import java.util.List;
import javax.sql.DataSource;

/**
 * Mailboxes and the messages in them.
 *
 * <p>UIDs and modseqs are assigned by one {@code UPDATE ... RETURNING} on the mailbox row, inside
 * the same transaction as the message insert: the row lock serialises concurrent deliveries to one
 * mailbox, so UIDs are strictly ascending and never reused (RFC 3501 2.3.1.1), with no gaps from
 * rolled-back deliveries visible to a client.
 */
public final class MailStore {

    /** Outcome of a local delivery. */
    public sealed interface DeliveryResult {
        /** Stored as a new message with this UID, its bytes in this blob. */
        record Delivered(long uid, String blobId) implements DeliveryResult { }
        /** This (queue id, recipient) was delivered before; nothing was stored again. */
        record Duplicate() implements DeliveryResult { }
        /** The account or its mailbox does not exist. */
        record NoSuchMailbox() implements DeliveryResult { }
    }

    private final DataSource dataSource;
    private final BlobStore blobs;

    public MailStore(DataSource dataSource, BlobStore blobs) {
        this.dataSource = dataSource;
        this.blobs = blobs;
    }

    /**
     * Delivers a message into an account's mailbox exactly once per (queue id, recipient): a
     * repeated call (a redelivered Kafka record) returns {@link DeliveryResult.Duplicate} and stores
     * nothing. The blob is written first under an id derived from the same key, so a crash between
     * the two writes leaves at most a blob that the retry reuses.
     */
    public DeliveryResult deliver(String queueId, String recipientAddress, String account, String mailbox, byte[] content,
            Instant internalDate) {
        // one key for the blob and the idempotency row: recipients that differ only in case are one delivery
        String recipient = recipientAddress.toLowerCase(java.util.Locale.ROOT);
        String blobId = "dlv/" + queueId + "/" + recipient;
        // Never hold a connection while asking the pool for another: the blob is written (and
        // the duplicate check done) before the delivery transaction takes its connection.
        try (Connection c = dataSource.getConnection()) {
            if (alreadyDelivered(c, queueId, recipient)) {
                return new DeliveryResult.Duplicate();
            }
        } catch (SQLException e) {
            throw new StoreException("delivery to " + recipient + " failed: " + e.getMessage(), e);
        }
        blobs.putIdempotent(blobId, content);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                long mailboxId;
                long uid;
                long modseq;
                try (PreparedStatement ps = c.prepareStatement(
                        "update mailboxes m set uidnext = uidnext + 1, highest_modseq = highest_modseq + 1 "
                                + "from accounts a where a.id = m.account_id and a.name = ? and m.name = ? "
                                + "returning m.id, m.uidnext - 1, m.highest_modseq")) {
                    ps.setString(1, AccountStore.normalize(account));
                    ps.setString(2, mailbox);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            c.rollback();
                            return new DeliveryResult.NoSuchMailbox();
                        }
                        mailboxId = rs.getLong(1);
                        uid = rs.getLong(2);
                        modseq = rs.getLong(3);
                    }
                }
                long messageId;
                try (PreparedStatement ps = c.prepareStatement(
                        "insert into messages (mailbox_id, uid, modseq, internal_date, size, blob_id) "
                                + "values (?, ?, ?, ?, ?, ?) returning id")) {
                    ps.setLong(1, mailboxId);
                    ps.setLong(2, uid);
                    ps.setLong(3, modseq);
                    ps.setTimestamp(4, Timestamp.from(internalDate));
                    ps.setLong(5, content.length);
                    ps.setString(6, blobId);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        messageId = rs.getLong(1);
                    }
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "insert into local_deliveries (queue_id, recipient, message_id) values (?, ?, ?)")) {
                    ps.setString(1, queueId);
                    ps.setString(2, recipient);
                    ps.setLong(3, messageId);
                    ps.executeUpdate();
                }
                c.commit();
                return new DeliveryResult.Delivered(uid, blobId);
            } catch (SQLException e) {
                c.rollback();
                if ("23505".equals(e.getSQLState())) {
                    // a concurrent delivery of the same record won the primary key race
                    return new DeliveryResult.Duplicate();
                }
                throw e;
            } catch (RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("delivery to " + recipient + " failed: " + e.getMessage(), e);
        }
    }

    private static boolean alreadyDelivered(Connection c, String queueId, String recipient) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "select 1 from local_deliveries where queue_id = ? and recipient = ?")) {
            ps.setString(1, queueId);
            ps.setString(2, recipient);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** The messages of one mailbox in UID order; empty when the account or mailbox does not exist. */
    public List<StoredMessage> messages(String account, String mailbox) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "select msg.id, msg.uid, msg.modseq, msg.flags, msg.internal_date, msg.size, msg.blob_id "
                                + "from messages msg join mailboxes m on m.id = msg.mailbox_id "
                                + "join accounts a on a.id = m.account_id where a.name = ? and m.name = ? order by msg.uid")) {
            ps.setString(1, AccountStore.normalize(account));
            ps.setString(2, mailbox);
            try (ResultSet rs = ps.executeQuery()) {
                List<StoredMessage> list = new ArrayList<>();
                while (rs.next()) {
                    Array flags = rs.getArray(4);
                    list.add(new StoredMessage(rs.getLong(1), rs.getLong(2), rs.getLong(3),
                            Arrays.asList((String[]) flags.getArray()), rs.getTimestamp(5).toInstant(), rs.getLong(6),
                            rs.getString(7)));
                }
                return list;
            }
        } catch (SQLException e) {
            throw new StoreException("message list failed: " + e.getMessage(), e);
        }
    }

    /**
     * Stores the header facts of delivered messages by blob id, as {@link MailboxStore#putFacts} does.
     *
     * @throws StoreException when PostgreSQL cannot be written
     */
    public void putFacts(java.util.Map<String, MailboxStore.Facts> facts) {
        FactsTable.write(dataSource, facts);
    }

    public BlobStore blobs() {
        return blobs;
    }
}
