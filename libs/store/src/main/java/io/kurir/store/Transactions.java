package io.kurir.store;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * One unit of work in one transaction: committed when it returns, rolled back when it throws; a
 * database failure becomes a {@link StoreException} whose message starts with what was being done.
 */
public final class Transactions {

    /** Work on a connection inside a transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private Transactions() {
    }

    /** @param failure the start of the error message, e.g. {@code queue: enqueue 4A1F21C0D3E7} */
    public static <T> T run(DataSource dataSource, String failure, Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException(failure + " failed: " + e.getMessage(), e);
        }
    }
}
