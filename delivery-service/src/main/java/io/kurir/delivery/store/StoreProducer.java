package io.kurir.delivery.store;

import io.kurir.store.AccountStore;
import io.kurir.store.MailStore;
import io.kurir.store.Migrations;
import io.kurir.store.PgBlobStore;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import javax.sql.DataSource;

/** The mail store on the service's PostgreSQL data source; the schema is migrated on first use. */
public class StoreProducer {

    @Produces
    @Singleton
    MailStore mailStore(DataSource dataSource) {
        Migrations.migrate(dataSource);
        return new MailStore(dataSource, new PgBlobStore(dataSource));
    }

    @Produces
    @Singleton
    AccountStore accountStore(DataSource dataSource, MailStore migrated) {
        return new AccountStore(dataSource);
    }
}
