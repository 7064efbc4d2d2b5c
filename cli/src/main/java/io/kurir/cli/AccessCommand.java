package io.kurir.cli;

import io.kurir.store.AccessEntry;
import io.kurir.store.AccessFile;
import io.kurir.store.AccessFileException;
import io.kurir.store.AccessKind;
import io.kurir.store.AccessStore;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code kurir access add|del|list|import}: the access(5) tables of the gateway's
 * check_client_access, check_helo_access, check_sender_access and check_recipient_access, kept in
 * PostgreSQL instead of postmap'd files. Exit codes: 0 done, 1 nothing to delete or the import
 * failed (nothing imported), 2 a bad kind, key or action.
 */
@Command(name = "access", description = "Manage the access(5) tables (check_client_access, check_helo_access, "
        + "check_sender_access, check_recipient_access).",
        subcommands = {AccessCommand.Add.class, AccessCommand.Del.class, AccessCommand.ListEntries.class,
                AccessCommand.Import.class})
final class AccessCommand implements Runnable {

    static final String KINDS = "client, helo, sender or recipient";

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "add", description = "Add an entry, or replace the action of the entry with the same key.")
    static final class Add implements Callable<Integer> {
        @Mixin DataDirOption data = new DataDirOption();
        @Parameters(index = "0", paramLabel = "KIND", description = KINDS) String kind;
        @Parameters(index = "1", paramLabel = "KEY",
                description = "An address, network, host or domain name; user@domain, domain or user@ for sender and recipient.")
        String key;
        @Parameters(index = "2..*", arity = "1..*", paramLabel = "ACTION",
                description = "OK, DUNNO, REJECT [text], DEFER [text], 4NN text or 5NN text.")
        List<String> action;

        @Override
        public Integer call() throws Exception {
            AccessEntry entry;
            try {
                entry = AccessEntry.of(AccessKind.fromName(kind), key, String.join(" ", action));
            } catch (IllegalArgumentException e) {
                System.err.println("kurir: " + e.getMessage());
                return 2;
            }
            try (Database db = Database.open(data.dir())) {
                var result = new AccessStore(db.dataSource()).put(entry);
                System.out.println((result == AccessStore.PutResult.ADDED ? "added: " : "replaced: ") + entry);
                return 0;
            }
        }
    }

    @Command(name = "del", description = "Delete the entry with this key.")
    static final class Del implements Callable<Integer> {
        @Mixin DataDirOption data = new DataDirOption();
        @Parameters(index = "0", paramLabel = "KIND", description = KINDS) String kind;
        @Parameters(index = "1", paramLabel = "KEY") String key;

        @Override
        public Integer call() throws Exception {
            AccessKind k;
            String normalized;
            try {
                k = AccessKind.fromName(kind);
                normalized = k.normalizeKey(key);
            } catch (IllegalArgumentException e) {
                System.err.println("kurir: " + e.getMessage());
                return 2;
            }
            try (Database db = Database.open(data.dir())) {
                if (!new AccessStore(db.dataSource()).delete(k, normalized)) {
                    System.err.printf("kurir: no %s entry '%s'%n", k.tableName(), normalized);
                    return 1;
                }
                System.out.printf("deleted: %s %s%n", k.tableName(), normalized);
                return 0;
            }
        }
    }

    @Command(name = "list", description = "Print the entries, one per line: kind key action (like postmap -s).")
    static final class ListEntries implements Callable<Integer> {
        @Mixin DataDirOption data = new DataDirOption();
        @Parameters(index = "0", arity = "0..1", paramLabel = "KIND", description = "Only this table: " + KINDS + ".")
        String kind;

        @Override
        public Integer call() throws Exception {
            Optional<AccessKind> only;
            try {
                only = Optional.ofNullable(kind).map(AccessKind::fromName);
            } catch (IllegalArgumentException e) {
                System.err.println("kurir: " + e.getMessage());
                return 2;
            }
            try (Database db = Database.open(data.dir())) {
                AccessStore store = new AccessStore(db.dataSource());
                for (AccessEntry e : only.map(store::list).orElseGet(store::list)) {
                    System.out.println(e);
                }
                return 0;
            }
        }
    }

    @Command(name = "import", description = "Replace a whole table with the entries of an access(5) file, "
            + "all or nothing, as postmap rebuilds a table.")
    static final class Import implements Callable<Integer> {
        @Mixin DataDirOption data = new DataDirOption();
        @Parameters(index = "0", paramLabel = "KIND", description = KINDS) String kind;
        @Parameters(index = "1", paramLabel = "FILE", description = "The access(5) source file (UTF-8).") Path file;

        @Override
        public Integer call() throws Exception {
            AccessKind k;
            try {
                k = AccessKind.fromName(kind);
            } catch (IllegalArgumentException e) {
                System.err.println("kurir: " + e.getMessage());
                return 2;
            }
            List<AccessEntry> entries;
            try {
                entries = AccessFile.parse(Files.readString(file), file.toString(), k);
            } catch (AccessFileException e) {
                System.err.println(e.getMessage());
                System.err.printf("kurir: nothing imported; the %s table is unchanged%n", k.tableName());
                return 1;
            } catch (NoSuchFileException e) {
                System.err.printf("kurir: %s: no such file; nothing imported%n", file);
                return 1;
            } catch (CharacterCodingException e) {
                System.err.printf("kurir: %s: not UTF-8 text; nothing imported%n", file);
                return 1;
            } catch (IOException e) {
                System.err.printf("kurir: cannot read %s: %s; nothing imported%n", file, e.getMessage());
                return 1;
            }
            try (Database db = Database.open(data.dir())) {
                new AccessStore(db.dataSource()).replaceAll(k, entries);
            }
            System.out.printf("imported %d %s %s from %s%n", entries.size(), k.tableName(),
                    entries.size() == 1 ? "entry" : "entries", file);
            return 0;
        }
    }
}
