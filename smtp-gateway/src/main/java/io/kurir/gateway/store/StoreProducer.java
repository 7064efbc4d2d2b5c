package io.kurir.gateway.store;

import io.kurir.store.AccessStore;
import io.kurir.store.AccountStore;
import io.kurir.store.BlobStore;
import io.kurir.store.Migrations;
import io.kurir.store.PgBlobStore;
import io.kurir.store.alias.AliasStore;
import io.kurir.store.checks.ChecksStore;
import io.kurir.store.queue.QueueAdmin;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import javax.sql.DataSource;

/** Stores on the service's PostgreSQL data source; the schema is migrated on first use. */
public class StoreProducer {

    @Produces
    @Singleton
    BlobStore blobStore(DataSource dataSource) {
        Migrations.migrate(dataSource);
        return new PgBlobStore(dataSource);
    }

    @Produces
    @Singleton
    AccountStore accountStore(DataSource dataSource, BlobStore migratedFirst) {
        return new AccountStore(dataSource);
    }

    /** The queue in PostgreSQL, for ETRN (the same tables queue-service schedules from). */
    @Produces
    @Singleton
    QueueAdmin queueAdmin(DataSource dataSource, BlobStore blobs) {
        return new QueueAdmin(dataSource, blobs);
    }

    /** aliases(5) and virtual(5) tables: recipients they name are valid at RCPT. */
    @Produces
    @Singleton
    AliasStore aliasStore(DataSource dataSource, BlobStore migratedFirst) {
        return new AliasStore(dataSource);
    }

    @Produces
    @Singleton
    AccessStore accessStore(DataSource dataSource, BlobStore migratedFirst) {
        return new AccessStore(dataSource);
    }

    /** header_checks and body_checks imported with ./kurir checks (REJECT before the 250). */
    @Produces
    @Singleton
    ChecksStore checksStore(DataSource dataSource, BlobStore migratedFirst) {
        return new ChecksStore(dataSource);
    }
}
