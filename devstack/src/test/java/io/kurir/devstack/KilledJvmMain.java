package io.kurir.devstack;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;

/**
 * Run in a child JVM by {@link EmbeddedStackIT}: starts the stack (or only PostgreSQL) on a directory, writes some
 * data, prints {@code READY <postmaster pid>} and waits to be killed with SIGKILL.
 */
public final class KilledJvmMain {

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        Path dir = Path.of(args[1]);
        EmbeddedPg pg;
        if ("stack".equals(mode)) {
            EmbeddedStack stack = EmbeddedStack.start(dir, StackPorts.any(), true);
            stack.kafka().createTopics(Map.of("devstack.it", 1));
            EmbeddedStackIT.produce(stack, "survives-kill-9");
            pg = stack.postgres();
        } else {
            pg = EmbeddedPg.start(dir, 0, true);
        }
        try (Connection c = pg.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("create table killed (id int primary key, body text)");
            s.execute("insert into killed values (1, 'survives-kill-9')");
        }
        long pid = EmbeddedPg.readPostmasterPid(pg.pgData()).orElseThrow();
        System.out.println("READY " + pid);
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
