package io.kurir.cli;

import io.kurir.store.queue.QueueShape;
import io.kurir.store.queue.QueuedMessage;
import io.kurir.store.queue.QueuedRecipient;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The text of {@code kurir queue list|show|shape} and of the postsuper-style counts, laid out as
 * postqueue -p, postcat -q and qshape lay theirs out. Pure functions, so the layout is tested
 * without a database.
 */
final class QueueFormat {

    static final String LIST_HEADER = "-Queue ID-  --Size-- ----Arrival Time---- -Sender/Recipient-------";
    static final String EMPTY = "Mail queue is empty";
    /** Recipients stand in the sender's column: 10 id + 1 status + 8 size + 1 + 19 time + 2. */
    static final int RECIPIENT_INDENT = 41;
    static final int WIDTH = 80;

    private static final DateTimeFormatter ARRIVAL = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss", Locale.US);
    private static final DateTimeFormatter ASCTIME = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US);

    private QueueFormat() {
    }

    /**
     * postqueue -p: per message {@code ID[*|!] SIZE ARRIVAL SENDER} ({@code *} active, {@code !}
     * on hold, nothing for deferred), then each recipient still to be delivered, each group of
     * recipients with the same last failure under its {@code (reason)} wrapped to 80 columns; a
     * blank line between messages and the totals at the end.
     */
    static String list(List<QueuedMessage> messages, ZoneId zone) {
        if (messages.isEmpty()) {
            return EMPTY + "\n";
        }
        StringBuilder out = new StringBuilder(LIST_HEADER).append('\n');
        long bytes = 0;
        for (QueuedMessage m : messages) {
            bytes += m.size();
            out.append(String.format(Locale.ROOT, "%-10s%c%8d %s  %s\n", m.queueId(), mark(m.state()), m.size(),
                    ARRIVAL.format(m.arrivalTime().atZone(zone)), sender(m.sender())));
            for (Map.Entry<String, List<String>> group : byReason(m.recipients()).entrySet()) {
                if (!group.getKey().isEmpty()) {
                    for (String line : wrap("(" + group.getKey() + ")", WIDTH, 4)) {
                        out.append(line).append('\n');
                    }
                }
                for (String address : group.getValue()) {
                    out.append(" ".repeat(RECIPIENT_INDENT)).append(address).append('\n');
                }
            }
            out.append('\n');
        }
        int n = messages.size();
        out.append(String.format(Locale.ROOT, "-- %d Kbytes in %d Request%s.\n", bytes / 1024, n, n == 1 ? "" : "s"));
        return out.toString();
    }

    /** A time as postqueue -p prints an arrival time. */
    static String date(java.time.Instant t, ZoneId zone) {
        return ARRIVAL.format(t.atZone(zone));
    }

    /** The status character after the queue id: {@code *} active, {@code !} hold, blank deferred. */
    static char mark(String state) {
        return switch (state) {
            case QueuedMessage.HOLD -> '!';
            case QueuedMessage.DEFERRED -> ' ';
            default -> '*'; // active, and done/finishing (its notices are being sent, as in Postfix's active queue)
        };
    }

    static String sender(String sender) {
        return sender.isEmpty() ? "MAILER-DAEMON" : sender;
    }

    /**
     * The recipients still to be delivered, without a reason first, then grouped by their last
     * failure in the order those first appear (Postfix prints each reason once).
     */
    private static Map<String, List<String>> byReason(List<QueuedRecipient> recipients) {
        Map<String, List<String>> groups = new LinkedHashMap<>();
        groups.put("", new ArrayList<>());
        for (QueuedRecipient r : recipients) {
            if (!r.isFinal()) {
                String reason = r.reason() == null ? "" : oneLine(r.reason());
                groups.computeIfAbsent(reason, k -> new ArrayList<>()).add(r.address());
            }
        }
        return groups;
    }

    /** Words in lines of at most {@code width} columns, lines after the first indented; a longer word stands alone. */
    static List<String> wrap(String text, int width, int indent) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        int margin = 0;
        for (String word : text.strip().split(" +")) {
            if (line.length() > margin && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line = new StringBuilder(" ".repeat(indent));
                margin = indent;
            }
            if (line.length() > margin) {
                line.append(' ');
            }
            line.append(word);
        }
        if (line.length() > margin) {
            lines.add(line.toString());
        }
        return lines;
    }

    private static String oneLine(String text) {
        return text.replaceAll("[\\r\\n\\t]+", " ").strip();
    }

    /**
     * postcat -q: the envelope ({@code recipient:} for recipients still to be delivered,
     * {@code done_recipient:} for the others, each with where it stands), the queue file, and the
     * DSN parameters taken from the envelope.
     */
    static String show(QueuedMessage m, Optional<byte[]> content, ZoneId zone) {
        String where = m.state() + "/" + m.queueId();
        StringBuilder out = new StringBuilder();
        out.append("*** ENVELOPE RECORDS ").append(where).append(" ***\n");
        out.append("message_size: ").append(m.size()).append('\n');
        out.append("message_arrival_time: ").append(ASCTIME.format(m.arrivalTime().atZone(zone))).append('\n');
        out.append("sender: ").append(m.sender()).append('\n');
        if (m.state().equals(QueuedMessage.ACTIVE) || m.state().equals(QueuedMessage.DEFERRED)) {
            out.append("next_attempt: ").append(ASCTIME.format(m.nextAttempt().atZone(zone)))
                    .append(" (attempts: ").append(m.attempts()).append(")\n");
        }
        for (QueuedRecipient r : m.recipients()) {
            if (!r.originalAddress().equalsIgnoreCase(r.address())) {
                out.append("original_recipient: ").append(r.originalAddress()).append('\n');
            }
            out.append(r.isFinal() ? "done_recipient: " : "recipient: ").append(r.address()).append('\n');
            out.append("    ").append(r.status()).append(" via ").append(r.destination());
            if (r.dsnStatus() != null) {
                out.append(", dsn=").append(r.dsnStatus());
            }
            if (r.relay() != null) {
                out.append(", relay=").append(r.relay());
            }
            if (r.reason() != null) {
                out.append(" (").append(oneLine(r.reason())).append(')');
            }
            out.append('\n');
        }
        out.append("*** MESSAGE CONTENTS ").append(where).append(" ***\n");
        if (content.isPresent()) {
            String text = new String(content.get(), StandardCharsets.UTF_8).replace("\r\n", "\n");
            out.append(text);
            if (!text.endsWith("\n")) {
                out.append('\n');
            }
        } else {
            out.append("(the queue file ").append(m.blobId()).append(" is missing from the blob store)\n");
        }
        out.append("*** HEADER EXTRACTED ").append(where).append(" ***\n");
        if (m.messageId() != null) {
            out.append("message_id: ").append(m.messageId()).append('\n');
        }
        if (m.dsnEnvid() != null) {
            out.append("dsn_envid: ").append(m.dsnEnvid()).append('\n');
        }
        if (m.dsnRet() != null) {
            out.append("dsn_ret: ").append(m.dsnRet()).append('\n');
        }
        if (m.smtputf8()) {
            out.append("smtputf8: yes\n");
        }
        for (QueuedRecipient r : m.recipients()) {
            if (!r.dsn().notifyOn().isEmpty() || r.dsn().orcpt() != null) {
                out.append("dsn_recipient: ").append(r.address());
                if (!r.dsn().notifyOn().isEmpty()) {
                    out.append(" notify=").append(String.join(",", r.dsn().notifyOn()));
                }
                if (r.dsn().orcpt() != null) {
                    out.append(" orcpt=").append(r.dsn().orcpt());
                }
                out.append('\n');
            }
        }
        out.append("*** MESSAGE FILE END ").append(where).append(" ***\n");
        return out.toString();
    }

    /**
     * qshape: a header of bucket limits, the TOTAL row, then a row per destination; every column
     * right-aligned, one space apart.
     */
    static String shape(QueueShape shape) {
        List<String> header = new ArrayList<>();
        header.add("");
        header.add("T");
        for (int limit : shape.bucketMinutes()) {
            header.add(Integer.toString(limit));
        }
        header.add(shape.bucketMinutes().get(shape.bucketMinutes().size() - 1) + "+");
        List<List<String>> table = new ArrayList<>();
        table.add(header);
        table.add(cells(shape.total()));
        for (QueueShape.Row row : shape.rows()) {
            table.add(cells(row));
        }
        int[] widths = new int[header.size()];
        for (List<String> row : table) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (List<String> row : table) {
            for (int i = 0; i < row.size(); i++) {
                if (i > 0) {
                    out.append(' ');
                }
                out.append(" ".repeat(widths[i] - row.get(i).length())).append(row.get(i));
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static List<String> cells(QueueShape.Row row) {
        List<String> cells = new ArrayList<>();
        cells.add(row.domain());
        cells.add(Integer.toString(row.total()));
        for (int n : row.counts()) {
            cells.add(Integer.toString(n));
        }
        return cells;
    }

    /** postsuper's report: {@code kurir: Deleted: 1 message}, {@code kurir: Placed on hold: 2 messages}. */
    static String counted(String what, int n) {
        return "kurir: " + what + ": " + n + " message" + (n == 1 ? "" : "s");
    }
}
