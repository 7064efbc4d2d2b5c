package io.kurir.mail;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The classic Unix mbox view of a mailbox, as Postfix's local(8) writes {@code /var/mail/USER}:
 * each message starts with a {@code From sender asctime} separator line, body lines that begin
 * with {@code From } are quoted as {@code >From } (mboxo, what local(8) does), line endings are
 * LF, and an empty line follows each message.
 */
public final class Mbox {

    /** asctime(3): {@code Mon Jun 28 20:39:20 2010}, the day of month padded with a space. */
    private static final DateTimeFormatter ASCTIME =
            DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ENGLISH);

    private Mbox() {
    }

    /** The separator line without its newline; an empty sender becomes MAILER-DAEMON. */
    public static String separator(String sender, ZonedDateTime time) {
        String from = sender == null || sender.isEmpty() ? "MAILER-DAEMON" : sender;
        return "From " + from + " " + ASCTIME.format(time);
    }

    /** One message in mbox form: separator, message with LF endings and From-quoting, empty line. */
    public static byte[] entry(String sender, ZonedDateTime time, byte[] message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(message.length + 100);
        out.writeBytes((separator(sender, time) + "\n").getBytes(StandardCharsets.UTF_8));
        int lineStart = 0;
        for (int i = 0; i <= message.length; i++) {
            if (i == message.length || message[i] == '\n') {
                int end = i;
                if (end > lineStart && message[end - 1] == '\r') {
                    end--;
                }
                if (i == message.length && end == lineStart) {
                    break; // nothing after the last newline
                }
                if (startsWithFrom(message, lineStart, end)) {
                    out.write('>');
                }
                out.write(message, lineStart, end - lineStart);
                out.write('\n');
                lineStart = i + 1;
            }
        }
        out.write('\n');
        return out.toByteArray();
    }

    /** The sender for the separator line, from a stored message's Return-Path header. */
    public static String senderOf(byte[] message) {
        return HeaderBlock.parse(message).first("Return-Path")
                .map(HeaderBlock.Field::value)
                .map(v -> v.replaceAll("^<|>$", ""))
                .orElse("MAILER-DAEMON");
    }

    public static ZonedDateTime at(java.time.Instant instant) {
        return instant.atZone(ZoneId.systemDefault());
    }

    private static boolean startsWithFrom(byte[] m, int from, int to) {
        return to - from >= 5 && m[from] == 'F' && m[from + 1] == 'r' && m[from + 2] == 'o'
                && m[from + 3] == 'm' && m[from + 4] == ' ';
    }
}
