package io.kurir.rewrite.messaging;

import io.kurir.mail.HeaderBlock;
import io.kurir.mail.alias.AliasMaps;
import io.kurir.mail.payload.IncomingRecord;
import io.kurir.mail.payload.MaildropRecord;
import io.kurir.mail.payload.Recipient;
import io.kurir.rewrite.cleanup.HeaderCleanup;
import io.kurir.rewrite.cleanup.RecipientResolver;
import io.kurir.rewrite.config.RewriteConfig;
import io.kurir.store.BlobStore;
import io.kurir.store.StoreRetry;
import io.kurir.store.alias.AliasStore;
import io.kurir.store.alias.AliasTables;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * cleanup: {@code mail.maildrop} → {@code mail.incoming}. The maildrop record is acknowledged (and
 * its offset committed) only after Kafka acknowledged the incoming record, because this method
 * waits for that acknowledgement before it returns. A crash in between makes
 * the record come again: the cleaned blob has a deterministic id and delivery is idempotent per
 * (queue id, recipient), so a repeat produces no second copy downstream.
 */
@ApplicationScoped
public class MaildropProcessor {

    private static final Logger LOG = Logger.getLogger("cleanup");

    private final BlobStore blobs;
    private final HeaderCleanup cleanup;
    private final RecipientResolver resolver;
    /**
     * The alias tables' change counter is asked for every message (one single-row select): cleanup
     * must never expand with older tables than the gateway accepted the recipients by, or a new
     * virtual alias domain could be routed to its MX in the seconds after it was added.
     */
    private static final Duration ALIAS_RECHECK = Duration.ZERO;
    private final AliasTables aliases;
    private final boolean alwaysAddMissingHeaders;
    private final int hopcountLimit;
    private final MeterRegistry metrics;
    private final MutinyEmitter<IncomingRecord> incoming;

    public MaildropProcessor(BlobStore blobs, AliasStore aliases, RewriteConfig config, MeterRegistry metrics,
            @Channel("incoming") MutinyEmitter<IncomingRecord> incoming) {
        this.blobs = blobs;
        this.aliases = new AliasTables(aliases, ALIAS_RECHECK, Clock.systemUTC());
        this.incoming = incoming;
        var domains = config.domains();
        this.cleanup = new HeaderCleanup(domains.myhostname(), ZoneId.systemDefault(), config.messageDropHeaders());
        this.resolver = new RecipientResolver(domains, config.recipientDelimiter(),
                io.kurir.rewrite.cleanup.TransportMap.parse(config.transportMaps().orElse(""), config.relayhost().orElse("")));
        this.alwaysAddMissingHeaders = config.alwaysAddMissingHeaders();
        this.hopcountLimit = config.hopcountLimit();
        this.metrics = metrics;
    }

    @Incoming("maildrop")
    @Blocking(ordered = false)
    public void process(MaildropRecord drop) {
        if (drop == null) {
            // fail-on-deserialization-failure=false: the connector logged the unreadable record
            LOG.error("warning: unreadable record skipped (its reason is logged just before)");
            return;
        }
        String qid = drop.queueId();
        Optional<byte[]> queueFile = StoreRetry.untilStored(qid + ": read queue file", () -> blobs.get(drop.blobId()));
        if (queueFile.isEmpty()) {
            // the gateway answered 451 and removed the blob after a failed publish that Kafka did
            // store after all: the client sends the message again, so this record is skipped
            LOG.warnf("%s: queue file %s is gone (client was told to retry): record skipped", qid, drop.blobId());
            return;
        }
        byte[] raw = queueFile.get();
        String sender = resolver.qualify(drop.sender());
        List<Recipient> recipients = new ArrayList<>();
        long hops = HeaderBlock.parse(raw).count("Received") + 1; // the Received header cleanup adds counts too
        try {
            AliasMaps maps = StoreRetry.untilStored(qid + ": read alias tables", aliases::current);
            Set<String> seen = new HashSet<>(); // Postfix's duplicate filter: one delivery per mailbox or address
            for (String r : drop.recipients()) {
                List<Recipient> resolved = hops >= hopcountLimit
                        // a mail loop between systems: every recipient bounces, as Postfix's cleanup does
                        ? List.of(new Recipient(resolver.qualify(r), resolver.qualify(r), "error", "5.4.6 Too many hops", ""))
                        : resolver.expand(r, maps);
                for (Recipient expanded : resolved) {
                    String once = expanded.transport().equals(Recipient.LOCAL) ? "local:" + expanded.mailbox()
                            : expanded.transport() + ":" + expanded.address().toLowerCase(Locale.ROOT);
                    if (seen.add(once)) {
                        recipients.add(expanded.withDsn(drop.dsnOf(r)));
                    }
                }
            }
        } catch (IllegalArgumentException e) {
            // the gateway only queues valid addresses: this record was not made by it
            LOG.errorf("%s: warning: record skipped: %s", qid, e.getMessage());
            return;
        }
        var result = cleanup.clean(new HeaderCleanup.Request(raw, qid, drop.arrivalTime(), sender,
                drop.recipients().stream().map(resolver::qualify).toList(), drop.client(),
                alwaysAddMissingHeaders || isLocalClient(drop.client().address())));
        String cleanedId = "cln/" + qid;
        StoreRetry.untilStored(qid + ": write cleaned message", () -> {
            blobs.putIdempotent(cleanedId, result.message());
            return cleanedId;
        });
        LOG.infof("%s: message-id=%s", qid, result.messageId());
        metrics.counter("kurir_cleanup_messages_total").increment();
        var out = new IncomingRecord(IncomingRecord.VERSION, qid, drop.arrivalTime(), sender, recipients, cleanedId,
                result.message().length, result.messageId(), drop.dsnRet(), drop.dsnEnvid(), drop.smtputf8());
        // wait for Kafka's acknowledgement: the maildrop record is acknowledged when this method returns
        // (a send that fails, e.g. while Kafka is down, is retried: the record must not be skipped)
        incoming.sendMessage(Message.of(out).addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(qid).build()))
                .onFailure().invoke(e -> LOG.warnf("%s: publish to mail.incoming failed, retrying: %s", qid, e.getMessage()))
                .onFailure().retry().withBackOff(Duration.ofSeconds(1), Duration.ofSeconds(30)).indefinitely()
                .await().indefinitely();
    }

    /**
     * Postfix's local_header_rewrite_clients default (permit_inet_interfaces): mail from this
     * machine gets its missing headers added. Here: the loopback addresses.
     */
    static boolean isLocalClient(String address) {
        if (!address.matches("[0-9A-Fa-f:.]+")) {
            return false; // never a DNS lookup here: only IP literals are checked
        }
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (Exception e) {
            return false;
        }
    }
}
