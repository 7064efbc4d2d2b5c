package io.kurir.cli;

import io.kurir.mail.alias.AliasSyntaxException;
import io.kurir.mail.canonical.CanonicalEntry;
import io.kurir.mail.canonical.CanonicalFile;
import io.kurir.store.alias.AliasStore;
import io.kurir.store.alias.AliasStore.CanonicalClass;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code kurir canonical add|del|list|import}: Postfix's canonical(5) maps in PostgreSQL —
 * {@code canonical_maps} by default, {@code sender_canonical_maps} with {@code --sender},
 * {@code recipient_canonical_maps} with {@code --recipient}. rewrite-service applies them to the
 * envelope, and to the headers of mail from local clients, within seconds of a change. Exit codes:
 * 0 done, 1 nothing to delete or the import failed (nothing imported), 2 a bad pattern or result.
 */
@Command(name = "canonical", description = "Manage the canonical maps (canonical(5): pattern result).",
        subcommands = {CanonicalCommand.Add.class, CanonicalCommand.Del.class, CanonicalCommand.ListCanonical.class,
                CanonicalCommand.Import.class})
final class CanonicalCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** {@code --sender} or {@code --recipient}; neither is canonical_maps. */
    static final class Table {
        @Option(names = "--sender", description = "sender_canonical_maps (senders only)") boolean sender;
        @Option(names = "--recipient", description = "recipient_canonical_maps (recipients only)") boolean recipient;

        static CanonicalClass of(Table t) {
            return t == null ? CanonicalClass.COMMON : t.sender ? CanonicalClass.SENDER
                    : t.recipient ? CanonicalClass.RECIPIENT : CanonicalClass.COMMON;
        }
    }

    @Command(name = "add", description = "Add a mapping, or replace the result of the one with the same pattern.")
    static final class Add implements Callable<Integer> {
        @Mixin DataDirOption data = new DataDirOption();
        @ArgGroup(exclusive = true) Table table;
        @Parameters(index = "0", paramLabel = "PATTERN", description = "user@domain, user or @domain") String pattern;
        @Parameters(index = "1", paramLabel = "RESULT", description = "an address, a local name or @domain") String result;

        @Override
        public Integer call() throws Exception {
            CanonicalClass which = Table.of(table);
            CanonicalEntry entry;
            try {
                entry = CanonicalFile.parse(which.parameter(), pattern + " " + result).get(0);
            } catch (AliasSyntaxException e) {
                e.problems().forEach(p -> System.err.println("kurir: " + p.replaceFirst("^[a-z_]+:1: ", "")));
                return 2;
            }
            try (Database db = Database.open(data.dir())) {
                var r = new AliasStore(db.dataSource()).putCanonical(which, entry.pattern(), entry.result());
                System.out.printf("%s: %s %s (%s)%n", r == AliasStore.PutResult.ADDED ? "added" : "replaced",
                        entry.pattern(), entry.result(), which.parameter());
                return 0;
            }
        }
    }

    @Command(name = "del", description = "Delete the mapping with this pattern.")
    static final class Del implements Callable<Integer> {
        @Mixin DataDirOption data = new DataDirOption();
        @ArgGroup(exclusive = true) Table table;
        @Parameters(index = "0", paramLabel = "PATTERN") String pattern;

        @Override
        public Integer call() throws Exception {
            CanonicalClass which = Table.of(table);
            try (Database db = Database.open(data.dir())) {
                if (!new AliasStore(db.dataSource()).deleteCanonical(which, pattern)) {
                    System.err.printf("kurir: no '%s' in %s%n", pattern, which.parameter());
                    return 1;
                }
                System.out.printf("deleted: %s (%s)%n", pattern.toLowerCase(java.util.Locale.ROOT), which.parameter());
                return 0;
            }
        }
    }

    @Command(name = "list", description = "Print the canonical maps in canonical(5) format, each under its Postfix name.")
    static final class ListCanonical implements Callable<Integer> {
        @Mixin DataDirOption data = new DataDirOption();

        @Override
        public Integer call() throws Exception {
            try (Database db = Database.open(data.dir())) {
                AliasStore store = new AliasStore(db.dataSource());
                for (CanonicalClass which : CanonicalClass.values()) {
                    List<CanonicalEntry> entries = store.listCanonical(which);
                    if (!entries.isEmpty()) {
                        System.out.println("# " + which.parameter());
                        entries.forEach(e -> System.out.println(e.pattern() + " " + e.result()));
                    }
                }
                return 0;
            }
        }
    }

    @Command(name = "import", description = "Replace a canonical map with a canonical(5) file, all or nothing, "
            + "as postmap rebuilds canonical.db.")
    static final class Import implements Callable<Integer> {
        @Mixin DataDirOption data = new DataDirOption();
        @ArgGroup(exclusive = true) Table table;
        @Parameters(index = "0", paramLabel = "FILE", description = "The canonical(5) file (UTF-8).") Path file;

        @Override
        public Integer call() throws Exception {
            CanonicalClass which = Table.of(table);
            var text = MapFiles.read(file);
            if (text.isEmpty()) {
                return 1;
            }
            List<CanonicalEntry> entries;
            try {
                entries = CanonicalFile.parse(file.toString(), text.get());
            } catch (AliasSyntaxException e) {
                e.problems().forEach(System.err::println);
                System.err.println("kurir: nothing imported; " + which.parameter() + " is unchanged");
                return 1;
            }
            try (Database db = Database.open(data.dir())) {
                new AliasStore(db.dataSource()).replaceCanonical(which, entries);
            }
            System.out.printf("imported %d %s into %s from %s%n", entries.size(), entries.size() == 1 ? "entry" : "entries",
                    which.parameter(), file);
            return 0;
        }
    }
}
