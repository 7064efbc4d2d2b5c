package io.kurir.rewrite.messaging;

import io.kurir.checks.ContentChecks;
import io.kurir.checks.ContentVerdict;
import io.kurir.mail.HeaderBlock;
import io.kurir.mail.MailAddress;
import io.kurir.mail.alias.AliasMaps;
import io.kurir.mail.payload.CorruptRecord;
import io.kurir.mail.payload.IncomingRecord;
import io.kurir.mail.payload.MaildropRecord;
import io.kurir.mail.payload.PayloadJson;
import io.kurir.mail.payload.Recipient;
import io.kurir.mail.payload.Topics;
import io.kurir.mail.canonical.CanonicalRewriter;
import io.kurir.rewrite.cleanup.ContentActions;
import io.kurir.rewrite.cleanup.HeaderAddressRewrite;
import io.kurir.rewrite.cleanup.HeaderCleanup;
import io.kurir.rewrite.cleanup.RecipientResolver;
import io.kurir.rewrite.config.RewriteConfig;
import io.kurir.rewrite.store.RawFileReaper;
import io.kurir.store.BlobStore;
import io.kurir.store.StoreRetry;
import io.kurir.store.alias.AliasStore;
import io.kurir.store.alias.AliasTables;
import io.kurir.store.checks.ChecksStore;
import io.kurir.store.checks.ContentCheckSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
    private final RawFileReaper reaper;
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
    private final io.kurir.mail.MailDomains domains;
    private final String recipientDelimiter;
    private final int hopcountLimit;
    private final MeterRegistry metrics;
    private final long headerSizeLimit;
    private final ContentCheckSource contentChecks;
    private final MutinyEmitter<IncomingRecord> incoming;
    private final MutinyEmitter<IncomingRecord> hold;
    private final MutinyEmitter<CorruptRecord> corruptQueue;

    private static final ContentVerdict NOTHING_FOUND = new ContentVerdict(List.of());

    public MaildropProcessor(BlobStore blobs, RawFileReaper reaper, AliasStore aliases, ChecksStore checks,
            RewriteConfig config, MeterRegistry metrics, @Channel("incoming") MutinyEmitter<IncomingRecord> incoming,
            @Channel("hold") MutinyEmitter<IncomingRecord> hold, @Channel("corrupt") MutinyEmitter<CorruptRecord> corrupt) {
        this.blobs = blobs;
        this.reaper = reaper;
        this.hold = hold;
        this.corruptQueue = corrupt;
        this.headerSizeLimit = config.headerSizeLimit();
        // a header-checks or body-checks file that does not parse fails the start, naming file and line
        this.contentChecks = new ContentCheckSource(checks, config.headerChecks(), config.bodyChecks(),
                config.bodyChecksSizeLimit(), config.contentChecksRecheck(), Clock.systemUTC());
        this.aliases = new AliasTables(aliases, ALIAS_RECHECK, Clock.systemUTC());
        this.incoming = incoming;
        var domains = config.domains();
        this.cleanup = new HeaderCleanup(domains.myhostname(), ZoneId.systemDefault(), config.messageDropHeaders());
        this.resolver = new RecipientResolver(domains, config.recipientDelimiter(),
                io.kurir.rewrite.cleanup.TransportMap.parse(config.transportMaps().orElse(""), config.relayhost().orElse("")));
        this.alwaysAddMissingHeaders = config.alwaysAddMissingHeaders();
        this.domains = domains;
        this.recipientDelimiter = config.recipientDelimiter();
        this.hopcountLimit = config.hopcountLimit();
        this.metrics = metrics;
    }

    @Incoming("maildrop")
    @Blocking(ordered = false)
    public void process(ConsumerRecord<String, byte[]> rec) {
        String key = rec.key() != null && !rec.key().isBlank() ? rec.key()
                : "maildrop-" + rec.partition() + "-" + rec.offset(); // the same on every redelivery
        MaildropRecord drop;
        try {
            drop = PayloadJson.fromBytes(Objects.requireNonNull(rec.value(), "empty record"), MaildropRecord.class,
                    MaildropRecord.VERSION);
        } catch (RuntimeException e) {
            String text = rec.value() == null ? "" : new String(rec.value(), StandardCharsets.UTF_8);
            corrupt(new CorruptRecord(CorruptRecord.VERSION, key, "unreadable maildrop record: " + e.getMessage(), text,
                    null, Instant.now()));
            return;
        }
        process(drop, new String(rec.value(), StandardCharsets.UTF_8));
    }

    private void process(MaildropRecord drop, String recordText) {
        String qid = drop.queueId();
        Optional<byte[]> queueFile = StoreRetry.untilStored(qid + ": read queue file", () -> blobs.get(drop.blobId()));
        if (queueFile.isEmpty()) {
            // cleanup made its output already and removed the file (this is a repeat after a crash), or the gateway
            // answered 451 and removed it after a publish that Kafka stored after all (the client sends it again)
            LOG.warnf("%s: queue file %s is gone (cleaned already, or the client was told to retry): record skipped",
                    qid, drop.blobId());
            return;
        }
        byte[] raw = queueFile.get();
        HeaderBlock headers = HeaderBlock.parse(raw);
        Optional<HeaderBlock.Field> oversized = headers.fields().stream().filter(f -> f.raw().length > headerSizeLimit)
                .findFirst();
        if (oversized.isPresent()) {
            // the gateway refuses such a message (552 5.6.0); one that comes another way is kept, not cut short
            corrupt(new CorruptRecord(CorruptRecord.VERSION, qid, "header " + printable(oversized.get().name()) + " of "
                    + oversized.get().raw().length + " octets exceeds header-size-limit " + headerSizeLimit, recordText,
                    drop.blobId(), Instant.now()));
            return;
        }
        AliasStore.Snapshot tables = StoreRetry.untilStored(qid + ": read alias tables", aliases::snapshot);
        AliasMaps maps = tables.maps();
        CanonicalRewriter canonical = new CanonicalRewriter(tables.canonical(), domains, recipientDelimiter);
        String sender;
        List<String> originals;
        try {
            if (!drop.sender().isEmpty() && MailAddress.parse(drop.sender()).isEmpty()) {
                throw new IllegalArgumentException("unparseable sender " + drop.sender());
            }
            sender = canonical.sender(resolver.qualify(drop.sender())); // sender_canonical_maps, canonical_maps
            originals = drop.recipients().stream().map(resolver::qualify).toList();
            for (String r : originals) {
                MailAddress.parse(r).orElseThrow(() -> new IllegalArgumentException("unparseable recipient " + r));
            }
        } catch (IllegalArgumentException e) {
            // the gateway only queues valid addresses: this record was not made by it
            corrupt(new CorruptRecord(CorruptRecord.VERSION, qid, e.getMessage(), recordText, drop.blobId(), Instant.now()));
            return;
        }
        ContentChecks checks = StoreRetry.untilStored(qid + ": read content checks", contentChecks::current);
        ContentActions.Outcome content = checks.isEmpty() ? ContentActions.apply(raw, NOTHING_FOUND)
                : ContentActions.apply(raw, checks.scan(raw));
        String envelope = " from " + drop.client().hostname() + "[" + drop.client().address() + "]; from=<" + sender
                + "> to=<" + String.join(",", originals) + "> proto=" + drop.client().protocol() + " helo=<"
                + drop.client().helo() + ">";
        for (ContentActions.Logged l : content.log()) {
            LOG.infof("%s: %s: %s%s%s", qid, l.action(), l.input(), envelope, l.text().isEmpty() ? "" : ": " + l.text());
        }
        if (content.fate() instanceof ContentActions.Fate.Discard) {
            metrics.counter("kurir_cleanup_discarded_total").increment();
            removeRawQueueFile(qid, drop.blobId());
            return; // Postfix's DISCARD: the sender was told it was delivered, nobody gets it
        }
        // recipients by the owner of the list they came through ("" for none): Postfix's owner-NAME aliases
        Map<String, List<Recipient>> byOwner = new TreeMap<>();
        List<Recipient> recipients = new ArrayList<>();
        byOwner.put("", recipients);
        long hops = headers.count("Received") + 1; // the Received header cleanup adds counts too
        Set<String> seen = new HashSet<>(); // Postfix's duplicate filter: one delivery per mailbox or address
        boolean held = false;
        if (content.fate() instanceof ContentActions.Fate.Reject reject) {
            // REJECT after the queue: returned to the sender, as Postfix's cleanup does for mail that did not come
            // through smtpd's checks (the gateway refuses it before its 250)
            for (String r : originals) {
                recipients.add(new Recipient(r, r, "error", reject.status() + " " + reject.reason(), "")
                        .withDsn(drop.dsnOf(r)));
            }
        } else {
            List<String> targets = originals;
            if (content.fate() instanceof ContentActions.Fate.Divert divert) {
                held = divert.hold().isPresent();
                if (divert.redirect().isPresent()) {
                    targets = List.of(divert.redirect().get().action().text()); // instead of every recipient
                }
            }
            for (String r : targets) {
                List<RecipientResolver.Owned> resolved;
                try {
                    resolved = hops >= hopcountLimit
                            // a mail loop between systems: every recipient bounces, as Postfix's cleanup does
                            ? List.of(new RecipientResolver.Owned(new Recipient(r, r, "error", "5.4.6 Too many hops", ""), ""))
                            : resolver.expandOwned(r, canonical::recipient, maps, tables.domains());
                } catch (IllegalArgumentException e) {
                    // a REDIRECT address that is not one: Postfix's cleanup would log it and bounce
                    resolved = List.of(new RecipientResolver.Owned(new Recipient(r, r, "error", "5.1.3 bad address syntax", ""), ""));
                }
                for (RecipientResolver.Owned owned : resolved) {
                    Recipient expanded = owned.recipient();
                    String once = expanded.transport().equals(Recipient.LOCAL) ? "local:" + expanded.mailbox()
                            : expanded.transport() + ":" + expanded.address().toLowerCase(Locale.ROOT);
                    if (seen.add(once)) {
                        byOwner.computeIfAbsent(owned.owner(), o -> new ArrayList<>())
                                .add(targets == originals ? expanded.withDsn(drop.dsnOf(r)) : expanded);
                    }
                }
            }
        }
        boolean localClient = isLocalClient(drop.client().address());
        byte[] message = content.message();
        if (localClient) {
            // Postfix's local_header_rewrite_clients: header addresses of local mail are qualified and canonicalized
            message = HeaderAddressRewrite.apply(message, a -> canonical.sender(resolver.qualify(a)),
                    a -> canonical.recipient(resolver.qualify(a)));
        }
        var result = cleanup.clean(new HeaderCleanup.Request(message, qid, drop.arrivalTime(), sender,
                originals, drop.client(), alwaysAddMissingHeaders || localClient));
        LOG.infof("%s: message-id=%s", qid, result.messageId());
        metrics.counter("kurir_cleanup_messages_total").increment();
        if (held) {
            metrics.counter("kurir_cleanup_held_total").increment();
        }
        // One queued message per envelope sender: the message's own, and one for each list with an owner, whose
        // mail goes out from owner-NAME (so bounces reach the list's owner), as Postfix's local(8) resubmits it.
        // Their queue ids are derived from the message's (QID.1, QID.2, ... by owner), so a repeat is the same.
        int n = 0;
        for (Map.Entry<String, List<Recipient>> group : byOwner.entrySet()) {
            String owner = group.getKey();
            String id = owner.isEmpty() ? qid : qid + "." + ++n;
            if (group.getValue().isEmpty()) {
                continue;
            }
            if (!owner.isEmpty()) {
                LOG.infof("%s: %d recipient(s) of a list owned by <%s> queued as %s", qid, group.getValue().size(), owner, id);
            }
            String cleanedId = "cln/" + id;
            StoreRetry.untilStored(id + ": write cleaned message", () -> {
                blobs.putIdempotent(cleanedId, result.message());
                return cleanedId;
            });
            var out = new IncomingRecord(IncomingRecord.VERSION, id, drop.arrivalTime(), owner.isEmpty() ? sender : owner,
                    group.getValue(), cleanedId, result.message().length, result.messageId(), drop.dsnRet(),
                    drop.dsnEnvid(), drop.smtputf8());
            // wait for Kafka's acknowledgement: the maildrop record is acknowledged when this method returns
            // (a send that fails, e.g. while Kafka is down, is retried: the record must not be skipped)
            send(held ? hold : incoming, held ? Topics.HOLD : Topics.INCOMING, id, out);
        }
        removeRawQueueFile(qid, drop.blobId());
    }

    /**
     * The raw queue file is not needed once what cleanup made of it is acknowledged by Kafka (the cleaned
     * file is what the queue, delivery and bounces read). Should this record come again (a crash before its
     * offset is committed), it finds no queue file and is skipped, which is right: its output exists. The
     * files go in batches ({@link RawFileReaper}); a failure only leaves them behind.
     */
    private void removeRawQueueFile(String qid, String blobId) {
        reaper.remove(blobId);
    }

    /** Postfix's corrupt queue: the record goes to mail.corrupt for the administrator, and the stream goes on. */
    private void corrupt(CorruptRecord record) {
        LOG.errorf("%s: warning: message moved to the corrupt queue: %s", record.queueId(), record.reason());
        metrics.counter("kurir_cleanup_corrupt_total").increment();
        send(corruptQueue, Topics.CORRUPT, record.queueId(), record);
    }

    private static <T> void send(MutinyEmitter<T> emitter, String topic, String qid, T payload) {
        emitter.sendMessage(Message.of(payload).addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(qid).build()))
                .onFailure().invoke(e -> LOG.warnf("%s: publish to %s failed, retrying: %s", qid, topic, e.getMessage()))
                .onFailure().retry().withBackOff(Duration.ofSeconds(1), Duration.ofSeconds(30)).indefinitely()
                .await().indefinitely();
    }

    /** A header name from a message, safe in a log line: at most 100 printable ASCII characters. */
    private static String printable(String s) {
        String cut = s.length() > 100 ? s.substring(0, 100) + "..." : s;
        return cut.replaceAll("[^ -~]", "?");
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
