package io.kurir.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Optional;
import javax.sql.DataSource;

/** Blobs in the {@code blobs} table: nothing extra to run. */
public final class PgBlobStore implements BlobStore {

    private final DataSource dataSource;

    public PgBlobStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public boolean putNew(String id, byte[] data) {
        return insert(id, data) == 1;
    }

    @Override
    public void putIdempotent(String id, byte[] data) {
        insert(id, data);
    }

    private int insert(String id, byte[] data) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "insert into blobs (id, data, size) values (?, ?, ?) on conflict (id) do nothing")) {
            c.setAutoCommit(true);
            ps.setString(1, id);
            ps.setBytes(2, data);
            ps.setLong(3, data.length);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("blob write failed: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<byte[]> get(String id) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("select data from blobs where id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("blob read failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void delete(String id) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "delete from blobs b where b.id = ? and not exists (select 1 from messages m where m.blob_id = b.id)")) {
            c.setAutoCommit(true);
            ps.setString(1, id);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("blob delete failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void deleteAll(Collection<String> ids) {
        if (ids.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("delete from blobs b where b.id = any(?) "
                        + "and not exists (select 1 from messages m where m.blob_id = b.id)")) {
            c.setAutoCommit(true);
            ps.setArray(1, c.createArrayOf("text", ids.toArray()));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("blob delete failed: " + e.getMessage(), e);
        }
    }
}
