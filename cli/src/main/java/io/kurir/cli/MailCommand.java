package io.kurir.cli;

import io.kurir.mail.Mbox;
import io.kurir.store.AccountStore;
import io.kurir.store.MailStore;
import io.kurir.store.PgBlobStore;
import io.kurir.store.StoredMessage;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code kurir mail cat NAME}: the mailbox as {@code cat /var/mail/NAME} shows it. */
@Command(name = "mail", description = "Read mailboxes.", subcommands = MailCommand.Cat.class)
final class MailCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "cat", description = "Print NAME's INBOX in mbox format, like cat /var/mail/NAME.")
    static final class Cat implements Callable<Integer> {
        @Mixin DataDirOption data = new DataDirOption();
        @Parameters(paramLabel = "NAME") String name;

        @Override
        public Integer call() throws Exception {
            try (Database db = Database.open(data.dir())) {
                if (!new AccountStore(db.dataSource()).exists(name)) {
                    System.err.printf("kurir: no such user '%s'%n", name);
                    return 1;
                }
                MailStore store = new MailStore(db.dataSource(), new PgBlobStore(db.dataSource()));
                PrintStream out = System.out;
                for (StoredMessage m : store.messages(name, "INBOX")) {
                    byte[] content = store.blobs().get(m.blobId()).orElse(new byte[0]);
                    out.write(Mbox.entry(Mbox.senderOf(content), Mbox.at(m.internalDate()), content));
                }
                out.flush();
                return 0;
            }
        }
    }
}
