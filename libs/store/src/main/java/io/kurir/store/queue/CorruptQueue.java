package io.kurir.store.queue;

import io.kurir.mail.payload.CorruptRecord;
import io.kurir.store.BlobStore;
import io.kurir.store.Transactions;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Postfix's corrupt queue (migration V14): the records of {@code mail.corrupt}, kept by
 * queue-service until the administrator deletes them ({@code ./kurir queue corrupt}). Their raw
 * queue files are kept as long as they are.
 */
public final class CorruptQueue {

    /** One entry, as listed. */
    public record Entry(String queueId, String reason, String record, Optional<String> blobId,
            java.time.Instant reportedAt) {
    }

    private final DataSource dataSource;
    private final BlobStore blobs;

    public CorruptQueue(DataSource dataSource, BlobStore blobs) {
        this.dataSource = dataSource;
        this.blobs = blobs;
    }

    /** Keeps a record; false, changing nothing, when its queue id is there already (a redelivered record). */
    public boolean add(CorruptRecord r) {
        return Transactions.run(dataSource, "corrupt queue: add " + r.queueId(), c -> {
            try (PreparedStatement ps = c.prepareStatement("insert into corrupt_messages (queue_id, reason, record, "
                    + "blob_id, reported_at) values (?, ?, ?, ?, ?) on conflict (queue_id) do nothing")) {
                ps.setString(1, r.queueId());
                ps.setString(2, r.reason());
                ps.setString(3, r.record().replace("\0", "\\0")); // PostgreSQL text cannot hold NUL
                ps.setString(4, r.blobId());
                ps.setTimestamp(5, Timestamp.from(r.reportedAt()));
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** Every entry, oldest first. */
    public List<Entry> list() {
        return Transactions.run(dataSource, "corrupt queue: list", c -> {
            try (PreparedStatement ps = c.prepareStatement("select queue_id, reason, record, blob_id, reported_at "
                    + "from corrupt_messages order by reported_at, queue_id"); ResultSet rs = ps.executeQuery()) {
                List<Entry> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(entry(rs));
                }
                return out;
            }
        });
    }

    public Optional<Entry> find(String queueId) {
        return Transactions.run(dataSource, "corrupt queue: find " + queueId, c -> {
            try (PreparedStatement ps = c.prepareStatement("select queue_id, reason, record, blob_id, reported_at "
                    + "from corrupt_messages where queue_id = ?")) {
                ps.setString(1, queueId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(entry(rs)) : Optional.empty();
                }
            }
        });
    }

    /** Deletes entries and their raw queue files; returns how many entries there were. */
    public int delete(List<String> queueIds) {
        List<String> files = new ArrayList<>();
        int deleted = Transactions.run(dataSource, "corrupt queue: delete", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "delete from corrupt_messages where queue_id = any(?) returning blob_id")) {
                ps.setArray(1, c.createArrayOf("text", queueIds.toArray()));
                int n = 0;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        n++;
                        if (rs.getString(1) != null) {
                            files.add(rs.getString(1));
                        }
                    }
                }
                return n;
            }
        });
        blobs.deleteAll(files);
        return deleted;
    }

    /**
     * Takes an entry out of the corrupt queue to send its record again, keeping its queue file (the
     * record names it); empty when there is no such entry.
     */
    public Optional<Entry> take(String queueId) {
        return Transactions.run(dataSource, "corrupt queue: take " + queueId, c -> {
            try (PreparedStatement ps = c.prepareStatement("delete from corrupt_messages where queue_id = ? "
                    + "returning queue_id, reason, record, blob_id, reported_at")) {
                ps.setString(1, queueId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(entry(rs)) : Optional.empty();
                }
            }
        });
    }

    /** Deletes every entry (postsuper -d ALL corrupt); returns how many there were. */
    public int deleteAll() {
        return delete(list().stream().map(Entry::queueId).toList());
    }

    private static Entry entry(ResultSet rs) throws SQLException {
        return new Entry(rs.getString(1), rs.getString(2), rs.getString(3), Optional.ofNullable(rs.getString(4)),
                rs.getTimestamp(5).toInstant());
    }
}
