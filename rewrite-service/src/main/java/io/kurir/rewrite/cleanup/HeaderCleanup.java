package io.kurir.rewrite.cleanup;

import io.kurir.mail.HeaderBlock;
import io.kurir.mail.payload.ClientInfo;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Postfix cleanup(8)'s header work on one message: prepend the Received trace header, then keep
 * every header the client sent byte for byte — except those of {@code message-drop-headers} (Bcc,
 * Content-Length, Resent-Bcc, Return-Path by default) — then append the headers a local submission lacks
 * (Message-Id, Date, From, and {@code To: undisclosed-recipients:;} when there is no To, Cc or
 * Bcc), in that order, as Postfix does. A message with Resent- headers (it is being resent,
 * RFC 5322 3.6.6) gets the missing Resent-Message-Id, Resent-Date, Resent-From and Resent-To
 * instead.
 */
public final class HeaderCleanup {

    /** RFC 5322 3.3 date-time, as Postfix writes it. */
    static final DateTimeFormatter RFC5322 = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ENGLISH);
    private static final DateTimeFormatter MESSAGE_ID_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT);

    /**
     * What cleanup needs to know about one message.
     *
     * @param addMissingHeaders whether the client is local (Postfix's local_header_rewrite_clients)
     *        or always_add_missing_headers is on
     */
    public record Request(byte[] raw, String queueId, Instant arrival, String sender, List<String> recipients,
            ClientInfo client, boolean addMissingHeaders) {
    }

    /** The cleaned message and its Message-Id (as found or as added; empty when there is none). */
    public record Result(byte[] message, String messageId) {
    }

    /** Postfix's message_drop_headers default. */
    public static final String DEFAULT_DROP_HEADERS = "bcc, content-length, resent-bcc, return-path";

    private final String myhostname;
    private final ZoneId zone;
    private final Set<String> dropHeaders;

    public HeaderCleanup(String myhostname, ZoneId zone) {
        this(myhostname, zone, DEFAULT_DROP_HEADERS);
    }

    /**
     * @param messageDropHeaders Postfix's message_drop_headers: header names, separated by commas or
     *        spaces, that are removed from every message (a Bcc never reaches a recipient; delivery
     *        writes its own Return-Path)
     */
    public HeaderCleanup(String myhostname, ZoneId zone, String messageDropHeaders) {
        this.myhostname = myhostname;
        this.zone = zone;
        Set<String> names = new HashSet<>();
        for (String name : messageDropHeaders.split("[,\\s]+")) {
            if (!name.isBlank()) {
                names.add(name.strip().toLowerCase(Locale.ROOT));
            }
        }
        this.dropHeaders = Set.copyOf(names);
    }

    public Result clean(Request req) {
        HeaderBlock headers = HeaderBlock.parse(req.raw());
        ByteArrayOutputStream out = new ByteArrayOutputStream(req.raw().length + 512);
        write(out, received(req));
        int headerEnd = headers.fields().stream().mapToInt(f -> f.raw().length).sum();
        boolean endsWithNewline = true; // the Received header ends with CRLF
        for (HeaderBlock.Field f : headers.fields()) {
            if (!dropHeaders.contains(f.name().toLowerCase(Locale.ROOT)) && f.raw().length > 0) {
                out.write(f.raw(), 0, f.raw().length);
                endsWithNewline = f.raw()[f.raw().length - 1] == '\n';
            }
        }
        if (!endsWithNewline) {
            write(out, "\r\n"); // a headers-only message whose last line had no CRLF
        }
        String messageId = headers.first("Message-Id").map(HeaderBlock.Field::value).orElse("");
        if (req.addMissingHeaders()) {
            // RFC 5322 3.6.6: a message that is being resent (it has Resent- headers) gets the missing Resent-
            // headers instead, as Postfix's cleanup does; its original Message-Id, Date and From stay as they are
            // (a dropped header, such as Resent-Bcc, does not count)
            String p = headers.fields().stream().anyMatch(f -> f.name().regionMatches(true, 0, "Resent-", 0, 7)
                    && !dropHeaders.contains(f.name().toLowerCase(Locale.ROOT))) ? "Resent-" : "";
            if (!headers.has(p + "Message-Id")) {
                String added = "<" + MESSAGE_ID_TIME.format(req.arrival().atZone(ZoneOffset.UTC)) + "." + req.queueId()
                        + "@" + myhostname + ">";
                write(out, p + "Message-Id: " + added + "\r\n");
                if (p.isEmpty()) {
                    messageId = added;
                }
            }
            if (!headers.has(p + "Date")) {
                write(out, p + "Date: " + RFC5322.format(req.arrival().atZone(zone)) + "\r\n");
            }
            if (!headers.has(p + "From")) {
                write(out, p + "From: " + (req.sender().isEmpty() ? "MAILER-DAEMON" : req.sender()) + "\r\n");
            }
            if (!headers.has(p + "To") && !headers.has(p + "Cc") && !headers.has(p + "Bcc")) {
                write(out, p + "To: undisclosed-recipients:;\r\n");
            }
        }
        // RFC 5322 2.1: the empty line between header and body, then the body as it came
        write(out, "\r\n");
        int bodyStart = headers.bodyOffset();
        boolean hadSeparator = bodyStart > headerEnd;
        int from = hadSeparator ? bodyStart : headerEnd;
        out.write(req.raw(), from, req.raw().length - from);
        return new Result(out.toByteArray(), messageId);
    }

    /**
     * {@code Received: from HELO (HOST [IP])\r\n\tby myhostname (Kurir) with PROTO id QID\r\n\tfor <RCPT>; DATE}
     * — the "for" clause only when there is exactly one recipient; without it the date goes on a
     * line of its own, as Postfix writes it.
     */
    String received(Request req) {
        ClientInfo c = req.client();
        StringBuilder sb = new StringBuilder("Received: from ").append(c.helo())
                .append(" (").append(c.hostname()).append(" [").append(c.address()).append("])\r\n")
                .append("\tby ").append(myhostname).append(" (Kurir) with ").append(c.protocol())
                .append(" id ").append(req.queueId());
        if (req.recipients().size() == 1) {
            sb.append("\r\n\tfor <").append(req.recipients().get(0)).append(">; ");
        } else {
            sb.append(";\r\n\t"); // Postfix puts the date on a line of its own then
        }
        sb.append(RFC5322.format(req.arrival().atZone(zone))).append("\r\n");
        return sb.toString();
    }

    private static void write(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }
}
