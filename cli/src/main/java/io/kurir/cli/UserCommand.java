package io.kurir.cli;

import io.kurir.store.Account;
import io.kurir.store.AccountStore;
import java.io.BufferedReader;
import java.io.Console;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kurir user add|list|passwd|del}: the course's useradd and passwd. */
@Command(name = "user", description = "Manage mail accounts (useradd/passwd).",
        subcommands = {UserCommand.Add.class, UserCommand.ListUsers.class, UserCommand.Passwd.class, UserCommand.Del.class,
            UserCommand.Quota.class})
final class UserCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "add", description = {"Add an account. NAME without a domain receives mail for every mydestination domain;",
            "NAME@DOMAIN is an account of a virtual mailbox domain (./kurir domain add DOMAIN --class virtual-mailbox)."})
    static final class Add implements Callable<Integer> {
        @Mixin DataDirOption data = new DataDirOption();
        @Parameters(paramLabel = "NAME") String name;
        @Option(names = "--password", paramLabel = "PW", description = "The password (default: asked for, or read from standard input).")
        String password;

        @Override
        public Integer call() throws Exception {
            if (!AccountStore.isValidName(AccountStore.normalize(name))) {
                System.err.printf("kurir: invalid account name '%s': use letters, digits and . _ - (no +), "
                        + "optionally @ a virtual mailbox domain%n", name);
                return 2;
            }
            char[] pw = password != null ? password.toCharArray() : askPassword(name);
            try (Database db = Database.open(data.dir())) {
                var result = new AccountStore(db.dataSource()).create(name, pw);
                if (result == AccountStore.CreateResult.ALREADY_EXISTS) {
                    System.err.printf("kurir: user '%s' already exists%n", AccountStore.normalize(name));
                    return 1;
                }
                System.out.printf("user %s added%n", AccountStore.normalize(name));
                return 0;
            } finally {
                Arrays.fill(pw, '\0');
            }
        }
    }

    @Command(name = "list", description = "List accounts.")
    static final class ListUsers implements Callable<Integer> {
        @Mixin DataDirOption data = new DataDirOption();

        @Override
        public Integer call() throws Exception {
            try (Database db = Database.open(data.dir())) {
                for (Account a : new AccountStore(db.dataSource()).list()) {
                    System.out.println(a.name());
                }
                return 0;
            }
        }
    }

    @Command(name = "passwd", description = "Set an account's password.")
    static final class Passwd implements Callable<Integer> {
        @Mixin DataDirOption data = new DataDirOption();
        @Parameters(paramLabel = "NAME") String name;
        @Option(names = "--password", paramLabel = "PW") String password;

        @Override
        public Integer call() throws Exception {
            char[] pw = password != null ? password.toCharArray() : askPassword(name);
            try (Database db = Database.open(data.dir())) {
                if (!new AccountStore(db.dataSource()).setPassword(name, pw)) {
                    System.err.printf("kurir: no such user '%s'%n", name);
                    return 1;
                }
                System.out.printf("password for %s updated%n", AccountStore.normalize(name));
                return 0;
            } finally {
                Arrays.fill(pw, '\0');
            }
        }
    }

    @Command(name = "del", description = "Delete an account with all its mail.")
    static final class Del implements Callable<Integer> {
        @Mixin DataDirOption data = new DataDirOption();
        @Parameters(paramLabel = "NAME") String name;

        @Override
        public Integer call() throws Exception {
            try (Database db = Database.open(data.dir())) {
                if (!new AccountStore(db.dataSource()).delete(name)) {
                    System.err.printf("kurir: no such user '%s'%n", name);
                    return 1;
                }
                System.out.printf("user %s deleted%n", AccountStore.normalize(name));
                return 0;
            }
        }
    }

    @Command(name = "quota", description = {"Show an account's storage and quota, or set its quota (IMAP QUOTA, RFC 9208).",
            "LIMIT: octets with an optional K, M, G or T (1024-based, as Dovecot's quota_rule), 'none' for no limit,",
            "or 'default' for imap-service's mailbox-size-limit."})
    static final class Quota implements Callable<Integer> {
        @Mixin DataDirOption data = new DataDirOption();
        @Parameters(index = "0", paramLabel = "NAME") String name;
        @Parameters(index = "1", paramLabel = "LIMIT", arity = "0..1") String limit;

        @Override
        public Integer call() throws Exception {
            java.util.OptionalLong bytes;
            try {
                bytes = limit == null ? java.util.OptionalLong.empty() : parseLimit(limit);
            } catch (IllegalArgumentException e) {
                System.err.printf("kurir: %s%n", e.getMessage());
                return 2;
            }
            try (Database db = Database.open(data.dir())) {
                AccountStore accounts = new AccountStore(db.dataSource());
                if (limit != null && !accounts.setQuota(name, bytes)) {
                    System.err.printf("kurir: no such user '%s'%n", name);
                    return 1;
                }
                var usage = accounts.usage(name);
                if (usage.isEmpty()) {
                    System.err.printf("kurir: no such user '%s'%n", name);
                    return 1;
                }
                String quota = usage.get().quotaBytes().isEmpty() ? "default (mailbox-size-limit)"
                        : usage.get().quotaBytes().getAsLong() == 0 ? "none" : usage.get().quotaBytes().getAsLong() + " octets";
                System.out.printf("%s: %d octets in %d messages; quota %s%n", AccountStore.normalize(name), usage.get().bytes(),
                        usage.get().messages(), quota);
                return 0;
            }
        }

        /** {@code 500M} → 524288000; {@code none} → 0; {@code default} → empty. */
        static java.util.OptionalLong parseLimit(String text) {
            String t = text.trim();
            if (t.equalsIgnoreCase("default")) {
                return java.util.OptionalLong.empty();
            }
            if (t.equalsIgnoreCase("none")) {
                return java.util.OptionalLong.of(0);
            }
            long unit = 1;
            char last = Character.toUpperCase(t.isEmpty() ? ' ' : t.charAt(t.length() - 1));
            int power = "KMGT".indexOf(last);
            if (power >= 0) {
                unit = 1L << (10 * (power + 1));
                t = t.substring(0, t.length() - 1);
            }
            try {
                long n = Long.parseLong(t);
                if (n < 0) {
                    throw new NumberFormatException();
                }
                return java.util.OptionalLong.of(Math.multiplyExact(n, unit));
            } catch (NumberFormatException | ArithmeticException e) {
                throw new IllegalArgumentException("invalid quota '" + text + "': use octets with K, M, G or T, 'none' or 'default'");
            }
        }
    }

    /** Like passwd(1): asks twice on a terminal; reads one line from standard input otherwise. */
    static char[] askPassword(String name) throws Exception {
        Console console = System.console();
        if (console != null) {
            char[] first = console.readPassword("New password for %s: ", name);
            char[] second = console.readPassword("Retype new password: ");
            if (first == null || second == null || !Arrays.equals(first, second)) {
                throw new IllegalArgumentException("passwords do not match");
            }
            if (first.length == 0) {
                throw new IllegalArgumentException("empty password");
            }
            return first;
        }
        String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        if (line == null || line.isEmpty()) {
            throw new IllegalArgumentException("no password given (use --password PW or type it on standard input)");
        }
        return line.toCharArray();
    }
}
