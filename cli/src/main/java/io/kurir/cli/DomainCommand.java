package io.kurir.cli;

import io.kurir.mail.DomainClasses.DomainClass;
import io.kurir.store.alias.AliasStore;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code kurir domain add|del|list}: the domains Kurir receives mail for beyond mydestination, with
 * Postfix's address classes — {@code virtual-mailbox} (virtual_mailbox_domains: each address is an
 * account {@code user@domain}, added with {@code ./kurir user add user@domain}), {@code virtual-alias}
 * (virtual_alias_domains: every address is an alias, {@code ./kurir virtual add}) and {@code relay}
 * (relay_domains: accepted from every client and sent on by SMTP). Local domains are mydestination,
 * a setting. Changes take effect within seconds, without a restart. Exit codes: 0 done, 1 nothing
 * to delete, 2 a bad domain or class.
 */
@Command(name = "domain", description = "Manage the virtual mailbox, virtual alias and relay domains.",
        subcommands = {DomainCommand.Add.class, DomainCommand.Del.class, DomainCommand.ListDomains.class})
final class DomainCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    private static final java.util.regex.Pattern DOMAIN = java.util.regex.Pattern.compile(
            "(?=.*[a-z-])[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+");

    @Command(name = "add", description = {"Add a domain with its class, or move it to another class.",
            "Classes: virtual-mailbox, virtual-alias, relay (local domains are the mydestination setting)."})
    static final class Add implements Callable<Integer> {
        @Mixin DataDirOption data = new DataDirOption();
        @Parameters(index = "0", paramLabel = "DOMAIN") String domain;
        @Option(names = "--class", required = true, paramLabel = "CLASS",
                description = "virtual-mailbox, virtual-alias or relay") String domainClass;

        @Override
        public Integer call() throws Exception {
            String d = domain.toLowerCase(Locale.ROOT);
            if (!DOMAIN.matcher(d).matches() || d.length() > 253) {
                System.err.printf("kurir: '%s' is not a domain name (a.b, letters, digits and -)%n", domain);
                return 2;
            }
            DomainClass c;
            try {
                c = DomainClass.of(domainClass);
            } catch (IllegalArgumentException e) {
                System.err.println("kurir: " + e.getMessage());
                return 2;
            }
            try (Database db = Database.open(data.dir())) {
                var result = new AliasStore(db.dataSource()).putDomain(d, c);
                String done = switch (result) {
                    case ADDED -> "added";
                    case CHANGED -> "changed";
                    case UNCHANGED -> "already there";
                };
                System.out.printf("%s: %s %s%n", done, d, c.word());
                return 0;
            } catch (IllegalArgumentException e) {
                System.err.println("kurir: " + e.getMessage());
                return 2;
            }
        }
    }

    @Command(name = "del", description = "Delete a domain (its accounts and aliases stay; mail for it is then relayed or refused).")
    static final class Del implements Callable<Integer> {
        @Mixin DataDirOption data = new DataDirOption();
        @Parameters(index = "0", paramLabel = "DOMAIN") String domain;

        @Override
        public Integer call() throws Exception {
            try (Database db = Database.open(data.dir())) {
                if (!new AliasStore(db.dataSource()).deleteDomain(domain)) {
                    System.err.printf("kurir: no domain '%s'%n", domain.toLowerCase(Locale.ROOT));
                    return 1;
                }
                System.out.printf("deleted: %s%n", domain.toLowerCase(Locale.ROOT));
                return 0;
            }
        }
    }

    @Command(name = "list", description = "List the domains and their classes (mydestination, a setting, is not listed).")
    static final class ListDomains implements Callable<Integer> {
        @Mixin DataDirOption data = new DataDirOption();

        @Override
        public Integer call() throws Exception {
            try (Database db = Database.open(data.dir())) {
                for (Map.Entry<String, DomainClass> e : new AliasStore(db.dataSource()).domainClasses().entrySet()) {
                    System.out.printf("%s %s%n", e.getKey(), e.getValue().word());
                }
                return 0;
            }
        }
    }
}
