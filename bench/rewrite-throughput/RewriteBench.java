import io.kurir.mail.payload.ClientInfo;
import io.kurir.mail.payload.MaildropRecord;
import io.kurir.mail.payload.PayloadJson;
import io.kurir.store.PgBlobStore;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * One round of the rewrite-service throughput benchmark (bench/rewrite-throughput/run.sh runs it):
 * stores N raw queue files of SIZE bytes in the stack's blob store, then puts N maildrop records on
 * mail.maildrop as fast as Kafka takes them and counts, on mail.incoming, the records cleanup makes
 * of them. Prints one line: {@code TAG N seconds records/s}. Run with the CLI's classpath:
 * {@code java -cp cli/target/kurir-cli.jar:cli/target/lib/* RewriteBench.java DATA/stack.properties N SIZE TAG}.
 */
public class RewriteBench {

    public static void main(String[] args) throws Exception {
        Properties stack = new Properties();
        try (InputStream in = Files.newInputStream(Path.of(args[0]))) {
            stack.load(in);
        }
        int n = Integer.parseInt(args[1]);
        int size = Integer.parseInt(args[2]);
        String tag = args[3];
        var ds = new org.postgresql.ds.PGSimpleDataSource();
        ds.setURL(stack.getProperty("jdbc.url"));
        ds.setUser(stack.getProperty("jdbc.user"));
        ds.setPassword(stack.getProperty("jdbc.password"));
        var blobs = new PgBlobStore(ds);
        String kafka = stack.getProperty("kafka.bootstrap.servers");
        var client = new ClientInfo("bench.test", "127.0.0.1", "localhost", "ESMTP");

        // the queue files first (the gateway's part, not measured)
        for (int i = 0; i < n; i++) {
            blobs.putNew("raw/" + id(tag, i), message(tag, i, size));
        }

        Map<String, Object> consumerProps = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka,
                ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest", ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        try (var consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(), new ByteArrayDeserializer());
                var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka,
                        ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5),
                        new StringSerializer(), new ByteArraySerializer())) {
            consumer.subscribe(List.of("mail.incoming"));
            while (consumer.assignment().isEmpty()) {
                consumer.poll(Duration.ofMillis(100));
            }
            consumer.seekToEnd(consumer.assignment());
            consumer.assignment().forEach(consumer::position); // the end, fixed before anything is sent

            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                String qid = id(tag, i);
                var record = new MaildropRecord(MaildropRecord.VERSION, qid, Instant.now(), "bench@localhost",
                        List.of("bench@localhost"), client, "raw/" + qid, size, false);
                producer.send(new ProducerRecord<>("mail.maildrop", qid, PayloadJson.toBytes(record)));
            }
            producer.flush();
            Set<String> seen = new HashSet<>();
            long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
            while (seen.size() < n && System.nanoTime() < deadline) {
                for (var r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.key() != null && r.key().startsWith(tag)) {
                        seen.add(r.key());
                    }
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (seen.size() < n) {
                System.err.printf("only %d of %d records reached mail.incoming in 30 minutes%n", seen.size(), n);
                System.exit(1);
            }
            System.out.printf("%s %d %.1f %.0f%n", tag, n, seconds, n / seconds);
        }
    }

    static String id(String tag, int i) {
        return String.format("%s%07d", tag, i);
    }

    /** A message of about {@code size} bytes, as smtp-source sends: a few headers, then lines of text. */
    static byte[] message(String tag, int i, int size) {
        StringBuilder sb = new StringBuilder()
                .append("From: bench@localhost\r\nTo: bench@localhost\r\nSubject: rewrite bench ").append(tag).append(' ')
                .append(i).append("\r\nDate: Sat, 28 Nov 2026 12:00:00 +0000\r\nMessage-Id: <").append(id(tag, i))
                .append("@bench.test>\r\n\r\n");
        String line = "La la la, the quick brown fox jumps over the lazy dog 0123456789.\r\n";
        while (sb.length() + line.length() <= size) {
            sb.append(line);
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
