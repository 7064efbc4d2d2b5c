package io.kurir.cli;

import io.kurir.store.PgBlobStore;
import io.kurir.store.queue.CorruptQueue;
import io.kurir.store.queue.QueueAdmin;
import io.kurir.store.queue.QueueName;
import io.kurir.store.queue.QueueSelection;
import io.kurir.store.queue.QueueStore;
import io.kurir.store.queue.QueuedMessage;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kurir queue ...}: Postfix's postqueue ({@code -p}, {@code -f}, {@code -s}), postsuper
 * ({@code -d}, {@code -h}, {@code -H}, {@code -r}), postcat {@code -q} and qshape on queue-service's
 * queue in PostgreSQL. Changes print postsuper's count line ({@code kurir: Deleted: 2 messages}) on
 * standard output; flush prints nothing, as postqueue -f. Exit codes: 0 done, 1 no such queue file
 * (show), 2 bad arguments.
 */
@Command(name = "queue", description = "Show and manage the mail queue (postqueue, postsuper, postcat -q, qshape).",
        subcommands = {QueueCommand.ListQueue.class, QueueCommand.Show.class, QueueCommand.Delete.class,
                QueueCommand.Hold.class, QueueCommand.Release.class, QueueCommand.Requeue.class, QueueCommand.Flush.class,
                QueueCommand.Shape.class, QueueCommand.Corrupt.class})
final class QueueCommand implements Runnable {

    static final String QUEUES = "incoming, active, deferred or hold";
    static final String SELECTION = "Queue ids, or ALL with an optional queue name (" + QUEUES + ").";

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * {@code ID...} or {@code ALL [queue]}, as postsuper reads them.
     *
     * @throws IllegalArgumentException with the text for the administrator
     */
    static QueueSelection selection(List<String> args) {
        if (args.get(0).equals("ALL")) {
            if (args.size() == 1) {
                return QueueSelection.all();
            }
            if (args.size() > 2) {
                throw new IllegalArgumentException("ALL takes one queue name at most (" + QUEUES + ")");
            }
            return QueueSelection.all(queueName(args.get(1)));
        }
        if (args.contains("ALL")) {
            throw new IllegalArgumentException("ALL stands alone, not among queue ids");
        }
        return QueueSelection.ids(args);
    }

    static QueueName queueName(String name) {
        return QueueName.parse(name).orElseThrow(
                () -> new IllegalArgumentException("unknown queue '" + name + "': use " + QUEUES));
    }

    /** The command's common parts: where its output goes, and its database. */
    abstract static class QueueTool implements Callable<Integer> {
        @Mixin DataDirOption data = new DataDirOption();
        @Spec CommandSpec spec;

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        PrintWriter err() {
            return spec.commandLine().getErr();
        }

        int usage(String message) {
            err().println("kurir: " + message);
            err().flush();
            return 2;
        }
    }

    @Command(name = "list", description = "List the queue as postqueue -p (mailq) does: * active, ! on hold.")
    static final class ListQueue extends QueueTool {
        @Override
        public Integer call() throws Exception {
            try (Database db = Database.open(data.dir())) {
                out().print(QueueFormat.list(new QueueStore(db.dataSource()).list(), ZoneId.systemDefault()));
                out().flush();
                return 0;
            }
        }
    }

    @Command(name = "show", description = "Print a queued message's envelope and content, as postcat -q does.")
    static final class Show extends QueueTool {
        @Parameters(paramLabel = "ID") String queueId;

        @Override
        public Integer call() throws Exception {
            try (Database db = Database.open(data.dir())) {
                Optional<QueuedMessage> m = new QueueStore(db.dataSource()).find(queueId);
                if (m.isEmpty()) {
                    err().println("kurir: fatal: " + queueId + ": no such queue file");
                    err().flush();
                    return 1;
                }
                var content = new PgBlobStore(db.dataSource()).get(m.get().blobId());
                out().print(QueueFormat.show(m.get(), content, ZoneId.systemDefault()));
                out().flush();
                return 0;
            }
        }
    }

    /** postsuper's operations: a selection, a change, a count. */
    abstract static class Change extends QueueTool {
        @Parameters(arity = "1..*", paramLabel = "ID|ALL", description = SELECTION) List<String> args;

        abstract String done();

        abstract int apply(QueueAdmin admin, QueueSelection selection, Instant now);

        @Override
        public Integer call() throws Exception {
            QueueSelection selection;
            try {
                selection = selection(args);
            } catch (IllegalArgumentException e) {
                return usage(e.getMessage());
            }
            try (Database db = Database.open(data.dir())) {
                var admin = new QueueAdmin(db.dataSource(), new PgBlobStore(db.dataSource()));
                int n = apply(admin, selection, Instant.now());
                out().println(QueueFormat.counted(done(), n));
                out().flush();
                return 0;
            }
        }
    }

    @Command(name = "delete", description = {"Delete messages and their queue files, as postsuper -d does.",
            "Mail in flight is deleted too; its delivery reports are then ignored."})
    static final class Delete extends Change {
        @Override
        String done() {
            return "Deleted";
        }

        @Override
        int apply(QueueAdmin admin, QueueSelection selection, Instant now) {
            return admin.delete(selection);
        }
    }

    @Command(name = "hold", description = "Put active and deferred messages on hold, as postsuper -h does.")
    static final class Hold extends Change {
        @Override
        String done() {
            return "Placed on hold";
        }

        @Override
        int apply(QueueAdmin admin, QueueSelection selection, Instant now) {
            return admin.hold(selection);
        }
    }

    @Command(name = "release", description = "Release messages from hold, due now, as postsuper -H does.")
    static final class Release extends Change {
        @Override
        String done() {
            return "Released from hold";
        }

        @Override
        int apply(QueueAdmin admin, QueueSelection selection, Instant now) {
            return admin.release(selection, now);
        }
    }

    @Command(name = "requeue", description = "Make messages (held ones too) active and due now, as postsuper -r does.")
    static final class Requeue extends Change {
        @Override
        String done() {
            return "Requeued";
        }

        @Override
        int apply(QueueAdmin admin, QueueSelection selection, Instant now) {
            return admin.requeue(selection, now);
        }
    }

    @Command(name = "flush", description = {"Try deferred mail now, as postqueue -f does; with a DOMAIN only mail for it",
            "and its subdomains, as postqueue -s (and SMTP ETRN). Suspended destinations are tried again.",
            "Prints nothing, as postqueue -f."})
    static final class Flush extends QueueTool {
        @Parameters(arity = "0..1", paramLabel = "DOMAIN") String domain;

        @Override
        public Integer call() throws Exception {
            if (domain != null && (domain.isBlank() || domain.contains("@"))) {
                return usage("invalid domain '" + domain + "': give a domain name, as postqueue -s site");
            }
            try (Database db = Database.open(data.dir())) {
                new QueueAdmin(db.dataSource(), new PgBlobStore(db.dataSource())).flush(Optional.ofNullable(domain),
                        Instant.now());
                return 0;
            }
        }
    }

    @Command(name = "shape", description = {"Print the queue's shape as qshape does: recipients per destination by the",
            "age of their message in minutes. Without QUEUE: incoming, active and deferred."})
    static final class Shape extends QueueTool {
        @Parameters(arity = "0..1", paramLabel = "QUEUE", description = QUEUES) String queue;

        @Override
        public Integer call() throws Exception {
            Optional<QueueName> only;
            try {
                only = Optional.ofNullable(queue).map(QueueCommand::queueName);
            } catch (IllegalArgumentException e) {
                return usage(e.getMessage());
            }
            try (Database db = Database.open(data.dir())) {
                var admin = new QueueAdmin(db.dataSource(), new PgBlobStore(db.dataSource()));
                out().print(QueueFormat.shape(admin.shape(Instant.now(), only)));
                out().flush();
                return 0;
            }
        }
    }

    /**
     * The corrupt queue (mail.corrupt): messages rewrite-service could not process, with the reason.
     * Postfix leaves its corrupt directory to the administrator's hands; here they are listed, shown
     * and deleted.
     */
    @Command(name = "corrupt", description = {"List the corrupt queue (messages cleanup could not process), show one "
            + "entry's reason and record, send entries to cleanup again (once the cause is mended), or delete "
            + "entries with their queue files.",
            "kurir queue corrupt [list | show ID | release ID... | delete ID...|ALL]"})
    static final class Corrupt extends QueueTool {
        @Parameters(arity = "0..*", paramLabel = "list|show|delete ARGS") List<String> args = List.of();

        @Override
        public Integer call() throws Exception {
            String what = args.isEmpty() ? "list" : args.get(0);
            List<String> rest = args.isEmpty() ? List.of() : args.subList(1, args.size());
            try (Database db = Database.open(data.dir())) {
                var corrupt = new CorruptQueue(db.dataSource(), new PgBlobStore(db.dataSource()));
                switch (what) {
                    case "list" -> {
                        if (!rest.isEmpty()) {
                            return usage("list takes no arguments");
                        }
                        var entries = corrupt.list();
                        for (var e : entries) {
                            out().printf("%-16s %s  %s%n", e.queueId(), QueueFormat.date(e.reportedAt(), ZoneId.systemDefault()),
                                    e.reason());
                        }
                        out().println(entries.isEmpty() ? "Corrupt queue is empty"
                                : "-- " + entries.size() + (entries.size() == 1 ? " message" : " messages"));
                    }
                    case "show" -> {
                        if (rest.size() != 1) {
                            return usage("show takes one queue id");
                        }
                        var e = corrupt.find(rest.get(0));
                        if (e.isEmpty()) {
                            err().println("kurir: fatal: " + rest.get(0) + ": not in the corrupt queue");
                            err().flush();
                            return 1;
                        }
                        out().printf("*** CORRUPT %s ***%nreason: %s%nreported: %s%nqueue file: %s%n*** RECORD ***%n%s%n",
                                e.get().queueId(), e.get().reason(), e.get().reportedAt(), e.get().blobId().orElse("(none)"),
                                e.get().record());
                    }
                    case "delete" -> {
                        if (rest.isEmpty()) {
                            return usage("delete takes queue ids or ALL");
                        }
                        int n = rest.equals(List.of("ALL")) ? corrupt.deleteAll() : corrupt.delete(rest);
                        out().println(QueueFormat.counted("Deleted", n));
                    }
                    case "release" -> {
                        if (rest.isEmpty()) {
                            return usage("release takes queue ids");
                        }
                        Optional<StackFile> stack = StackFile.readLive(data.dir());
                        if (stack.isEmpty()) {
                            err().println("kurir: fatal: release sends the records to mail.maildrop: start the stack "
                                    + "(./kurir up) first");
                            err().flush();
                            return 1;
                        }
                        int n = 0;
                        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<>(
                                java.util.Map.<String, Object>of("bootstrap.servers", stack.get().kafka(), "acks", "all"),
                                new org.apache.kafka.common.serialization.StringSerializer(),
                                new org.apache.kafka.common.serialization.ByteArraySerializer())) {
                            for (String id : rest) {
                                // taken out first: if cleanup finds it corrupt again, its new entry must not be the
                                // one deleted; a record that cannot be sent is put back
                                var e = corrupt.take(id);
                                if (e.isEmpty()) {
                                    err().println("kurir: warning: " + id + ": not in the corrupt queue");
                                    continue;
                                }
                                try {
                                    producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>("mail.maildrop",
                                            e.get().queueId().startsWith("maildrop-") ? null : e.get().queueId(),
                                            e.get().record().getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                                            .get(30, java.util.concurrent.TimeUnit.SECONDS);
                                } catch (Exception failure) {
                                    corrupt.add(new io.kurir.mail.payload.CorruptRecord(io.kurir.mail.payload.CorruptRecord.VERSION,
                                            e.get().queueId(), e.get().reason(), e.get().record(), e.get().blobId().orElse(null),
                                            e.get().reportedAt()));
                                    err().println("kurir: fatal: " + id + ": not sent, kept in the corrupt queue: "
                                            + failure.getMessage());
                                    err().flush();
                                    return 1;
                                }
                                n++;
                            }
                        }
                        out().println(QueueFormat.counted("Released from corrupt", n));
                    }
                    default -> {
                        return usage("unknown corrupt queue command '" + what + "': use list, show, release or delete");
                    }
                }
                out().flush();
                return 0;
            }
        }
    }
}
