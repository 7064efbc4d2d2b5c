package io.kurir.store.checks;

import io.kurir.checks.CheckTable;
import io.kurir.checks.ContentChecks;
import io.kurir.store.VersionedCache;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The header and body checks a service applies, as smtp-gateway (REJECT) and rewrite-service (the
 * other actions) both see them: the tables imported into PostgreSQL ({@link ChecksStore}), then,
 * for inputs they have no rule for, the {@code regexp:/path} files named by the
 * {@code header-checks} and {@code body-checks} settings (Postfix's list of tables: the first
 * table with a matching rule decides). Imported tables are reread within {@code recheck} of a
 * change; a file changed on disk is read again before the next message, and a change that does
 * not parse is logged while the previous table stays.
 *
 * <p>Blocking: it may read PostgreSQL and files.
 */
public final class ContentCheckSource {

    private static final Logger LOG = Logger.getLogger("cleanup");

    private final VersionedCache<ChecksStore.Snapshot> imported;
    private final Optional<TableFile> headerFile;
    private final Optional<TableFile> bodyFile;
    private final int bodySizeLimit;
    private ChecksStore.Snapshot builtFrom;
    private CheckTable headerFromFile;
    private CheckTable bodyFromFile;
    private ContentChecks checks;

    /**
     * @param headerChecks the {@code header-checks} setting: empty, or {@code regexp:/path}
     * @param bodyChecks the {@code body-checks} setting, likewise
     * @throws IllegalArgumentException when a setting is not one {@code regexp:} table, or its file
     *     does not parse (the message names the file and line)
     */
    public ContentCheckSource(ChecksStore store, Optional<String> headerChecks, Optional<String> bodyChecks,
            int bodySizeLimit, Duration recheck, Clock clock) {
        this.imported = new VersionedCache<>(store::version, store::snapshot, ChecksStore.Snapshot::version, recheck,
                clock);
        this.headerFile = headerChecks.filter(s -> !s.isBlank()).map(s -> new TableFile("header-checks", s));
        this.bodyFile = bodyChecks.filter(s -> !s.isBlank()).map(s -> new TableFile("body-checks", s));
        this.bodySizeLimit = bodySizeLimit;
        this.headerFromFile = headerFile.map(TableFile::load).orElse(CheckTable.empty("header-checks"));
        this.bodyFromFile = bodyFile.map(TableFile::load).orElse(CheckTable.empty("body-checks"));
    }

    /** The checks to apply to the next message. */
    public synchronized ContentChecks current() {
        ChecksStore.Snapshot tables = imported.current();
        boolean filesChanged = false;
        if (headerFile.isPresent() && headerFile.get().changed()) {
            headerFromFile = reload(headerFile.get(), headerFromFile);
            filesChanged = true;
        }
        if (bodyFile.isPresent() && bodyFile.get().changed()) {
            bodyFromFile = reload(bodyFile.get(), bodyFromFile);
            filesChanged = true;
        }
        if (checks == null || filesChanged || tables != builtFrom) {
            checks = new ContentChecks(tables.header().followedBy(headerFromFile), tables.body().followedBy(bodyFromFile),
                    bodySizeLimit);
            builtFrom = tables;
        }
        return checks;
    }

    private static CheckTable reload(TableFile file, CheckTable previous) {
        try {
            CheckTable table = file.load();
            LOG.infof("%s reloaded", file.path);
            return table;
        } catch (RuntimeException e) {
            LOG.errorf("warning: %s not reloaded, the previous table stays: %s", file.path, e.getMessage());
            return previous;
        }
    }

    /** One {@code regexp:/path} table and the modification time and size it was read at. */
    private static final class TableFile {
        private final Path path;
        private FileTime readAt;
        private long readSize = -1;

        TableFile(String setting, String value) {
            String v = value.trim();
            int colon = v.indexOf(':');
            String type = colon > 0 ? v.substring(0, colon).toLowerCase(Locale.ROOT) : "";
            if (!type.equals("regexp") || v.contains(",") || v.substring(colon + 1).contains(" ")) {
                throw new IllegalArgumentException(setting + ": '" + value + "': Kurir reads one regexp: table in "
                        + "regexp_table(5) syntax, e.g. regexp:/etc/kurir/" + setting.replace('-', '_')
                        + " (or import it: ./kurir checks import " + setting.replace("-checks", "") + " FILE)");
            }
            this.path = Path.of(v.substring(colon + 1));
        }

        boolean changed() {
            try {
                return !Files.getLastModifiedTime(path).equals(readAt) || Files.size(path) != readSize;
            } catch (IOException e) {
                return false; // gone for now: keep the table we have
            }
        }

        CheckTable load() {
            try {
                readAt = Files.getLastModifiedTime(path);
                readSize = Files.size(path);
                return CheckTable.parse(Files.readString(path), path.toString());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
            }
        }
    }
}
