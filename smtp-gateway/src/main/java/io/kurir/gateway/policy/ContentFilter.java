package io.kurir.gateway.policy;

import io.kurir.checks.Action;
import io.kurir.checks.CheckTable;
import io.kurir.checks.ContentChecks;
import io.kurir.checks.Finding;
import io.kurir.smtp.codec.SmtpReply;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Locale;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The REJECT action of Postfix's header_checks and body_checks, applied before the reply to the
 * end of DATA, so a refused message is never accepted and never bounced (no backscatter). The
 * other actions (HOLD, DISCARD, PREPEND, ...) belong to rewrite-service's cleanup.
 *
 * <p>Tables are {@code regexp:} files in regexp_table(5) syntax, as in main.cf
 * ({@code header-checks = regexp:/etc/kurir/header_checks}). A file changed on disk is read again
 * before the next message; a change that does not parse is logged and the previous table stays.
 * Scanning is CPU work on big messages: call it off the event loop.
 */
public final class ContentFilter {

    private static final Logger LOG = Logger.getLogger("cleanup");

    private final Optional<TableFile> headers;
    private final Optional<TableFile> body;
    private final int bodySizeLimit;
    private ContentChecks checks;

    /**
     * @throws IllegalArgumentException when a setting is not a {@code regexp:} table or its file
     *         does not parse (the message names the file and line)
     */
    public ContentFilter(Optional<String> headerChecks, Optional<String> bodyChecks, int bodySizeLimit) {
        this.headers = headerChecks.filter(s -> !s.isBlank()).map(s -> new TableFile("header-checks", s));
        this.body = bodyChecks.filter(s -> !s.isBlank()).map(s -> new TableFile("body-checks", s));
        this.bodySizeLimit = bodySizeLimit;
        this.checks = build();
    }

    /** The reply refusing this message, when a REJECT rule matched first. */
    public Optional<SmtpReply> check(byte[] message, String client) {
        ContentChecks current = current();
        if (current.isEmpty()) {
            return Optional.empty();
        }
        Optional<Finding> reject = current.scan(message).reject();
        return reject.map(f -> {
            Action.Reject r = (Action.Reject) f.action();
            LOG.infof("NOQUEUE: reject: %s from %s: %s %s (%s)", abbreviate(f.describe()), client, r.statusCode(), r.reason(),
                    f.match().location());
            return SmtpReply.of(r.temporary() ? 451 : 550, r.statusCode(), r.reason());
        });
    }

    private synchronized ContentChecks current() {
        boolean changed = headers.map(TableFile::changed).orElse(false) | body.map(TableFile::changed).orElse(false);
        if (changed) {
            try {
                checks = build();
                LOG.infof("content checks reloaded");
            } catch (RuntimeException e) {
                LOG.errorf("warning: content checks not reloaded, the previous tables stay: %s", e.getMessage());
            }
        }
        return checks;
    }

    private ContentChecks build() {
        return new ContentChecks(headers.map(TableFile::load).orElse(CheckTable.empty("header-checks")),
                body.map(TableFile::load).orElse(CheckTable.empty("body-checks")), bodySizeLimit);
    }

    /** Client text in a log line: control characters shown as {@code ?} (no forged lines), at most 200 characters. */
    private static String abbreviate(String s) {
        StringBuilder sb = new StringBuilder();
        s.codePoints().limit(200).forEach(c -> sb.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return s.length() > 200 ? sb + "..." : sb.toString();
    }

    /** One {@code regexp:/path} table and the modification time it was read at. */
    private static final class TableFile {
        private final Path path;
        private FileTime readAt;
        private long readSize = -1;

        TableFile(String setting, String value) {
            String v = value.trim();
            int colon = v.indexOf(':');
            String type = colon > 0 ? v.substring(0, colon).toLowerCase(Locale.ROOT) : "";
            if (!type.equals("regexp") || v.contains(",") || v.substring(colon + 1).contains(" ")) {
                throw new IllegalArgumentException(setting + ": '" + value + "': Kurir reads one regexp: table in "
                        + "regexp_table(5) syntax, e.g. regexp:/etc/kurir/" + setting.replace('-', '_'));
            }
            this.path = Path.of(v.substring(colon + 1));
        }

        boolean changed() {
            try {
                return !Files.getLastModifiedTime(path).equals(readAt) || Files.size(path) != readSize;
            } catch (IOException e) {
                return false; // gone for now: keep the table we have
            }
        }

        CheckTable load() {
            try {
                readAt = Files.getLastModifiedTime(path);
                readSize = Files.size(path);
                return CheckTable.parse(Files.readString(path), path.toString());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
            }
        }
    }
}
