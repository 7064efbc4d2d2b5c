package io.kurir.cli;

import io.kurir.mail.alias.AliasEntry;
import io.kurir.mail.alias.AliasFile;
import io.kurir.mail.alias.AliasMaps;
import io.kurir.mail.alias.AliasSyntaxException;
import io.kurir.store.alias.AliasStore;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code kurir forward set|clear|list}: an account's ~/.forward. Its mail goes to the targets
 * instead of its mailbox, or as well with {@code --keep} (a .forward that lists {@code \NAME}).
 * Exit codes: 0 done, 1 no such account or nothing to clear, 2 a bad target.
 */
@Command(name = "forward", description = "Forward an account's mail (its ~/.forward).",
        subcommands = {ForwardCommand.Set.class, ForwardCommand.Clear.class, ForwardCommand.ListForwards.class})
final class ForwardCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    static String line(String account, AliasMaps.Forward f) {
        return account + ": " + (f.keepCopy() ? "\\" + account + ", " : "") + String.join(", ", f.targets());
    }

    @Command(name = "set", description = "Forward the account's mail to these addresses, replacing an earlier forward.")
    static final class Set implements Callable<Integer> {
        @Mixin DataDirOption data = new DataDirOption();
        @Parameters(index = "0", paramLabel = "NAME", description = "The account.") String name;
        @Parameters(index = "1..*", arity = "1..*", paramLabel = "TARGET", description = "Addresses or local names.")
        List<String> targets;
        @Option(names = "--keep", description = "Keep a copy in the account's own mailbox too.") boolean keep;

        @Override
        public Integer call() throws Exception {
            String account = name.toLowerCase(Locale.ROOT);
            AliasEntry entry;
            try {
                entry = AliasFile.parse("forward", account + ": " + String.join(", ", targets)).get(0);
            } catch (AliasSyntaxException e) {
                e.problems().forEach(p -> System.err.println("kurir: " + p.replaceFirst("^forward:1: ", "")));
                return 2;
            }
            AliasMaps.Forward forward = new AliasMaps.Forward(entry.targets(), keep);
            try (Database db = Database.open(data.dir())) {
                if (!new AliasStore(db.dataSource()).setForward(account, forward)) {
                    System.err.printf("kurir: no account '%s'%n", account);
                    return 1;
                }
                System.out.println("forwarding: " + line(account, forward));
                return 0;
            }
        }
    }

    @Command(name = "clear", description = "Stop forwarding the account's mail.")
    static final class Clear implements Callable<Integer> {
        @Mixin DataDirOption data = new DataDirOption();
        @Parameters(index = "0", paramLabel = "NAME") String name;

        @Override
        public Integer call() throws Exception {
            String account = name.toLowerCase(Locale.ROOT);
            try (Database db = Database.open(data.dir())) {
                if (!new AliasStore(db.dataSource()).clearForward(account)) {
                    System.err.printf("kurir: '%s' has no forward%n", account);
                    return 1;
                }
                System.out.printf("cleared: %s (mail goes to its mailbox again)%n", account);
                return 0;
            }
        }
    }

    @Command(name = "list", description = "Print every forward, as a .forward would read: NAME: [\\NAME,] TARGET, ...")
    static final class ListForwards implements Callable<Integer> {
        @Mixin DataDirOption data = new DataDirOption();

        @Override
        public Integer call() throws Exception {
            try (Database db = Database.open(data.dir())) {
                new AliasStore(db.dataSource()).forwards().forEach((a, f) -> System.out.println(line(a, f)));
                return 0;
            }
        }
    }
}
