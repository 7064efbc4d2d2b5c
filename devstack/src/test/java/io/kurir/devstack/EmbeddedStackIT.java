package io.kurir.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real Kafka and PostgreSQL: round trips, persistence across restarts, killed JVMs, the shared test stack. */
class EmbeddedStackIT {

    private static final String TOPIC = "devstack.it";
    private static final String GROUP = "devstack-it-group";
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @Test
    void roundTripsAndKeepsDataAcrossRestart(@TempDir Path dir) throws Exception {
        String value = "mail-" + UUID.randomUUID();
        String clusterId;
        long t0 = System.nanoTime();
        try (EmbeddedStack stack = EmbeddedStack.start(dir, StackPorts.any(), false)) {
            long startMs = ms(t0);
            report("first start (format + initdb)", startMs, stack);

            Map<String, Integer> topics = new java.util.HashMap<>(KurirTopics.ALL);
            topics.put(TOPIC, 1);
            stack.kafka().createTopics(topics);
            stack.kafka().createTopics(topics); // idempotent
            clusterId = stack.kafka().clusterId();
            assertNotNull(clusterId);
            assertEquals(KurirTopics.ALL.size() + 1, listTopics(stack).stream().filter(t -> !t.startsWith("__")).count());

            RecordMetadata sent = produce(stack, value);
            assertEquals(0, sent.offset());
            List<ConsumerRecord<String, String>> records = consume(stack, "it-run1-" + UUID.randomUUID(), value, true);
            assertEquals(value, records.get(records.size() - 1).value());

            DataSource ds = stack.postgres().dataSource();
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                assertEquals(1, queryInt(s, "select 1"));
                assertEquals("kurir", queryString(s, "select current_database()"));
                assertEquals("off", queryString(s, "show fsync"));
                assertEquals("off", queryString(s, "show synchronous_commit"));
                assertEquals("off", queryString(s, "show full_page_writes"));
                assertEquals("", queryString(s, "show unix_socket_directories"));
                s.execute("create table mail_it (id int primary key, body text not null)");
                s.execute("insert into mail_it values (1, '" + value + "')");
            }
            Map<String, String> props = stack.quarkusProperties();
            assertEquals(stack.kafka().bootstrapServers(), props.get("kafka.bootstrap.servers"));
            assertTrue(props.get("quarkus.datasource.jdbc.url").matches("jdbc:postgresql://127\\.0\\.0\\.1:\\d+/kurir"));
            assertEquals("postgres", props.get("quarkus.datasource.username"));
            assertEquals(4, props.size());

            // the same directories cannot be started twice at the same time
            assertThrows(Exception.class, () -> EmbeddedPg.start(dir.resolve("postgres"), 0, false));
        }
        assertFalse(Files.exists(dir.resolve("postgres/pgdata/postmaster.pid")), "postgres stopped");
        assertTrue(Files.exists(dir.resolve("kafka/meta.properties")));

        // second start on the same directory, this time durable: everything is still there
        t0 = System.nanoTime();
        try (EmbeddedStack stack = EmbeddedStack.start(dir, StackPorts.any(), true)) {
            report("restart on the same directory", ms(t0), stack);
            assertEquals(clusterId, stack.kafka().clusterId());
            try (Admin admin = admin(stack)) {
                assertEquals(clusterId, admin.describeCluster().clusterId().get(10, TimeUnit.SECONDS));
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(GROUP)
                        .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
                assertEquals(1L, committed.get(new TopicPartition(TOPIC, 0)).offset(), "committed offset survived");
            }
            List<ConsumerRecord<String, String>> records = consume(stack, "it-run2-" + UUID.randomUUID(), value, false);
            assertEquals(1, records.size());
            assertEquals(value, records.get(0).value());
            stack.kafka().createTopics(KurirTopics.ALL); // existing topics are fine

            try (Connection c = stack.postgres().dataSource().getConnection(); Statement s = c.createStatement()) {
                assertEquals(value, queryString(s, "select body from mail_it where id = 1"));
                assertEquals("on", queryString(s, "show fsync"));
                assertEquals("on", queryString(s, "show synchronous_commit"));
                assertEquals("on", queryString(s, "show full_page_writes"));
            }
        }
    }

    @Test
    void killedJvmLeavesDataUsable(@TempDir Path dir) throws Exception {
        // 1. a JVM with the watchdog disabled is killed: its postgres keeps running (zonky's behaviour); the next
        //    start on the same directory stops that stale postmaster and reuses the data, Kafka recovers its log
        Path stackDir = dir.resolve("stack");
        String value = "survives-kill-9";
        Child child = Child.start(dir, "stack", stackDir, false);
        long pgPid = child.postgresPid;
        assertTrue(EmbeddedPg.isRunning(pgPid));
        child.kill9();
        assertTrue(EmbeddedPg.isRunning(pgPid), "without the watchdog postgres outlives the killed JVM");

        long t0 = System.nanoTime();
        try (EmbeddedStack stack = EmbeddedStack.start(stackDir, StackPorts.any(), true)) {
            report("restart after kill -9 (stale postmaster stopped, Kafka log recovery)", ms(t0), stack);
            assertFalse(EmbeddedPg.isRunning(pgPid), "stale postmaster stopped");
            assertEquals(value, consume(stack, "it-kill-" + UUID.randomUUID(), value, false).get(0).value());
            try (Connection c = stack.postgres().dataSource().getConnection(); Statement s = c.createStatement()) {
                assertEquals(value, queryString(s, "select body from killed where id = 1"));
            }
        }

        // 2. with the watchdog (the default) postgres stops by itself shortly after the JVM is killed
        Child pgOnly = Child.start(dir, "pg", dir.resolve("pg-only"), true);
        long pid = pgOnly.postgresPid;
        pgOnly.kill9();
        long t1 = System.nanoTime();
        var postmaster = ProcessHandle.of(pid);
        if (postmaster.isPresent()) {
            try {
                postmaster.get().onExit().get(15, java.util.concurrent.TimeUnit.SECONDS); // deadline, no fixed sleep
            } catch (java.util.concurrent.TimeoutException e) {
                // asserted just below
            }
        }
        assertFalse(EmbeddedPg.isRunning(pid), "the watchdog stopped postgres");
        System.out.printf("[devstack] postgres stopped %d ms after its JVM was killed (watchdog)%n", ms(t1));
        try (EmbeddedPg pg = EmbeddedPg.start(dir.resolve("pg-only"), 0, false);
                Connection c = pg.dataSource().getConnection(); Statement s = c.createStatement()) {
            assertEquals(value, queryString(s, "select body from killed where id = 1"));
        }
    }

    @Test
    void sharedTestStackIsOnePerJvm() throws Exception {
        long t0 = System.nanoTime();
        EmbeddedStack first = SharedTestStack.get();
        System.out.printf("[devstack] SharedTestStack.get() first call: %d ms%n", ms(t0));
        assertSame(first, SharedTestStack.get());
        assertEquals(first.quarkusProperties(), new KurirTestResource().start());
        assertTrue(listTopics(first).containsAll(KurirTopics.ALL.keySet()));
        try (Connection c = first.postgres().dataSource().getConnection(); Statement s = c.createStatement()) {
            assertEquals(1, queryInt(s, "select 1"));
        }

        // a second copy of the devstack classes (as in a Quarkus test class loader) attaches to the same stack
        URL classes = EmbeddedStack.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader isolated = new ChildFirstLoader(new URL[] {classes}, SharedTestStack.class.getClassLoader())) {
            Class<?> copy = isolated.loadClass(SharedTestStack.class.getName());
            assertNotEquals(SharedTestStack.class, copy);
            Object otherStack = copy.getMethod("get").invoke(null);
            Method props = otherStack.getClass().getMethod("quarkusProperties");
            assertEquals(first.quarkusProperties(), props.invoke(otherStack));
            otherStack.getClass().getMethod("close").invoke(otherStack); // an attached handle: does nothing
        }
        try (Connection c = first.postgres().dataSource().getConnection(); Statement s = c.createStatement()) {
            assertEquals(1, queryInt(s, "select 1"), "still running");
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    static RecordMetadata produce(EmbeddedStack stack, String value) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            return producer.send(new ProducerRecord<>(TOPIC, "key", value)).get(30, TimeUnit.SECONDS);
        }
    }

    /** Reads the topic from the start until {@code value} shows up; optionally commits under {@link #GROUP}. */
    private static List<ConsumerRecord<String, String>> consume(EmbeddedStack stack, String group, String value,
            boolean commitAsItGroup) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, commitAsItGroup ? GROUP : group);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<ConsumerRecord<String, String>> seen = new ArrayList<>();
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            consumer.subscribe(List.of(TOPIC));
            while (System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
                if (seen.stream().anyMatch(r -> r.value().equals(value))) {
                    if (commitAsItGroup) {
                        consumer.commitSync();
                    }
                    return seen;
                }
            }
        }
        throw new AssertionError("record " + value + " not consumed within " + DEADLINE + "; seen " + seen);
    }

    private static List<String> listTopics(EmbeddedStack stack) throws Exception {
        try (Admin admin = admin(stack)) {
            return new ArrayList<>(admin.listTopics().names().get(10, TimeUnit.SECONDS));
        }
    }

    private static Admin admin(EmbeddedStack stack) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers()));
    }

    static int queryInt(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            assertTrue(rs.next());
            return rs.getInt(1);
        }
    }

    static String queryString(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            assertTrue(rs.next(), sql);
            return rs.getString(1);
        }
    }

    private static long ms(long t0) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }

    /** Start time and memory: this JVM's RSS (the test JVM with Kafka in it) and postgres' processes' RSS. */
    private static void report(String what, long startMs, EmbeddedStack stack) {
        long jvmRss = rssKb(ProcessHandle.current().pid());
        long pgRss = EmbeddedPg.readPostmasterPid(stack.postgres().pgData())
                .flatMap(ProcessHandle::of)
                .map(h -> rssKb(h.pid()) + h.descendants().mapToLong(d -> rssKb(d.pid())).sum())
                .orElse(-1L);
        System.out.printf("[devstack] %s: %d ms; JVM RSS %d MB, postgres RSS %d MB (sum over processes, shared"
                + " memory counted more than once)%n", what, startMs, jvmRss / 1024, pgRss / 1024);
    }

    private static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (Exception e) {
            // process gone
        }
        return 0;
    }

    /** Loads the devstack main classes itself instead of asking its parent, like a Quarkus class loader does. */
    private static final class ChildFirstLoader extends URLClassLoader {
        ChildFirstLoader(URL[] urls, ClassLoader parent) {
            super(urls, parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith("io.kurir.devstack.")) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    try {
                        c = findClass(name);
                    } catch (ClassNotFoundException e) {
                        c = super.loadClass(name, false);
                    }
                }
                if (resolve) {
                    resolveClass(c);
                }
                return c;
            }
        }
    }

    /** A JVM running {@link KilledJvmMain}, to be killed with SIGKILL. */
    private static final class Child {
        final Process process;
        final long postgresPid;

        private Child(Process process, long postgresPid) {
            this.process = process;
            this.postgresPid = postgresPid;
        }

        static Child start(Path workDir, String mode, Path dataDir, boolean watchdog) throws Exception {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Path log = workDir.resolve("child-" + mode + ".log");
            Process p = new ProcessBuilder(java,
                    "-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
                    "-D" + EmbeddedPg.WATCHDOG_PROPERTY + "=" + watchdog,
                    "-cp", System.getProperty("java.class.path"),
                    KilledJvmMain.class.getName(), mode, dataDir.toString())
                    .redirectError(log.toFile())
                    .start();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            String line;
            while (System.nanoTime() < deadline && (line = out.readLine()) != null) {
                if (line.startsWith("READY ")) {
                    return new Child(p, Long.parseLong(line.substring(6).trim()));
                }
            }
            p.destroyForcibly();
            throw new AssertionError("child JVM did not get ready; its log: " + Files.readString(log));
        }

        void kill9() throws InterruptedException {
            process.destroyForcibly(); // SIGKILL
            assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        }
    }
}
