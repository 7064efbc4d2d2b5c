package io.kurir.queue.store;

import io.kurir.store.BlobStore;
import io.kurir.store.Migrations;
import io.kurir.store.PgBlobStore;
import io.kurir.store.queue.CorruptQueue;
import io.kurir.store.queue.QueueStore;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import javax.sql.DataSource;

/** The queue and the blob store on the service's PostgreSQL data source; the schema is migrated on first use. */
public class StoreProducer {

    @Produces
    @Singleton
    QueueStore queueStore(DataSource dataSource) {
        Migrations.migrate(dataSource);
        return new QueueStore(dataSource);
    }

    @Produces
    @Singleton
    BlobStore blobStore(DataSource dataSource) {
        return new PgBlobStore(dataSource);
    }

    /** mail.corrupt as the administrator sees it. */
    @Produces
    @Singleton
    CorruptQueue corruptQueue(DataSource dataSource, QueueStore migratedFirst, BlobStore blobs) {
        return new CorruptQueue(dataSource, blobs);
    }
}
