package io.kurir.cli;

import io.kurir.mail.alias.AliasEntry;
import io.kurir.mail.alias.AliasFile;
import io.kurir.mail.alias.AliasSyntaxException;
import io.kurir.store.alias.AliasStore;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code kurir alias add|del|list} and {@code kurir aliases import FILE}: the local aliases of
 * aliases(5) — the course's /etc/aliases plus newaliases — kept in PostgreSQL. rewrite-service
 * expands them and smtp-gateway accepts their names at RCPT; a change takes effect within seconds,
 * without a restart. Exit codes: 0 done, 1 nothing to delete or the import failed (nothing
 * imported), 2 a bad name or target.
 */
@Command(name = "alias", description = "Manage the local aliases (aliases(5): name: target, target, ...).",
        subcommands = {AliasCommand.Add.class, AliasCommand.Del.class, AliasCommand.ListAliases.class})
final class AliasCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** An aliases(5) line, as the administrator would write it. */
    static String line(AliasEntry e) {
        return e.key() + ": " + String.join(", ", e.targets());
    }

    @Command(name = "add", description = "Add an alias, or replace the targets of the alias with the same name.")
    static final class Add implements Callable<Integer> {
        @Mixin DataDirOption data = new DataDirOption();
        @Parameters(index = "0", paramLabel = "NAME", description = "The local name, e.g. staf or postmaster.")
        String name;
        @Parameters(index = "1..*", arity = "1..*", paramLabel = "TARGET",
                description = "Local names or addresses (commas between them are fine too).")
        List<String> targets;

        @Override
        public Integer call() throws Exception {
            AliasEntry entry;
            try {
                List<AliasEntry> parsed = AliasFile.parse("alias", name + ": " + String.join(", ", targets));
                entry = parsed.get(0);
            } catch (AliasSyntaxException e) {
                e.problems().forEach(p -> System.err.println("kurir: " + p.replaceFirst("^alias:1: ", "")));
                return 2;
            }
            try (Database db = Database.open(data.dir())) {
                var result = new AliasStore(db.dataSource()).putLocal(entry.key(), entry.targets());
                System.out.println((result == AliasStore.PutResult.ADDED ? "added: " : "replaced: ") + line(entry));
                return 0;
            }
        }
    }

    @Command(name = "del", description = "Delete the alias with this name.")
    static final class Del implements Callable<Integer> {
        @Mixin DataDirOption data = new DataDirOption();
        @Parameters(index = "0", paramLabel = "NAME") String name;

        @Override
        public Integer call() throws Exception {
            try (Database db = Database.open(data.dir())) {
                if (!new AliasStore(db.dataSource()).deleteLocal(name)) {
                    System.err.printf("kurir: no alias '%s'%n", name);
                    return 1;
                }
                System.out.printf("deleted: %s%n", name.toLowerCase(java.util.Locale.ROOT));
                return 0;
            }
        }
    }

    @Command(name = "list", description = "Print the aliases in aliases(5) format, by name.")
    static final class ListAliases implements Callable<Integer> {
        @Mixin DataDirOption data = new DataDirOption();

        @Override
        public Integer call() throws Exception {
            try (Database db = Database.open(data.dir())) {
                new AliasStore(db.dataSource()).listLocal().forEach(e -> System.out.println(line(e)));
                return 0;
            }
        }
    }

    /** {@code kurir aliases import FILE}: newaliases. */
    @Command(name = "aliases", description = "The aliases(5) file: import replaces every local alias, "
            + "all or nothing, as newaliases rebuilds aliases.db.", subcommands = {AliasCommand.Import.class})
    static final class Aliases implements Runnable {
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine().usage(System.out);
        }
    }

    @Command(name = "import", description = "Replace every local alias with the entries of an aliases(5) file.")
    static final class Import implements Callable<Integer> {
        @Mixin DataDirOption data = new DataDirOption();
        @Parameters(index = "0", paramLabel = "FILE", description = "The aliases(5) file (UTF-8), e.g. /etc/aliases.")
        Path file;

        @Override
        public Integer call() throws Exception {
            var text = MapFiles.read(file);
            if (text.isEmpty()) {
                return 1;
            }
            List<AliasEntry> entries;
            try {
                entries = AliasFile.parse(file.toString(), text.get());
            } catch (AliasSyntaxException e) {
                e.problems().forEach(System.err::println);
                System.err.println("kurir: nothing imported; the aliases are unchanged");
                return 1;
            }
            try (Database db = Database.open(data.dir())) {
                new AliasStore(db.dataSource()).replaceLocal(entries);
            }
            System.out.printf("imported %d %s from %s%n", entries.size(), entries.size() == 1 ? "alias" : "aliases", file);
            return 0;
        }
    }
}
