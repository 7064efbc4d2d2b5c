package io.kurir.rewrite.store;

import io.kurir.store.BlobStore;
import io.kurir.store.Migrations;
import io.kurir.store.PgBlobStore;
import io.kurir.store.alias.AliasStore;
import io.kurir.store.checks.ChecksStore;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import javax.sql.DataSource;

/** The blob store on the service's PostgreSQL data source; the schema is migrated on first use. */
public class StoreProducer {

    @Produces
    @Singleton
    BlobStore blobStore(DataSource dataSource) {
        Migrations.migrate(dataSource);
        return new PgBlobStore(dataSource);
    }

    /** aliases(5) and virtual(5) tables, expanded by cleanup. */
    @Produces
    @Singleton
    AliasStore aliasStore(DataSource dataSource, BlobStore migratedFirst) {
        return new AliasStore(dataSource);
    }

    /** header_checks and body_checks imported with ./kurir checks, applied by cleanup. */
    @Produces
    @Singleton
    ChecksStore checksStore(DataSource dataSource, BlobStore migratedFirst) {
        return new ChecksStore(dataSource);
    }
}
