package io.kurir.mail.payload;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.time.Instant;
import java.util.List;

/**
 * What delivery-service did with one delivery request ({@link ActiveRecord}): one outcome per
 * recipient. A report with at least one deferred recipient goes to {@link Topics#DEFERRED}, any
 * other to {@link Topics#RESULTS}; both keyed by queue id. queue-service reads both, records the
 * outcomes, frees the destination's concurrency slot and schedules the retry.
 *
 * @param requestId the {@link ActiveRecord#requestId()} this answers
 * @param destinationFailed the destination itself failed (no MX answered, connection refused or
 *        lost, 421 greeting), as opposed to recipient-level replies: qmgr counts it against the
 *        destination's concurrency and may suspend the destination
 */
public record DeliveryReport(int version, String requestId, String queueId, String transport, String nexthop,
        List<Outcome> outcomes, boolean destinationFailed, Instant finishedAt) {

    public static final int VERSION = 1;

    public static final String SENT = "sent";
    public static final String DEFERRED = "deferred";
    public static final String BOUNCED = "bounced";

    @JsonCreator
    public DeliveryReport {
        Payloads.require(requestId, "requestId");
        Payloads.require(queueId, "queueId");
        Payloads.require(transport, "transport");
        Payloads.require(nexthop, "nexthop");
        Payloads.require(finishedAt, "finishedAt");
        outcomes = Payloads.nonEmpty(outcomes, "outcomes");
    }

    /** Whether any recipient was deferred (the report then travels on {@link Topics#DEFERRED}). */
    public boolean anyDeferred() {
        return outcomes.stream().anyMatch(o -> DEFERRED.equals(o.status()));
    }

    /**
     * One recipient's outcome, as Postfix logs it and a DSN reports it.
     *
     * @param address the recipient as in the request
     * @param status {@link #SENT}, {@link #DEFERRED} or {@link #BOUNCED}
     * @param dsnStatus the RFC 3463 status, e.g. {@code 2.0.0}, {@code 4.4.1}, {@code 5.1.1}
     * @param relay where it went: {@code local}, {@code mx.b.test[127.0.0.1]:25}, {@code none}
     * @param diagnostic the reply or reason, e.g. {@code host mx.b.test[127.0.0.1] said: 550 5.1.1
     *        <x@b.test>: Recipient address rejected (in reply to RCPT TO command)}
     * @param remoteMta the remote server's name for the DSN's Remote-MTA field, null when none
     * @param smtpReply the remote reply for the DSN's Diagnostic-Code ({@code smtp; 550 ...}), null when none
     */
    public record Outcome(String address, String status, String dsnStatus, String relay, String diagnostic,
            String remoteMta, String smtpReply) {

        @JsonCreator
        public Outcome {
            Payloads.require(address, "address");
            Payloads.require(status, "status");
            if (!status.equals(SENT) && !status.equals(DEFERRED) && !status.equals(BOUNCED)) {
                throw new IllegalArgumentException("bad status " + status);
            }
            Payloads.require(dsnStatus, "dsnStatus");
            relay = relay == null ? "none" : relay;
            diagnostic = diagnostic == null ? "" : diagnostic;
        }

        public static Outcome sent(String address, String dsnStatus, String relay, String diagnostic) {
            return new Outcome(address, SENT, dsnStatus, relay, diagnostic, null, null);
        }

        public static Outcome deferred(String address, String dsnStatus, String relay, String diagnostic) {
            return new Outcome(address, DEFERRED, dsnStatus, relay, diagnostic, null, null);
        }

        public static Outcome bounced(String address, String dsnStatus, String relay, String diagnostic) {
            return new Outcome(address, BOUNCED, dsnStatus, relay, diagnostic, null, null);
        }

        /** This outcome with the remote server's reply, for the DSN. */
        public Outcome withRemote(String mta, String reply) {
            return new Outcome(address, status, dsnStatus, relay, diagnostic, mta, reply);
        }
    }
}
