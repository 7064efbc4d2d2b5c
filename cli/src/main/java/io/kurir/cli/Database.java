package io.kurir.cli;

import io.kurir.devstack.EmbeddedPg;
import io.kurir.store.Migrations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The PostgreSQL of a data folder for the administration commands: the one of a running
 * {@code kurir up} when there is one, otherwise the folder's embedded PostgreSQL started just for
 * this command and stopped after it.
 */
final class Database implements AutoCloseable {

    private final DataSource dataSource;
    private final Optional<EmbeddedPg> ownPostgres;

    private Database(DataSource dataSource, Optional<EmbeddedPg> ownPostgres) {
        this.dataSource = dataSource;
        this.ownPostgres = ownPostgres;
    }

    static Database open(Path dataDir) throws Exception {
        Optional<StackFile> live = StackFile.readLive(dataDir);
        if (live.isPresent()) {
            var ds = new PGSimpleDataSource();
            ds.setUrl(live.get().jdbcUrl());
            ds.setUser(live.get().user());
            ds.setPassword(live.get().password());
            Migrations.migrate(ds);
            return new Database(ds, Optional.empty());
        }
        Files.createDirectories(dataDir);
        EmbeddedPg pg = EmbeddedPg.start(dataDir.resolve("postgres"), 0, true);
        try {
            Migrations.migrate(pg.dataSource());
        } catch (RuntimeException e) {
            pg.close();
            throw e;
        }
        return new Database(pg.dataSource(), Optional.of(pg));
    }

    DataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() {
        ownPostgres.ifPresent(EmbeddedPg::close);
    }
}
