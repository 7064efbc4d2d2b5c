package io.kurir.devstack;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jboss.logging.Logger;

/**
 * Kafka and PostgreSQL together: {@code dataDir/kafka} and {@code dataDir/postgres}. Starting again on the same
 * directory reuses all data.
 */
public final class EmbeddedStack implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EmbeddedStack.class);

    private volatile EmbeddedKafka kafka;
    private final EmbeddedPg postgres;
    private final Path dataDir;

    private EmbeddedStack(EmbeddedKafka kafka, EmbeddedPg postgres, Path dataDir) {
        this.kafka = kafka;
        this.postgres = postgres;
        this.dataDir = dataDir;
    }

    /** Handles on a stack started elsewhere (another class loader); {@link #close()} does nothing. */
    static EmbeddedStack attached(String bootstrapServers, int postgresPort) {
        return new EmbeddedStack(EmbeddedKafka.attached(bootstrapServers), EmbeddedPg.attached(postgresPort), null);
    }

    /**
     * Starts Kafka and PostgreSQL in parallel under {@code dataDir/kafka} and {@code dataDir/postgres}; if one
     * fails, closes the other and rethrows.
     *
     * @param durable see {@link EmbeddedPg#start(Path, int, boolean)}
     */
    public static EmbeddedStack start(Path dataDir, StackPorts ports, boolean durable) throws Exception {
        long t0 = System.nanoTime();
        Path dir = dataDir.toAbsolutePath().normalize();
        AtomicInteger n = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "kurir-devstack-start-" + n.incrementAndGet());
            t.setDaemon(false); // threads Kafka creates inherit this
            return t;
        });
        try {
            Future<EmbeddedKafka> kafkaFuture = executor.submit(() -> EmbeddedKafka.start(dir.resolve("kafka"), ports.kafka()));
            Future<EmbeddedPg> pgFuture = executor.submit(() -> EmbeddedPg.start(dir.resolve("postgres"), ports.postgres(), durable));
            EmbeddedKafka kafka = null;
            EmbeddedPg pg = null;
            Exception failure = null;
            try {
                kafka = kafkaFuture.get();
            } catch (ExecutionException e) {
                failure = unwrap(e);
            }
            try {
                pg = pgFuture.get();
            } catch (ExecutionException e) {
                Exception pgFailure = unwrap(e);
                if (failure == null) {
                    failure = pgFailure;
                } else {
                    failure.addSuppressed(pgFailure);
                }
            }
            if (failure != null) {
                if (kafka != null) {
                    kafka.close();
                }
                if (pg != null) {
                    pg.close();
                }
                throw failure;
            }
            LOG.infof("Embedded stack started in %d ms: Kafka %s, PostgreSQL %s", TimeUnit.NANOSECONDS.toMillis(
                    System.nanoTime() - t0), kafka.bootstrapServers(), pg.jdbcUrl());
            return new EmbeddedStack(kafka, pg, dir);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw e;
        } finally {
            executor.shutdown();
        }
    }

    public EmbeddedKafka kafka() {
        return kafka;
    }

    /**
     * Stops the broker only, keeping its data: a Kafka outage for failure tests. {@link #restartKafka()}
     * brings it back on the same port, so clients reconnect by themselves.
     */
    public synchronized void stopKafka() {
        kafka.close();
    }

    /** Starts the broker again on its port and data directory after {@link #stopKafka()}. */
    public synchronized void restartKafka() throws Exception {
        kafka = EmbeddedKafka.start(dataDir.resolve("kafka"), kafka.port());
    }

    public EmbeddedPg postgres() {
        return postgres;
    }

    /** The stack's directory (null for an attached handle). */
    public Path dataDir() {
        return dataDir;
    }

    /**
     * Properties a Quarkus service needs: {@code kafka.bootstrap.servers}, {@code quarkus.datasource.jdbc.url},
     * {@code quarkus.datasource.username}, {@code quarkus.datasource.password}.
     */
    public Map<String, String> quarkusProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        p.put("quarkus.datasource.jdbc.url", postgres.jdbcUrl());
        p.put("quarkus.datasource.username", postgres.user());
        p.put("quarkus.datasource.password", postgres.password());
        return p;
    }

    /** Stops both (Kafka and PostgreSQL in parallel). Idempotent. */
    @Override
    public void close() {
        Thread pgCloser = new Thread(postgres::close, "kurir-devstack-postgres-close");
        pgCloser.start();
        RuntimeException failure = null;
        try {
            kafka.close();
        } catch (RuntimeException e) {
            failure = e;
        }
        boolean interrupted = false;
        while (true) {
            try {
                pgCloser.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public String toString() {
        return "EmbeddedStack[" + kafka + ", " + postgres + "]";
    }

    private static Exception unwrap(ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof Exception ex) {
            return ex;
        }
        return new IllegalStateException(cause);
    }
}
