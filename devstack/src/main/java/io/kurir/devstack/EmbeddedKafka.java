package io.kurir.devstack;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.jboss.logging.Logger;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;

/**
 * A real single-node Apache Kafka 4.1 (KRaft, combined broker + controller) running inside this JVM.
 *
 * <p>The log directory is formatted only when it has no {@code meta.properties}; otherwise the stored cluster id
 * and node id are reused, so topics, records and committed offsets survive a restart on the same directory.
 * The broker listens on 127.0.0.1 only (PLAINTEXT); the KRaft controller gets a second free port.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EmbeddedKafka.class);

    private static final String BROKER_LISTENER = "PLAINTEXT";
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final int DEFAULT_NODE_ID = 1;
    private static final int START_ATTEMPTS = 3;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(60);

    private final KafkaRaftServer server; // null when attached to a broker owned by someone else
    private final String bootstrapServers;
    private final Path logDir;
    private final String clusterId;
    private final int port;
    private final int controllerPort;
    private final Thread shutdownHook;
    private boolean closed;

    private EmbeddedKafka(KafkaRaftServer server, String bootstrapServers, Path logDir, String clusterId, int port,
            int controllerPort) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.logDir = logDir;
        this.clusterId = clusterId;
        this.port = port;
        this.controllerPort = controllerPort;
        if (server != null) {
            this.shutdownHook = new Thread(this::closeFromHook, "kurir-devstack-kafka-shutdown");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        } else {
            this.shutdownHook = null;
        }
    }

    /** A handle on a broker started elsewhere (another class loader); {@link #close()} does nothing. */
    static EmbeddedKafka attached(String bootstrapServers) {
        int port = Integer.parseInt(bootstrapServers.substring(bootstrapServers.lastIndexOf(':') + 1));
        return new EmbeddedKafka(null, bootstrapServers, null, null, port, -1);
    }

    /**
     * Starts a broker with its data in {@code dataDir}.
     *
     * @param dataDir the Kafka log directory (also the KRaft metadata directory); created if missing
     * @param port    the broker port; 0 picks a free one in 20000–32000 (and retries with another one if the bind fails)
     */
    public static EmbeddedKafka start(Path dataDir, int port) throws Exception {
        DevstackLogging.quietInfrastructure();
        long t0 = System.nanoTime();
        Path logDir = dataDir.toAbsolutePath().normalize();
        Files.createDirectories(logDir);

        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // Kafka loads plugins (e.g. the share-group state persister) through the context class loader; inside a
        // @QuarkusTest that is Quarkus's class loader, which may hold other copies of the Kafka classes.
        thread.setContextClassLoader(EmbeddedKafka.class.getClassLoader());
        try {
            if (port != 0 && !Ports.isFree(port)) {
                throw new IllegalStateException("Kafka cannot use port " + port + ": it is in use");
            }
            Meta meta = formatIfNeeded(logDir);
            Exception failure = null;
            for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
                int brokerPort = port != 0 ? port : Ports.reserve();
                int controllerPort = Ports.reserve();
                KafkaRaftServer server = null;
                try {
                    KafkaConfig config = KafkaConfig.fromProps(
                            brokerProperties(logDir, meta.nodeId, brokerPort, controllerPort), false);
                    server = new KafkaRaftServer(config, Time.SYSTEM);
                    server.startup();
                    String bootstrap = "127.0.0.1:" + brokerPort;
                    awaitReady(bootstrap, meta.clusterId);
                    LOG.infof("Kafka started on %s (controller port %d, cluster %s, data %s) in %d ms",
                            bootstrap, controllerPort, meta.clusterId, logDir,
                            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
                    return new EmbeddedKafka(server, bootstrap, logDir, meta.clusterId, brokerPort, controllerPort);
                } catch (Exception | LinkageError e) {
                    Ports.release(controllerPort);
                    if (port == 0) {
                        Ports.release(brokerPort);
                    }
                    if (server != null) {
                        shutdownQuietly(server);
                    }
                    Exception wrapped = e instanceof Exception ex ? ex : new IllegalStateException(e);
                    if (failure != null) {
                        wrapped.addSuppressed(failure);
                    }
                    failure = wrapped;
                    if (!isBindFailure(e) || attempt == START_ATTEMPTS) {
                        break;
                    }
                    LOG.warnf("Kafka could not bind its ports (%d/%d), retrying with other ports: %s",
                            brokerPort, controllerPort, e.getMessage());
                }
            }
            throw new IllegalStateException("Kafka could not be started in " + logDir + ": " + failure, failure);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** The bootstrap servers, {@code 127.0.0.1:PORT}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The broker port. */
    public int port() {
        return port;
    }

    /** The cluster id stored in the log directory's meta.properties (null for an attached handle). */
    public String clusterId() {
        return clusterId;
    }

    /** The log directory (null for an attached handle). */
    public Path dataDir() {
        return logDir;
    }

    /**
     * Creates the topics (replication factor 1) and waits until every partition has a leader. Topics that exist
     * already are left alone, whatever their partition count.
     */
    public void createTopics(Map<String, Integer> topicPartitions) {
        if (topicPartitions.isEmpty()) {
            return;
        }
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(EmbeddedKafka.class.getClassLoader());
        try (Admin admin = Admin.create(adminProperties(bootstrapServers))) {
            List<NewTopic> newTopics = new ArrayList<>();
            topicPartitions.forEach((name, partitions) -> newTopics.add(new NewTopic(name, partitions, (short) 1)));
            Map<String, KafkaFuture<Void>> results = admin.createTopics(newTopics).values();
            for (Map.Entry<String, KafkaFuture<Void>> result : results.entrySet()) {
                try {
                    result.getValue().get(TOPIC_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("could not create topic " + result.getKey(), e.getCause());
                    }
                }
            }
            awaitLeaders(admin, topicPartitions.keySet());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("timed out creating topics " + topicPartitions.keySet(), e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** Stops the broker (controlled shutdown, so the next start needs no log recovery). Idempotent. */
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

    private void closeFromHook() {
        closeInternal();
    }

    private synchronized void closeInternal() {
        if (closed || server == null) {
            closed = true;
            return;
        }
        closed = true;
        long t0 = System.nanoTime();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(EmbeddedKafka.class.getClassLoader());
        try {
            shutdownQuietly(server);
        } finally {
            thread.setContextClassLoader(previous);
            Ports.release(port);
            Ports.release(controllerPort);
        }
        LOG.infof("Kafka on %s stopped in %d ms", bootstrapServers,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }

    @Override
    public String toString() {
        return "EmbeddedKafka[" + bootstrapServers + (logDir != null ? ", " + logDir : ", attached") + "]";
    }

    // ---------------------------------------------------------------------------------------------------------

    private record Meta(String clusterId, int nodeId) {
    }

    /** Formats the log directory unless it has a meta.properties; returns the (stored or new) cluster/node id. */
    private static Meta formatIfNeeded(Path logDir) throws Exception {
        Path metaFile = logDir.resolve("meta.properties");
        if (Files.exists(metaFile)) {
            Properties stored = new Properties();
            try (InputStream in = Files.newInputStream(metaFile)) {
                stored.load(in);
            }
            String clusterId = stored.getProperty("cluster.id");
            String nodeId = stored.getProperty("node.id");
            if (clusterId == null || nodeId == null) {
                throw new IllegalStateException(metaFile + " has no cluster.id/node.id; delete " + logDir
                        + " to start over with an empty Kafka");
            }
            LOG.debugf("Kafka log directory %s is formatted (cluster %s, node %s): reusing it", logDir, clusterId, nodeId);
            return new Meta(clusterId, Integer.parseInt(nodeId.trim()));
        }
        try (Stream<Path> entries = Files.list(logDir)) {
            if (entries.anyMatch(p -> !p.getFileName().toString().startsWith("."))) {
                LOG.warnf("Kafka log directory %s is not empty but has no meta.properties; formatting it anyway", logDir);
            }
        }
        String clusterId = Uuid.randomUuid().toString();
        new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setNodeId(DEFAULT_NODE_ID)
                .setClusterId(clusterId)
                .addDirectory(logDir.toString())
                .setMetadataLogDirectory(logDir.toString())
                .setControllerListenerName(CONTROLLER_LISTENER)
                .setReleaseVersion(MetadataVersion.latestProduction())
                .run();
        LOG.debugf("Formatted Kafka log directory %s (cluster %s)", logDir, clusterId);
        return new Meta(clusterId, DEFAULT_NODE_ID);
    }

    private static Properties brokerProperties(Path logDir, int nodeId, int port, int controllerPort) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(nodeId));
        p.put("controller.quorum.voters", nodeId + "@127.0.0.1:" + controllerPort);
        p.put("listeners", BROKER_LISTENER + "://127.0.0.1:" + port + "," + CONTROLLER_LISTENER + "://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", BROKER_LISTENER + "://127.0.0.1:" + port);
        p.put("listener.security.protocol.map", BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("inter.broker.listener.name", BROKER_LISTENER);
        p.put("log.dirs", logDir.toString());
        p.put("metadata.log.dir", logDir.toString());

        // a single node: every internal topic with replication factor 1 and min ISR 1
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "10");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "10");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("share.coordinator.state.topic.num.partitions", "5");

        // fast and small: consumers join at once, fewer threads, a smaller compaction buffer
        p.put("group.initial.rebalance.delay.ms", "0");
        // after a kill -9 the restarted node must wait for its old broker session to expire before it can
        // register again: 9 s by default
        p.put("broker.session.timeout.ms", "4000");
        p.put("broker.heartbeat.interval.ms", "1000");
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "4");
        p.put("background.threads", "4");
        p.put("num.recovery.threads.per.data.dir", "2");
        p.put("log.cleaner.threads", "1");
        p.put("log.cleaner.dedupe.buffer.size", Integer.toString(16 * 1024 * 1024));
        p.put("auto.create.topics.enable", "true");
        return p;
    }

    private static Properties adminProperties(String bootstrap) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "kurir-devstack-admin");
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        return p;
    }

    private static void awaitReady(String bootstrap, String expectedClusterId) throws Exception {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        Exception last = null;
        try (Admin admin = Admin.create(adminProperties(bootstrap))) {
            while (System.nanoTime() < deadline) {
                try {
                    var cluster = admin.describeCluster();
                    String clusterId = cluster.clusterId().get(5, TimeUnit.SECONDS);
                    if (!cluster.nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        if (!expectedClusterId.equals(clusterId)) {
                            throw new IllegalStateException("the broker on " + bootstrap + " belongs to cluster "
                                    + clusterId + ", expected " + expectedClusterId);
                        }
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    last = e;
                }
                Thread.sleep(50);
            }
        }
        throw new TimeoutException("Kafka on " + bootstrap + " did not become ready within " + READY_TIMEOUT
                + (last != null ? ": " + last : ""));
    }

    private static void awaitLeaders(Admin admin, Set<String> topics)
            throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + TOPIC_TIMEOUT.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                Map<String, TopicDescription> descriptions = admin.describeTopics(topics).allTopicNames()
                        .get(10, TimeUnit.SECONDS);
                boolean ready = descriptions.size() == topics.size() && descriptions.values().stream()
                        .allMatch(d -> !d.partitions().isEmpty()
                                && d.partitions().stream().map(TopicPartitionInfo::leader)
                                        .allMatch(leader -> leader != null && !leader.isEmpty()));
                if (ready) {
                    return;
                }
            } catch (ExecutionException | TimeoutException e) {
                last = e; // e.g. UnknownTopicOrPartitionException until the metadata reached the broker
            }
            Thread.sleep(20);
        }
        throw new TimeoutException("topics " + topics + " have no leaders after " + TOPIC_TIMEOUT
                + (last != null ? ": " + last : ""));
    }

    private static boolean isBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return true;
            }
            String message = t.getMessage();
            if (message != null) {
                String m = message.toLowerCase(Locale.ROOT);
                if (m.contains("address already in use") || m.contains("failed to bind")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void shutdownQuietly(KafkaRaftServer server) {
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("error while stopping Kafka", e);
        }
    }
}
