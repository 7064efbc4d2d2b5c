package io.kurir.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kurir.mail.HeaderBlock;
import io.kurir.mail.payload.Topics;
import io.kurir.store.MailStore;
import io.kurir.store.StoredMessage;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * The foundation's system test: 200 messages over 10 parallel SMTP connections (Angus Mail) to 3
 * users, rewrite-service and then delivery-service killed with SIGKILL in the middle and restarted;
 * afterwards every message is in the right INBOX exactly once and every consumer group has caught
 * up (lag 0).
 */
class SystemLoadIT {

    static final int CONNECTIONS = 10;
    static final int PER_CONNECTION = 20;
    static final List<String> USERS = List.of("beban1", "beban2", "beban3");

    @Test
    void twoHundredMessagesExactlyOnceThroughKill9sOfRewriteAndDelivery() throws Exception {
        LocalStack stack = TestStack.get();
        for (String u : USERS) {
            TestStack.accounts().create(u, "pw".toCharArray());
        }
        MailStore mail = TestStack.mail();
        AtomicInteger sent = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(CONNECTIONS);
        List<Future<?>> senders = new ArrayList<>();
        for (int c = 0; c < CONNECTIONS; c++) {
            int conn = c;
            senders.add(pool.submit(() -> {
                sendBatch(conn, sent);
                return null;
            }));
        }
        // kill -9 rewrite-service while mail comes in: maildrop records it cleaned but had not committed yet are
        // cleaned again after the restart, and must still reach their INBOX once (cleanup's exactly-once)
        ServiceProcess rewrite = stack.service("rewrite-service");
        assertTrue(Poll.until(Duration.ofMinutes(3), () -> sent.get() >= 30), "mail is coming in");
        rewrite.kill();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.infrastructure().kafka().bootstrapServers()))) {
            System.out.println("rewrite-service killed with SIGKILL after " + sent.get() + " sent; maildrop records not "
                    + "committed by it: " + lag(admin).get("rewrite-service"));
        }
        rewrite.start();
        assertTrue(rewrite.awaitReady(Duration.ofSeconds(120)), "rewrite-service came back");

        // kill -9 delivery-service once a good part of the mail is on its way, then bring it back
        ServiceProcess delivery = stack.service("delivery-service");
        assertTrue(Poll.until(Duration.ofMinutes(3), () -> delivered(mail) >= 40), "deliveries started");
        delivery.kill();
        int atKill = delivered(mail);
        System.out.println("delivery-service killed with SIGKILL after " + atKill + " deliveries, " + sent.get() + " sent");
        assertTrue(atKill < CONNECTIONS * PER_CONNECTION, "the kill came in the middle of the deliveries: " + atKill);
        delivery.start();
        assertTrue(delivery.awaitReady(Duration.ofSeconds(120)), "delivery-service came back");
        for (Future<?> f : senders) {
            f.get(5, TimeUnit.MINUTES);
        }
        pool.shutdown();
        assertEquals(CONNECTIONS * PER_CONNECTION, sent.get(), "every message got 250");

        Poll.until(Duration.ofMinutes(3), () -> delivered(mail) >= CONNECTIONS * PER_CONNECTION);
        Map<String, Integer> seen = new HashMap<>();
        for (String u : USERS) {
            for (StoredMessage m : mail.messages(u, "INBOX")) {
                byte[] content = mail.blobs().get(m.blobId()).orElseThrow();
                String subject = HeaderBlock.parse(content).first("Subject").orElseThrow().value();
                seen.merge(u + " " + subject, 1, Integer::sum);
            }
        }
        List<String> problems = new ArrayList<>();
        for (int c = 0; c < CONNECTIONS; c++) {
            for (int i = 0; i < PER_CONNECTION; i++) {
                String key = userFor(c, i) + " " + subject(c, i);
                int n = seen.getOrDefault(key, 0);
                if (n != 1) {
                    problems.add(key + " found " + n + " times");
                }
            }
        }
        assertEquals(List.of(), problems, "every message exactly once in the right INBOX");
        assertEquals(CONNECTIONS * PER_CONNECTION, seen.values().stream().mapToInt(Integer::intValue).sum(),
                "no stray copies");
        assertLagReachesZero(stack.infrastructure().kafka().bootstrapServers());
        assertPriorities(stack);
    }

    /**
     * What {@code ps -o ni} shows: the services behind the queue run at nice 19 (kurir up's default), also
     * rewrite and delivery after their restart; the gateway and imap-service, which clients wait on, at 0.
     */
    private static void assertPriorities(LocalStack stack) throws Exception {
        if (!Files.isReadable(Path.of("/proc/self/stat")) || !ServiceProcess.canNice()) {
            System.out.println("priority check skipped: no /proc or no nice(1) on this system");
            return;
        }
        Map<String, Integer> nice = new HashMap<>();
        for (String name : LocalStack.SERVICES) {
            nice.put(name, niceOf(stack.service(name).pid().orElseThrow()));
        }
        int base = niceOf(ProcessHandle.current().pid()); // nice(1) adds to the priority it was started with
        int background = Math.min(19, base + 19);
        assertEquals(Map.of("smtp-gateway", base, "rewrite-service", background, "queue-service", background,
                "delivery-service", background, "imap-service", base), nice, "nice of each service");
    }

    private static int niceOf(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        // the fields after "pid (comm) ": state is field 3, nice field 19
        return Integer.parseInt(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[16]);
    }

    private static int delivered(MailStore mail) {
        return USERS.stream().mapToInt(u -> mail.messages(u, "INBOX").size()).sum();
    }

    private static String userFor(int conn, int i) {
        return USERS.get((conn * PER_CONNECTION + i) % USERS.size());
    }

    private static String subject(int conn, int i) {
        return "load " + conn + "-" + i;
    }

    /** One SMTP connection that sends its messages one after another, as an MUA with a kept-open connection. */
    private static void sendBatch(int conn, AtomicInteger sent) throws Exception {
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", Integer.toString(TestStack.smtpPort()));
        props.put("mail.smtp.localhost", "load" + conn + ".test");
        props.put("mail.smtp.timeout", "60000");
        Session session = Session.getInstance(props);
        try (Transport t = session.getTransport("smtp")) {
            t.connect();
            for (int i = 0; i < PER_CONNECTION; i++) {
                MimeMessage m = new MimeMessage(session);
                m.setFrom(new InternetAddress("pengirim@localhost"));
                InternetAddress to = new InternetAddress(userFor(conn, i) + "@localhost");
                m.setRecipient(Message.RecipientType.TO, to);
                m.setSubject(subject(conn, i));
                m.setText("message " + i + " of connection " + conn + "\n");
                t.sendMessage(m, new InternetAddress[] {to});
                sent.incrementAndGet();
            }
        }
    }

    /** Every consumer group's committed offsets reach the end of its topic (lag 0), polled with a deadline. */
    private static void assertLagReachesZero(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            var last = new java.util.concurrent.atomic.AtomicReference<Map<String, Long>>(Map.of());
            boolean zero = Poll.until(Duration.ofSeconds(90), () -> {
                last.set(lag(admin));
                return last.get().values().stream().allMatch(v -> v == 0);
            });
            assertTrue(zero, "consumer lag did not return to 0: " + last.get());
        }
    }

    private static Map<String, Long> lag(Admin admin) {
        Map<String, String> groups = Map.of("rewrite-service", Topics.MAILDROP, "queue-service", Topics.INCOMING,
                "delivery-service", Topics.ACTIVE);
        Map<String, Long> lag = new HashMap<>();
        try {
            for (var g : groups.entrySet()) {
                var committed = admin.listConsumerGroupOffsets(g.getKey()).partitionsToOffsetAndMetadata().get();
                var partitions = admin.describeTopics(List.of(g.getValue())).allTopicNames().get().get(g.getValue())
                        .partitions().stream().map(p -> new TopicPartition(g.getValue(), p.partition())).toList();
                Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
                partitions.forEach(tp -> specs.put(tp, OffsetSpec.latest()));
                var ends = admin.listOffsets(specs).all().get();
                long total = 0;
                for (TopicPartition tp : partitions) {
                    var c = committed.get(tp);
                    total += ends.get(tp).offset() - (c == null ? 0 : c.offset());
                }
                lag.put(g.getKey(), total);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot read consumer lag", e);
        }
        return lag;
    }
}
