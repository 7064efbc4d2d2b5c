package io.kurir.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** kurir up refuses a bad --background-nice before it starts anything. */
class UpOptionsTest {

    @TempDir
    Path data;

    private record Run(int exitCode, String stderr) {
    }

    private Run up(String... args) {
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            CommandLine cli = new CommandLine(new Kurir());
            cli.setErr(new java.io.PrintWriter(System.err, true));
            String[] full = new String[args.length + 3];
            full[0] = "up";
            System.arraycopy(args, 0, full, 1, args.length);
            full[args.length + 1] = "--data";
            full[args.length + 2] = data.toString();
            return new Run(cli.execute(full), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(saved);
        }
    }

    @Test
    void backgroundNiceOutsideZeroToNineteenIsAUsageError() {
        for (String bad : new String[] {"20", "-1", "2147483647"}) {
            Run r = up("--background-nice", bad);
            assertEquals(2, r.exitCode(), bad + ": " + r.stderr());
            assertEquals("kurir up: --background-nice must be 0 to 19, not " + bad + System.lineSeparator(), r.stderr());
        }
    }

    @Test
    void backgroundNiceThatIsNoNumberIsRefusedByTheParser() {
        for (String bad : new String[] {"low", "", "99999999999"}) {
            Run r = up("--background-nice", bad);
            assertEquals(2, r.exitCode(), bad + ": " + r.stderr());
            assertTrue(r.stderr().contains("--background-nice"), "the reply names the option: " + r.stderr());
        }
    }
}
