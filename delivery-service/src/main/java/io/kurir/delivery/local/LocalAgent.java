package io.kurir.delivery.local;

import io.kurir.delivery.config.DeliveryConfig;
import io.kurir.mail.HeaderBlock;
import io.kurir.mail.payload.ActiveRecord;
import io.kurir.mail.payload.DeliveryReport.Outcome;
import io.kurir.mail.payload.Recipient;
import io.kurir.mime.sort.HeaderFacts;
import io.kurir.store.AccountStore;
import io.kurir.store.MailStore;
import io.kurir.store.MailboxStore;
import io.kurir.store.StoreRetry;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * local(8): delivers each recipient of a request into the account's INBOX, once per (queue id,
 * recipient) — a redelivered request finds its earlier delivery and stores nothing — and says what
 * happened to each, with Postfix's log line.
 */
@ApplicationScoped
public class LocalAgent {

    private static final Logger LOG = Logger.getLogger("local");

    private final MailStore store;
    private final AccountStore accounts;
    private final DeliveryConfig config;
    private final MeterRegistry metrics;

    public LocalAgent(MailStore store, AccountStore accounts, DeliveryConfig config, MeterRegistry metrics) {
        this.store = store;
        this.accounts = accounts;
        this.config = config;
        this.metrics = metrics;
    }

    public List<Outcome> deliver(ActiveRecord request, byte[] message) {
        String qid = request.queueId();
        List<Outcome> outcomes = new ArrayList<>();
        Set<String> deliveredTo = deliveredTo(message);
        String relay = request.transport(); // local, or virtual for a virtual mailbox domain (Postfix's virtual(8))
        for (Recipient r : request.recipients()) {
            String delay = delay(request.arrivalTime());
            String origTo = r.originalAddress().equals(r.address()) ? "" : ", orig_to=<" + r.originalAddress() + ">";
            String head = qid + ": to=<" + r.address() + ">" + origTo + ", relay=" + relay + ", delay=" + delay;
            if (deliveredTo.contains(r.address().toLowerCase(Locale.ROOT))) {
                // local(8): the message was here before for this recipient (forwarded out and back)
                String text = "mail forwarding loop for " + r.address();
                LOG.infof("%s, dsn=5.4.6, status=bounced (%s)", head, text);
                outcomes.add(Outcome.bounced(r.address(), "5.4.6", relay, text));
                count(relay, "bounced");
                continue;
            }
            byte[] content = DeliveryHeaders.prepend(request.sender(), r.originalAddress(), r.address(), message);
            if (overQuota(qid, r.mailbox(), content.length)) {
                String text = "cannot update mailbox for user " + r.mailbox() + ". Mailbox full (quota exceeded)";
                if (config.quotaFullTempfail()) {
                    LOG.infof("%s, dsn=4.2.2, status=deferred (%s)", head, text);
                    outcomes.add(Outcome.deferred(r.address(), "4.2.2", relay, text));
                    count(relay, "deferred");
                } else {
                    LOG.infof("%s, dsn=5.2.2, status=bounced (%s)", head, text);
                    outcomes.add(Outcome.bounced(r.address(), "5.2.2", relay, text));
                    count(relay, "bounced");
                }
                continue;
            }
            String folder = folder(r);
            var result = StoreRetry.untilStored(qid + ": deliver to " + r.address(),
                    () -> store.deliver(qid, r.address(), r.mailbox(), folder, content, Instant.now()));
            if (result instanceof MailStore.DeliveryResult.NoSuchMailbox && !folder.equals("INBOX")) {
                // no folder of that name: the extension is only a tag, the mail goes to INBOX
                result = StoreRetry.untilStored(qid + ": deliver to " + r.address(),
                        () -> store.deliver(qid, r.address(), r.mailbox(), "INBOX", content, Instant.now()));
            }
            if (result instanceof MailStore.DeliveryResult.Delivered d) {
                LOG.infof("%s, dsn=2.0.0, status=sent (delivered to mailbox%s, uid %d)", head,
                        folder.equals("INBOX") ? "" : " " + folder, d.uid());
                storeFacts(qid, d.blobId(), content);
                outcomes.add(Outcome.sent(r.address(), "2.0.0", relay, "delivered to mailbox"));
                count(relay, "sent");
            } else if (result instanceof MailStore.DeliveryResult.Duplicate) {
                LOG.infof("%s, dsn=2.0.0, status=sent (already delivered, duplicate ignored)", head);
                outcomes.add(Outcome.sent(r.address(), "2.0.0", relay, "delivered to mailbox"));
                count(relay, "duplicate");
            } else {
                String text = "unknown user: \"" + r.mailbox().toLowerCase(Locale.ROOT) + "\"";
                LOG.infof("%s, dsn=5.1.1, status=bounced (%s)", head, text);
                outcomes.add(Outcome.bounced(r.address(), "5.1.1", relay, text));
                count(relay, "bounced");
            }
        }
        return outcomes;
    }

    /** The addresses of the message's Delivered-To headers, in lower case: who it was delivered to before. */
    private static Set<String> deliveredTo(byte[] message) {
        Set<String> out = new HashSet<>();
        for (HeaderBlock.Field f : HeaderBlock.parse(message).fields()) {
            if (f.is("Delivered-To")) {
                out.add(f.value().strip().toLowerCase(Locale.ROOT));
            }
        }
        return out;
    }

    /** INBOX, or with recipient-extension-folder-delivery the folder the address's extension names. */
    private String folder(Recipient r) {
        if (!config.recipientExtensionFolderDelivery()) {
            return "INBOX";
        }
        return io.kurir.mail.MailAddress.parse(r.address())
                .flatMap(a -> a.extension(config.recipientDelimiter()))
                .filter(ext -> !ext.isBlank() && !ext.equalsIgnoreCase("INBOX"))
                .orElse("INBOX");
    }

    /**
     * The header facts IMAP's SORT and SEARCH look at (docs/adr/0010), kept with the message so that no IMAP
     * session has to read its header for them. A failure is logged and nothing more: the delivery stands, and
     * imap-service computes the facts when it first needs them.
     */
    private void storeFacts(String qid, String blobId, byte[] content) {
        try {
            HeaderFacts f = HeaderFacts.ofMessage(content);
            store.putFacts(Map.of(blobId, new MailboxStore.Facts(HeaderFacts.VERSION, f.sentAt(), f.date(), f.subject(),
                    f.from(), f.to(), f.cc(), f.messageId(), f.references(), f.inReplyTo())));
        } catch (RuntimeException e) {
            LOG.warnf("%s: header facts not stored, computed when IMAP needs them: %s", qid, e.getMessage());
        }
    }

    /**
     * Whether this delivery would take the account beyond its quota. The account's own quota is one
     * row; the usage (a sum over all its mail) is only read when there is a limit to compare it with.
     */
    private boolean overQuota(String qid, String account, long size) {
        long quota = StoreRetry.untilStored(qid + ": quota of " + account, () -> accounts.ownQuota(account))
                .orElse(config.mailboxSizeLimit());
        if (quota <= 0) {
            return false;
        }
        var usage = StoreRetry.untilStored(qid + ": usage of " + account, () -> accounts.usage(account));
        return usage.isPresent() && usage.get().bytes() + size > quota;
    }

    private void count(String transport, String status) {
        metrics.counter("kurir_delivery_total", "transport", transport, "status", status).increment();
    }

    public static String delay(Instant arrival) {
        long ms = Duration.between(arrival, Instant.now()).toMillis();
        return String.format(Locale.ROOT, "%.2f", Math.max(0, ms) / 1000.0);
    }
}
