package io.kurir.cli;

import io.kurir.checks.CheckTableException;
import io.kurir.store.checks.ChecksStore;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code kurir checks import|show|clear header|body}: Postfix's header_checks and body_checks
 * (regexp_table(5)) kept in PostgreSQL. smtp-gateway applies their REJECT rules before its 250,
 * rewrite-service every other action (HOLD, DISCARD, REDIRECT, PREPEND, REPLACE, IGNORE, WARN,
 * INFO); both see a change within seconds, without a restart. Exit codes: 0 done, 1 nothing to
 * show or clear, or the import failed (nothing imported), 2 a bad table name.
 */
@Command(name = "checks", description = "Manage header_checks and body_checks (Postfix regexp tables).",
        subcommands = {ChecksCommand.Import.class, ChecksCommand.Show.class, ChecksCommand.Clear.class})
final class ChecksCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    private static Optional<ChecksStore.Kind> kind(String word) {
        try {
            return Optional.of(ChecksStore.Kind.of(word));
        } catch (IllegalArgumentException e) {
            System.err.println("kurir: " + e.getMessage());
            return Optional.empty();
        }
    }

    @Command(name = "import", description = {"Replace the header or body checks with a Postfix regexp table file, "
            + "as postmap would: a malformed line is reported as FILE:LINE and nothing is imported."})
    static final class Import implements Callable<Integer> {
        @Mixin DataDirOption data = new DataDirOption();
        @Parameters(index = "0", paramLabel = "header|body") String table;
        @Parameters(index = "1", paramLabel = "FILE") Path file;

        @Override
        public Integer call() throws Exception {
            Optional<ChecksStore.Kind> kind = kind(table);
            if (kind.isEmpty()) {
                return 2;
            }
            Optional<String> text = MapFiles.read(file);
            if (text.isEmpty()) {
                return 1;
            }
            try (Database db = Database.open(data.dir())) {
                new ChecksStore(db.dataSource()).replace(kind.get(), file.toString(), text.get());
            } catch (CheckTableException e) {
                System.err.printf("kurir: %s; nothing imported%n", e.getMessage());
                return 1;
            }
            long rules = text.get().lines().filter(l -> !l.isBlank() && !l.startsWith("#")
                    && !Character.isWhitespace(l.charAt(0))).count();
            System.out.printf("%s_checks: imported %s (%d lines with rules, if or endif)%n", kind.get().key(), file, rules);
            return 0;
        }
    }

    @Command(name = "show", description = "Print the imported table as it was imported.")
    static final class Show implements Callable<Integer> {
        @Mixin DataDirOption data = new DataDirOption();
        @Parameters(index = "0", paramLabel = "header|body") String table;

        @Override
        public Integer call() throws Exception {
            Optional<ChecksStore.Kind> kind = kind(table);
            if (kind.isEmpty()) {
                return 2;
            }
            try (Database db = Database.open(data.dir())) {
                Optional<ChecksStore.Stored> stored = new ChecksStore(db.dataSource()).get(kind.get());
                if (stored.isEmpty()) {
                    System.err.printf("kurir: no %s_checks imported%n", kind.get().key());
                    return 1;
                }
                System.out.printf("# %s_checks, imported from %s%n", kind.get().key(), stored.get().sourceName());
                System.out.print(stored.get().rules());
                if (!stored.get().rules().endsWith("\n")) {
                    System.out.println();
                }
                return 0;
            }
        }
    }

    @Command(name = "clear", description = "Remove the imported table: no more checks of that kind.")
    static final class Clear implements Callable<Integer> {
        @Mixin DataDirOption data = new DataDirOption();
        @Parameters(index = "0", paramLabel = "header|body") String table;

        @Override
        public Integer call() throws Exception {
            Optional<ChecksStore.Kind> kind = kind(table);
            if (kind.isEmpty()) {
                return 2;
            }
            try (Database db = Database.open(data.dir())) {
                if (!new ChecksStore(db.dataSource()).clear(kind.get())) {
                    System.err.printf("kurir: no %s_checks imported%n", kind.get().key());
                    return 1;
                }
                System.out.printf("%s_checks: cleared%n", kind.get().key());
                return 0;
            }
        }
    }
}
