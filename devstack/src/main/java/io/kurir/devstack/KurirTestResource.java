package io.kurir.devstack;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Real Kafka and PostgreSQL for {@code @QuarkusTest}s:
 * {@code @QuarkusTestResource(value = KurirTestResource.class, restrictToAnnotatedClass = false)}.
 *
 * <p>{@link #start()} returns the {@link SharedTestStack}'s {@link EmbeddedStack#quarkusProperties()}; the stack
 * is shared by all test classes of the JVM and stopped by a JVM shutdown hook, so {@link #stop()} does nothing.
 */
public final class KurirTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return SharedTestStack.get().quarkusProperties();
    }

    @Override
    public void stop() {
        // the JVM shutdown hook of SharedTestStack stops the stack
    }
}
