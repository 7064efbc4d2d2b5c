package io.kurir.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Properties;

/**
 * {@code DATA/stack.properties}: written by a running {@code kurir up} with the addresses of its
 * PostgreSQL and Kafka, so that the other commands talk to the same database while it runs.
 *
 * @param pid the process id of {@code kurir up}
 */
record StackFile(long pid, String jdbcUrl, String user, String password, String kafka) {

    static Path path(Path dataDir) {
        return dataDir.resolve("stack.properties");
    }

    /** The stack file of a running {@code kurir up}; empty when there is none or its process is gone. */
    static Optional<StackFile> readLive(Path dataDir) {
        Path file = path(dataDir);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (IOException e) {
            return Optional.empty();
        }
        long pid = Long.parseLong(p.getProperty("pid", "-1"));
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            return Optional.of(new StackFile(pid, p.getProperty("jdbc.url"), p.getProperty("jdbc.user"),
                    p.getProperty("jdbc.password"), p.getProperty("kafka.bootstrap.servers")));
        }
        return Optional.empty();
    }

    void write(Path dataDir) throws IOException {
        Properties p = new Properties();
        p.setProperty("pid", Long.toString(pid));
        p.setProperty("jdbc.url", jdbcUrl);
        p.setProperty("jdbc.user", user);
        p.setProperty("jdbc.password", password);
        p.setProperty("kafka.bootstrap.servers", kafka);
        Path tmp = dataDir.resolve("stack.properties.tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            p.store(out, "written by kurir up; removed when it stops");
        }
        Files.move(tmp, path(dataDir), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static void remove(Path dataDir) {
        try {
            Files.deleteIfExists(path(dataDir));
        } catch (IOException e) {
            // best effort: a stale file is recognised by its dead pid
        }
    }
}
