package io.kurir.queue.bounce;

import static io.kurir.queue.bounce.FieldText.CRLF;

import io.kurir.mail.QueueId;
import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Postfix bounce(8)'s message composer: the delivery status notification for one queued message, as a
 * complete RFC 5322 message ready to submit with the null sender.
 *
 * <p>The notice is a {@code multipart/report} (RFC 6522) of three parts: the human-readable text
 * ({@link NoticeText}), the machine-readable {@code message/delivery-status} (RFC 3464,
 * {@link DeliveryStatusFields}), and the original message or its headers. It is marked
 * {@code Auto-Submitted: auto-replied} (RFC 3834 section 5) so that responders do not answer it.
 *
 * <p>Nothing here does I/O; the clock only dates the notice and names its queue id.
 */
public final class BounceComposer {

    /** Postfix's {@code bounce_size_limit} default, in octets. */
    public static final int DEFAULT_BOUNCE_SIZE_LIMIT = 50_000;

    private static final DateTimeFormatter MESSAGE_ID_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss")
            .withZone(ZoneOffset.UTC);

    private final Clock clock;
    private final int bounceSizeLimit;

    /**
     * @param clock the time of the Date header, Message-Id and the delay in a warning; its zone is the
     *        zone of every date in the notice
     * @param bounceSizeLimit {@code bounce-size-limit}: a larger original is returned as headers only
     */
    public BounceComposer(Clock clock, int bounceSizeLimit) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (bounceSizeLimit < 0) {
            throw new IllegalArgumentException("bounce-size-limit must not be negative");
        }
        this.bounceSizeLimit = bounceSizeLimit;
    }

    /** The notice, under a new queue id ({@link QueueId#next}). */
    public BounceMessage compose(BounceRequest request) {
        return compose(request, QueueId.next(clock.instant()));
    }

    /**
     * The notice under the given queue id, which names it in its Message-Id and MIME boundary.
     *
     * @throws IllegalArgumentException when the report recipient is empty
     */
    public BounceMessage compose(BounceRequest request, String newQueueId) {
        Instant now = clock.instant();
        String host = token(request.myhostname(), "localhost");
        String queueId = token(request.queueId(), "unknown");
        String newId = token(newQueueId, "unknown");
        String to = FieldText.clean(request.reportRecipient());
        if (to.isEmpty()) {
            throw new IllegalArgumentException("a notice needs a recipient");
        }

        // RFC 6533 section 6.2: a non-ASCII address makes the report message/global-delivery-status
        boolean global = Stream.concat(Stream.of(request.sender()), request.recipients().stream()
                        .flatMap(r -> Stream.concat(Stream.of(r.finalRecipient()), r.originalRecipient().stream())))
                .anyMatch(DeliveryStatusFields::needsUtf8);

        byte[] original = OriginalMessage.normalise(request.original());
        Returned returned = returned(request, original.length);
        byte[] attached = returned == Returned.MESSAGE ? original
                : OriginalMessage.truncateLines(OriginalMessage.headers(original), bounceSizeLimit);
        boolean attached8bit = OriginalMessage.has8bit(attached);
        boolean headers8bit = OriginalMessage.has8bit(OriginalMessage.headers(attached));
        // RFC 6532 section 3.7 and RFC 6533 section 6.3: UTF-8 headers need the message/global* types
        String attachedType = returned == Returned.MESSAGE
                ? (headers8bit ? "message/global" : "message/rfc822")
                : (attached8bit ? "message/global-headers" : "text/rfc822-headers");

        byte[] text = FieldText.utf8(NoticeText.render(request, host, returned, bounceSizeLimit, now, clock.getZone()));
        byte[] status = FieldText.utf8(DeliveryStatusFields.render(request, host, queueId, global, clock.getZone()));
        boolean text8bit = OriginalMessage.has8bit(text);
        boolean status8bit = OriginalMessage.has8bit(status);
        boolean eightBit = attached8bit || text8bit || status8bit || !FieldText.isAscii(to);

        String boundary = boundary(queueId + "." + now.getEpochSecond() + "/" + host, List.of(text, status, attached));
        String messageId = "<" + MESSAGE_ID_TIME.format(now) + "." + newId + "@" + host + ">";

        StringBuilder h = new StringBuilder(512);
        header(h, "From", "MAILER-DAEMON@" + host + " (Mail Delivery System)");
        header(h, "To", to);
        header(h, "Subject", request.kind().subject());
        header(h, "Date", FieldText.date(now, clock.getZone()));
        header(h, "Message-Id", messageId);
        header(h, "Auto-Submitted", "auto-replied"); // RFC 3834 section 5
        header(h, "MIME-Version", "1.0");
        // RFC 6522 section 3: report-type names the second part's subtype
        h.append("Content-Type: multipart/report; report-type=").append(global ? "global-" : "")
                .append("delivery-status;").append(CRLF).append("\tboundary=\"").append(boundary).append('"')
                .append(CRLF);
        if (eightBit) {
            header(h, "Content-Transfer-Encoding", "8bit"); // RFC 2045 section 6.4, RFC 6152
        }
        h.append(CRLF).append("This is a MIME-encapsulated message.").append(CRLF);

        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length + status.length + attached.length + 1024);
        out.writeBytes(FieldText.utf8(h.toString()));
        part(out, boundary, "Notification", "text/plain; charset=" + (text8bit ? "utf-8" : "us-ascii"), text8bit, text);
        part(out, boundary, "Delivery report", global ? "message/global-delivery-status" : "message/delivery-status",
                status8bit, status);
        part(out, boundary, description(request.kind(), returned), attachedType, attached8bit, attached);
        out.writeBytes(FieldText.utf8(CRLF + "--" + boundary + "--" + CRLF));

        boolean smtputf8 = global || !FieldText.isAscii(to) || attachedType.startsWith("message/global");
        String envelopeSender = request.kind() == DsnKind.POSTMASTER_COPY ? BouncePolicy.DOUBLE_BOUNCE + "@" + host : "";
        return new BounceMessage(newId, messageId, envelopeSender, out.toByteArray(), eightBit, smtputf8);
    }

    /** RFC 3461 section 4.3 and Postfix: only a failure returns the message, and only within the limit. */
    private Returned returned(BounceRequest request, int size) {
        if (request.kind() != DsnKind.FAILURE || request.ret() == DsnRet.HDRS) {
            return Returned.HEADERS;
        }
        return size > bounceSizeLimit ? Returned.HEADERS_TOO_LARGE : Returned.MESSAGE;
    }

    private static String description(DsnKind kind, Returned returned) {
        return switch (kind) {
            case FAILURE, POSTMASTER_COPY -> returned == Returned.MESSAGE ? "Undelivered Message"
                    : "Undelivered Message Headers";
            case DELAY -> "Delayed Message Headers";
            case SUCCESS -> "Delivered Message Headers";
        };
    }

    /**
     * A boundary (RFC 2046 section 5.1.1: at most 70 characters) that occurs in none of the parts; a
     * suffix is added until it does not.
     */
    private static String boundary(String base, List<byte[]> parts) {
        String b = base.length() > 60 ? base.substring(0, 60) : base;
        String candidate = b;
        for (int n = 1; occursIn(candidate, parts); n++) {
            candidate = b + "." + n;
        }
        return candidate;
    }

    private static boolean occursIn(String boundary, List<byte[]> parts) {
        byte[] needle = FieldText.utf8(boundary);
        return parts.stream().anyMatch(p -> OriginalMessage.indexOf(p, needle, 0) >= 0);
    }

    /** A part: its headers, an empty line, the content (which ends with CRLF or is empty). */
    private static void part(ByteArrayOutputStream out, String boundary, String description, String type,
            boolean eightBit, byte[] content) {
        StringBuilder p = new StringBuilder(128);
        // RFC 2046 section 5.1.1: the CRLF before "--boundary" belongs to the delimiter
        p.append(CRLF).append("--").append(boundary).append(CRLF);
        header(p, "Content-Description", description);
        header(p, "Content-Type", type);
        if (eightBit) {
            header(p, "Content-Transfer-Encoding", "8bit");
        }
        p.append(CRLF);
        out.writeBytes(FieldText.utf8(p.toString()));
        out.writeBytes(content);
    }

    private static void header(StringBuilder h, String name, String value) {
        h.append(FieldText.field(name, value)).append(CRLF);
    }

    /** A host name or queue id reduced to letters, digits, dots and hyphens, safe in every header. */
    private static String token(String s, String fallback) {
        String t = s == null ? "" : s.replaceAll("[^A-Za-z0-9.\\-]", "");
        return t.isEmpty() ? fallback : t;
    }
}
