package io.kurir.devstack;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

import org.jboss.logging.Logger;

/**
 * One {@link EmbeddedStack} per test JVM: started on first use in a temporary directory (PostgreSQL with fsync
 * off), with the {@link KurirTopics} created, and stopped (directory deleted) by a JVM shutdown hook.
 *
 * <p>Quarkus tests load classes in their own class loaders, and a JVM running several test profiles has several
 * of them, each with its own copy of this class. So that they all share one stack, the stack is always owned by
 * the copy of this class in the <em>system</em> class loader when that one can see it (it can whenever the
 * devstack jar is on the test class path, as with Maven Surefire/Failsafe): other copies get an "attached" stack
 * with the same addresses whose {@code close()} does nothing. The owner's classes never go away, so the shutdown
 * hook can always run.
 */
public final class SharedTestStack {

    private static final Logger LOG = Logger.getLogger(SharedTestStack.class);

    private static EmbeddedStack stack;
    private static RuntimeException failure;

    private SharedTestStack() {
    }

    public static synchronized EmbeddedStack get() {
        if (stack != null) {
            return stack;
        }
        if (failure != null) {
            throw new IllegalStateException("the shared test stack failed to start earlier: " + failure.getMessage(), failure);
        }
        try {
            Class<?> owner = systemCopy();
            if (owner != null) {
                Method info = owner.getDeclaredMethod("connectionInfo");
                info.setAccessible(true);
                String[] addresses = (String[]) info.invoke(null);
                stack = EmbeddedStack.attached(addresses[0], Integer.parseInt(addresses[1]));
            } else {
                stack = startOwned();
            }
            return stack;
        } catch (InvocationTargetException e) {
            failure = e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } catch (RuntimeException e) {
            failure = e;
        } catch (Exception e) {
            failure = new IllegalStateException(e);
        }
        throw failure;
    }

    /** Called reflectively from copies of this class in other class loaders; JDK types only. */
    static String[] connectionInfo() {
        EmbeddedStack s = get();
        return new String[] {s.kafka().bootstrapServers(), Integer.toString(s.postgres().port())};
    }

    /** The copy of this class in the system class loader, if that is not this class and it can be loaded. */
    private static Class<?> systemCopy() {
        ClassLoader system = ClassLoader.getSystemClassLoader();
        if (SharedTestStack.class.getClassLoader() == system) {
            return null;
        }
        try {
            Class<?> copy = Class.forName(SharedTestStack.class.getName(), true, system);
            return copy == SharedTestStack.class ? null : copy;
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    private static EmbeddedStack startOwned() throws Exception {
        Path dir = Files.createTempDirectory("kurir-test-stack-");
        EmbeddedStack started;
        try {
            started = EmbeddedStack.start(dir, StackPorts.any(), false);
        } catch (Exception e) {
            deleteRecursively(dir);
            throw e;
        }
        try {
            started.kafka().createTopics(KurirTopics.ALL);
        } catch (RuntimeException e) {
            started.close();
            deleteRecursively(dir);
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                started.close();
            } finally {
                deleteRecursively(dir);
            }
        }, "kurir-test-stack-shutdown"));
        LOG.infof("Shared test stack: %s", started.quarkusProperties());
        return started;
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) {
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            LOG.debugf("could not delete %s: %s", dir, e);
        }
    }

}
