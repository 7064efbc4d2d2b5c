package io.kurir.cli;

import io.kurir.mail.alias.AliasEntry;
import io.kurir.mail.alias.AliasSyntaxException;
import io.kurir.mail.alias.VirtualFile;
import io.kurir.store.alias.AliasStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code kurir virtual add|del|list|import}: Postfix's virtual_alias_maps (virtual(5)) and
 * virtual_alias_domains, kept in PostgreSQL. A pattern is {@code user@domain}, a bare local part
 * (any local domain) or {@code @domain} (catch-all); a domain alone declares a virtual alias domain,
 * as the {@code example.com anything} line of a virtual(5) file does. Exit codes: 0 done, 1 nothing
 * to delete or the import failed (nothing imported), 2 a bad pattern or target.
 */
@Command(name = "virtual", description = "Manage the virtual alias map and virtual alias domains (virtual(5)).",
        subcommands = {VirtualCommand.Add.class, VirtualCommand.Del.class, VirtualCommand.ListVirtual.class,
                VirtualCommand.Import.class})
final class VirtualCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "add", description = "Add a mapping (PATTERN TARGET...), replacing one with the same pattern; "
            + "or, with a domain and no target, declare a virtual alias domain.")
    static final class Add implements Callable<Integer> {
        @Mixin DataDirOption data = new DataDirOption();
        @Parameters(index = "0", paramLabel = "PATTERN", description = "user@domain, user, @domain, or a domain.")
        String pattern;
        @Parameters(index = "1..*", arity = "0..*", paramLabel = "TARGET", description = "Addresses or local names.")
        List<String> targets = List.of();

        @Override
        public Integer call() throws Exception {
            VirtualFile.Parsed parsed;
            try {
                String line = targets.isEmpty() ? pattern + " anything" : pattern + " " + String.join(", ", targets);
                parsed = VirtualFile.parse("virtual", line);
            } catch (AliasSyntaxException e) {
                e.problems().forEach(p -> System.err.println("kurir: " + p.replaceFirst("^virtual:1: ", "")));
                return 2;
            }
            if (targets.isEmpty() && parsed.domains().isEmpty()) {
                System.err.printf("kurir: '%s' is not a domain: give the targets it maps to%n", pattern);
                return 2;
            }
            try (Database db = Database.open(data.dir())) {
                AliasStore store = new AliasStore(db.dataSource());
                if (!parsed.domains().isEmpty()) {
                    String domain = parsed.domains().get(0);
                    System.out.println((store.addVirtualDomain(domain) ? "added: " : "already there: ") + domain
                            + " (virtual alias domain)");
                    return 0;
                }
                AliasEntry entry = parsed.aliases().get(0);
                var result = store.putVirtual(entry.key(), entry.targets());
                System.out.println((result == AliasStore.PutResult.ADDED ? "added: " : "replaced: ") + line(entry));
                return 0;
            }
        }
    }

    @Command(name = "del", description = "Delete the mapping with this pattern, or the virtual alias domain.")
    static final class Del implements Callable<Integer> {
        @Mixin DataDirOption data = new DataDirOption();
        @Parameters(index = "0", paramLabel = "PATTERN") String pattern;

        @Override
        public Integer call() throws Exception {
            String key = pattern.toLowerCase(Locale.ROOT);
            try (Database db = Database.open(data.dir())) {
                AliasStore store = new AliasStore(db.dataSource());
                if (store.deleteVirtual(key)) {
                    System.out.printf("deleted: %s%n", key);
                    return 0;
                }
                if (store.deleteVirtualDomain(key)) {
                    System.out.printf("deleted: %s (virtual alias domain)%n", key);
                    return 0;
                }
                System.err.printf("kurir: no virtual alias or virtual alias domain '%s'%n", key);
                return 1;
            }
        }
    }

    @Command(name = "list", description = "Print the virtual alias domains, then the map, in virtual(5) format.")
    static final class ListVirtual implements Callable<Integer> {
        @Mixin DataDirOption data = new DataDirOption();

        @Override
        public Integer call() throws Exception {
            try (Database db = Database.open(data.dir())) {
                AliasStore store = new AliasStore(db.dataSource());
                store.virtualDomains().forEach(d -> System.out.println(d + " anything"));
                store.listVirtual().forEach(e -> System.out.println(line(e)));
                return 0;
            }
        }
    }

    @Command(name = "import", description = "Replace the virtual alias map and domains with a virtual(5) file, "
            + "all or nothing, as postmap rebuilds virtual.db.")
    static final class Import implements Callable<Integer> {
        @Mixin DataDirOption data = new DataDirOption();
        @Parameters(index = "0", paramLabel = "FILE", description = "The virtual(5) file (UTF-8).") Path file;

        @Override
        public Integer call() throws Exception {
            var text = MapFiles.read(file);
            if (text.isEmpty()) {
                return 1;
            }
            VirtualFile.Parsed parsed;
            try {
                parsed = VirtualFile.parse(file.toString(), text.get());
            } catch (AliasSyntaxException e) {
                e.problems().forEach(System.err::println);
                System.err.println("kurir: nothing imported; the virtual aliases are unchanged");
                return 1;
            }
            try (Database db = Database.open(data.dir())) {
                new AliasStore(db.dataSource()).replaceVirtual(parsed);
            }
            System.out.printf("imported %d virtual %s and %d virtual alias %s from %s%n", parsed.aliases().size(),
                    parsed.aliases().size() == 1 ? "alias" : "aliases", parsed.domains().size(),
                    parsed.domains().size() == 1 ? "domain" : "domains", file);
            return 0;
        }
    }

    static String line(AliasEntry e) {
        return e.key() + " " + String.join(", ", e.targets());
    }
}
