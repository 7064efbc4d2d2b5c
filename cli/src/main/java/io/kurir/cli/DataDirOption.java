package io.kurir.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --data DIR}, on every command: where mail, accounts and the queues live. */
final class DataDirOption {

    @Option(names = "--data", paramLabel = "DIR",
            description = "Data folder (default: $KURIR_DATA or ~/.kurir/data).")
    Path data;

    Path dir() {
        if (data != null) {
            return data.toAbsolutePath();
        }
        String env = System.getenv("KURIR_DATA");
        if (env != null && !env.isBlank()) {
            return Path.of(env).toAbsolutePath();
        }
        return Path.of(System.getProperty("user.home"), ".kurir", "data");
    }
}
