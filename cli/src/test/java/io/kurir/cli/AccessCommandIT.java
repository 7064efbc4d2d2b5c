package io.kurir.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code ./kurir access} through the real launcher, as an administrator types it, on a data folder
 * of its own without {@code kurir up}: every command starts the folder's PostgreSQL for itself.
 *
 * <p>The launcher rebuilds the whole repository when a source file is newer than
 * {@code cli/target/kurir-cli.jar} — which happens whenever someone edits a file while this test
 * runs. So the test calls it through a link in a folder that holds only the build output (links to
 * the modules' {@code target} folders): the same script runs the same jars, and never starts a
 * build of its own.
 */
class AccessCommandIT {

    static Path dataDir;
    static Path launcher;

    @BeforeAll
    static void dataFolderAndLauncher() throws Exception {
        dataDir = Files.createTempDirectory(Path.of("target"), "access-").toAbsolutePath();
        Path repo = Path.of("..").toAbsolutePath().normalize();
        Path home = Files.createDirectory(dataDir.resolve("launcher-home"));
        try (Stream<Path> modules = Files.list(repo)) {
            for (Path module : modules.filter(m -> Files.isDirectory(m.resolve("target"))).toList()) {
                Files.createDirectories(home.resolve(module.getFileName()));
                Files.createSymbolicLink(home.resolve(module.getFileName()).resolve("target"), module.resolve("target"));
            }
        }
        launcher = Files.createSymbolicLink(home.resolve("kurir"), repo.resolve("kurir"));
    }

    @Test
    void addListAndDelete() throws Exception {
        assertOk(kurir("access", "add", "client", "10.1.2.3", "REJECT", "go", "away"), "added: client 10.1.2.3 REJECT go away");
        assertOk(kurir("access", "add", "CLIENT", "2001:DB8::/32", "550 5.7.1 no thanks"),
                "added: client 2001:db8::/32 550 5.7.1 no thanks");
        assertOk(kurir("access", "add", "sender", "<>", "DEFER"), "added: sender <> DEFER");
        assertOk(kurir("access", "add", "client", "10.1.2.3", "OK"), "replaced: client 10.1.2.3 OK");

        Result clients = kurir("access", "list", "client");
        assertEquals(0, clients.exitCode(), clients.stderr());
        assertEquals(List.of("client 10.1.2.3 OK", "client 2001:db8::/32 550 5.7.1 no thanks"), clients.lines());

        Result all = kurir("access", "list");
        assertEquals(0, all.exitCode(), all.stderr());
        List<String> byKind = new ArrayList<>();
        for (String kind : List.of("client", "helo", "sender", "recipient")) {
            all.lines().stream().filter(l -> l.startsWith(kind + " ")).forEach(byKind::add);
        }
        assertEquals(byKind, all.lines(), "list prints every table, ordered by kind then key");
        assertTrue(all.lines().contains("sender <> DEFER"), all.stdout());

        assertOk(kurir("access", "del", "client", "10.1.2.3"), "deleted: client 10.1.2.3");
        Result again = kurir("access", "del", "client", "10.1.2.3");
        assertEquals(1, again.exitCode(), "deleting what is not there: " + again);
        assertTrue(again.stderr().contains("kurir: no client entry '10.1.2.3'"), again.stderr());
        assertEquals(List.of("client 2001:db8::/32 550 5.7.1 no thanks"), kurir("access", "list", "client").lines());
    }

    @Test
    void badKindsKeysAndActionsExitWith2AndChangeNothing() throws Exception {
        assertRefused(kurir("access", "add", "clients", "10.1.2.3", "OK"),
                "kurir: unknown access table 'clients': use one of client, helo, sender, recipient");
        assertRefused(kurir("access", "add", "client", "10.1.2.300", "OK"),
                "kurir: invalid client key '10.1.2.300': octet 300 is greater than 255");
        assertRefused(kurir("access", "add", "client", "10.1.2.3/24", "REJECT"),
                "did you mean 10.1.2.0/24?");
        assertRefused(kurir("access", "add", "client", "10.9.9.9", "PERMIT"),
                "kurir: invalid action 'PERMIT': PERMIT is a restriction, not an access(5) action; use OK to accept");
        assertRefused(kurir("access", "add", "client", "10.9.9.9", "250", "fine"), "reply code 250 does not refuse");
        assertRefused(kurir("access", "add", "recipient", "<>", "OK"), "it is a sender key, not a recipient key");
        assertRefused(kurir("access", "add", "client", "10.9.9.9"), "Missing required parameter: 'ACTION'");
        assertRefused(kurir("access", "del", "helo", "[192.0.2.1"), "kurir: invalid helo key '[192.0.2.1'");
        assertRefused(kurir("access", "list", "senders"), "unknown access table 'senders'");
        assertRefused(kurir("access", "import", "relay", "whatever"), "unknown access table 'relay'");

        Result list = kurir("access", "list");
        assertEquals(0, list.exitCode(), list.stderr());
        assertTrue(list.lines().stream().noneMatch(l -> l.contains("10.9.9.9") || l.contains("10.1.2.300")), list.stdout());
    }

    @Test
    void importReplacesATableAllOrNothing() throws Exception {
        Path good = write("recipient_access", """
                # who may not receive mail from outside
                Abuse@Example.com     OK
                noreply@              550 5.1.1 this address
                    does not receive mail
                internal.example      REJECT
                """);
        assertOk(kurir("access", "import", "recipient", good.toString()), "imported 3 recipient entries from " + good);
        List<String> imported = List.of("recipient abuse@example.com OK", "recipient internal.example REJECT",
                "recipient noreply@ 550 5.1.1 this address does not receive mail");
        assertEquals(imported, kurir("access", "list", "recipient").lines());

        Path bad = write("bad_recipient_access", """
                postmaster@           OK
                hostmaster@           OK

                user@@example.com     REJECT
                another@              REJECT
                """);
        Result failed = kurir("access", "import", "recipient", bad.toString());
        assertEquals(1, failed.exitCode(), "a malformed file: " + failed);
        assertTrue(failed.stderr().lines().anyMatch(l -> l.startsWith(bad + ":4: invalid recipient key 'user@@example.com'")),
                "FILE:LINE: reason on standard error: " + failed.stderr());
        assertTrue(failed.stderr().contains("kurir: nothing imported; the recipient table is unchanged"), failed.stderr());
        assertEquals(imported, kurir("access", "list", "recipient").lines(), "nothing of the bad file was imported");

        Result missing = kurir("access", "import", "recipient", dataDir.resolve("no-such-file").toString());
        assertEquals(1, missing.exitCode(), missing.toString());
        assertTrue(missing.stderr().contains("no such file; nothing imported"), missing.stderr());

        Path smaller = write("recipient_access_2", "spamtrap@example.com 550 5.7.1 go away\n");
        assertOk(kurir("access", "import", "recipient", smaller.toString()), "imported 1 recipient entry from " + smaller);
        assertEquals(List.of("recipient spamtrap@example.com 550 5.7.1 go away"), kurir("access", "list", "recipient").lines(),
                "an import replaces the whole table");
    }

    private static void assertOk(Result r, String expectedLine) {
        assertEquals(0, r.exitCode(), "exit code of " + r);
        assertTrue(r.lines().contains(expectedLine), "expected the line '" + expectedLine + "' in: " + r);
    }

    private static void assertRefused(Result r, String expected) {
        assertEquals(2, r.exitCode(), "exit code of " + r);
        assertTrue(r.stderr().contains(expected), "expected '" + expected + "' on standard error: " + r);
    }

    private static Path write(String name, String text) throws Exception {
        return Files.writeString(dataDir.resolve(name), text);
    }

    record Result(List<String> args, int exitCode, String stdout, String stderr) {
        List<String> lines() {
            return stdout.lines().toList();
        }

        @Override
        public String toString() {
            return "./kurir " + String.join(" ", args) + " (exit " + exitCode + ")\nstdout:\n" + stdout + "stderr:\n" + stderr;
        }
    }

    /** Runs ./kurir with --data pointing at this test's folder; fails when it starts a build. */
    static Result kurir(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(launcher.toString());
        cmd.addAll(List.of(args));
        cmd.add("--data");
        cmd.add(dataDir.toString());
        Path out = Files.createTempFile(dataDir, "out-", ".txt");
        Path err = Files.createTempFile(dataDir, "err-", ".txt");
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            p.getOutputStream().close();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError("./kurir " + String.join(" ", args) + " hung; output so far:\n"
                        + Files.readString(out) + Files.readString(err));
            }
            Result r = new Result(List.of(args), p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
            assertFalse(r.stderr().contains("kurir: building"), "the launcher must run the jars just built: " + r);
            return r;
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
