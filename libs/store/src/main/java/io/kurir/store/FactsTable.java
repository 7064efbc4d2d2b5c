package io.kurir.store;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The {@code message_facts} table (migration V9): {@link MailboxStore.Facts} by blob id. Header values are byte
 * strings, stored as the bytes they stand for (ISO-8859-1 maps each char to its byte and back).
 */
final class FactsTable {

    /** Ids per query, rows per transaction. */
    private static final int BATCH = 500;

    private FactsTable() {
    }

    static Map<String, MailboxStore.Facts> read(DataSource dataSource, Collection<String> blobIds) {
        Map<String, MailboxStore.Facts> out = new HashMap<>();
        List<String> ids = List.copyOf(blobIds);
        for (int from = 0; from < ids.size(); from += BATCH) {
            List<String> batch = ids.subList(from, Math.min(ids.size(), from + BATCH));
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                    "select blob_id, facts_version, sent_at, hdr_date, hdr_subject, hdr_from, hdr_to, hdr_cc, hdr_message_id, "
                            + "hdr_references, hdr_in_reply_to from message_facts where blob_id = any (?)")) {
                ps.setArray(1, c.createArrayOf("text", batch.toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1), new MailboxStore.Facts(rs.getInt(2),
                                Optional.ofNullable(rs.getObject(3, OffsetDateTime.class)).map(OffsetDateTime::toInstant),
                                text(rs, 4), text(rs, 5), text(rs, 6), text(rs, 7), text(rs, 8), text(rs, 9), text(rs, 10),
                                text(rs, 11)));
                    }
                }
            } catch (SQLException e) {
                throw new StoreException("message facts query failed: " + e.getMessage(), e);
            }
        }
        return out;
    }

    static void write(DataSource dataSource, Map<String, MailboxStore.Facts> facts) {
        List<Map.Entry<String, MailboxStore.Facts>> rows = new ArrayList<>(facts.entrySet());
        for (int from = 0; from < rows.size(); from += BATCH) {
            List<Map.Entry<String, MailboxStore.Facts>> batch = rows.subList(from, Math.min(rows.size(), from + BATCH));
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                // a blob deleted meanwhile gets no row; an existing row is replaced only by a newer facts_version
                try (PreparedStatement ps = c.prepareStatement("insert into message_facts (blob_id, facts_version, sent_at, "
                        + "hdr_date, hdr_subject, hdr_from, hdr_to, hdr_cc, hdr_message_id, hdr_references, hdr_in_reply_to) "
                        + "select ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? where exists (select 1 from blobs where id = ?) "
                        + "on conflict (blob_id) do update set facts_version = excluded.facts_version, sent_at = excluded.sent_at, "
                        + "hdr_date = excluded.hdr_date, hdr_subject = excluded.hdr_subject, hdr_from = excluded.hdr_from, "
                        + "hdr_to = excluded.hdr_to, hdr_cc = excluded.hdr_cc, hdr_message_id = excluded.hdr_message_id, "
                        + "hdr_references = excluded.hdr_references, hdr_in_reply_to = excluded.hdr_in_reply_to "
                        + "where message_facts.facts_version < excluded.facts_version")) {
                    for (Map.Entry<String, MailboxStore.Facts> row : batch) {
                        MailboxStore.Facts f = row.getValue();
                        ps.setString(1, row.getKey());
                        ps.setInt(2, f.version());
                        ps.setObject(3, f.sentAt().map(t -> t.atOffset(ZoneOffset.UTC)).orElse(null), Types.TIMESTAMP_WITH_TIMEZONE);
                        List<Optional<String>> values = List.of(f.date(), f.subject(), f.from(), f.to(), f.cc(), f.messageId(),
                                f.references(), f.inReplyTo());
                        for (int i = 0; i < values.size(); i++) {
                            ps.setBytes(4 + i, values.get(i).map(v -> v.getBytes(StandardCharsets.ISO_8859_1)).orElse(null));
                        }
                        ps.setString(12, row.getKey());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                    c.commit();
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                }
            } catch (SQLException e) {
                throw new StoreException("message facts write failed: " + e.getMessage(), e);
            }
        }
    }

    private static Optional<String> text(ResultSet rs, int column) throws SQLException {
        return Optional.ofNullable(rs.getBytes(column)).map(b -> new String(b, StandardCharsets.ISO_8859_1));
    }
}
