package io.kurir.imap.store;

import io.kurir.store.AccountStore;
import io.kurir.store.BlobStore;
import io.kurir.store.MailboxNotifications;
import io.kurir.store.MailboxStore;
import io.kurir.store.Migrations;
import io.kurir.store.PgBlobStore;
import jakarta.enterprise.inject.Disposes;
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

    @Produces
    @Singleton
    MailboxStore mailboxStore(DataSource dataSource, BlobStore blobs) {
        return new MailboxStore(dataSource, blobs);
    }

    /** PostgreSQL's word that a mailbox changed (LISTEN/NOTIFY), for IDLE; one connection per replica. */
    @Produces
    @Singleton
    MailboxNotifications mailboxNotifications(DataSource dataSource, BlobStore migratedFirst) {
        return new MailboxNotifications(dataSource);
    }

    void close(@Disposes MailboxNotifications notifications) {
        notifications.close();
    }
}
