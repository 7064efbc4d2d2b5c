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
        subcommands = {UserCommand.Add.class, UserCommand.ListUsers.class, UserCommand.Passwd.class, UserCommand.Del.class})
final class UserCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "add", description = "Add an account. NAME without a domain receives mail for every mydestination domain.")
    static final class Add implements Callable<Integer> {
        @Mixin DataDirOption data = new DataDirOption();
        @Parameters(paramLabel = "NAME") String name;
        @Option(names = "--password", paramLabel = "PW", description = "The password (default: asked for, or read from standard input).")
        String password;

        @Override
        public Integer call() throws Exception {
            if (!AccountStore.isValidName(AccountStore.normalize(name))) {
                System.err.printf("kurir: invalid account name '%s': use letters, digits and . _ - (no @, no +)%n", name);
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
