package io.kurir.mime.sort;

import io.kurir.mime.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Test fixture: one message for SORT and THREAD, written as header lines (UTF-8) and read back through
 * {@link MimeMessage} and {@link SortInput#of}, as the IMAP server will do.
 */
final class Mail {

    private final long sequence;
    private long uid;
    private Instant arrival = Instant.parse("2024-01-01T00:00:00Z");
    private long size = 1000;
    private final List<String> lines = new ArrayList<>();

    private Mail(long sequence) {
        this.sequence = sequence;
        this.uid = 100 + sequence;
    }

    static Mail seq(long sequence) {
        return new Mail(sequence);
    }

    Mail uid(long value) {
        uid = value;
        return this;
    }

    Mail arrived(String instant) {
        arrival = Instant.parse(instant);
        return this;
    }

    Mail size(long value) {
        size = value;
        return this;
    }

    Mail header(String name, String value) {
        lines.add(name + ": " + value);
        return this;
    }

    Mail date(String value) {
        return header("Date", value);
    }

    /** A Date: header at the given hour of 2024-01-03, UTC. */
    Mail at(int hour) {
        return date(String.format("Wed, 03 Jan 2024 %02d:00:00 +0000", hour));
    }

    Mail subject(String value) {
        return header("Subject", value);
    }

    Mail from(String value) {
        return header("From", value);
    }

    Mail to(String value) {
        return header("To", value);
    }

    Mail cc(String value) {
        return header("Cc", value);
    }

    Mail id(String value) {
        return header("Message-ID", "<" + value + ">");
    }

    Mail refs(String value) {
        return header("References", value);
    }

    Mail inReplyTo(String value) {
        return header("In-Reply-To", value);
    }

    SortInput input() {
        String text = String.join("\r\n", lines) + "\r\n\r\nbody\r\n";
        MimeMessage message = MimeMessage.parse(text.getBytes(StandardCharsets.UTF_8));
        return SortInput.of(sequence, uid, arrival, size, message.root().header());
    }

    static List<SortInput> inputs(Mail... mails) {
        List<SortInput> inputs = new ArrayList<>();
        for (Mail mail : mails) {
            inputs.add(mail.input());
        }
        return inputs;
    }
}
