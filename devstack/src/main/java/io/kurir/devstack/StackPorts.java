package io.kurir.devstack;

/**
 * Ports for an {@link EmbeddedStack}. {@code 0} means "pick a free port in 20000–32000".
 *
 * @param kafka    the Kafka broker (PLAINTEXT) port; the KRaft controller always gets its own free port
 * @param postgres the PostgreSQL port
 */
public record StackPorts(int kafka, int postgres) {

    public StackPorts {
        if (kafka < 0 || kafka > 65535 || postgres < 0 || postgres > 65535) {
            throw new IllegalArgumentException("invalid ports: kafka=" + kafka + ", postgres=" + postgres);
        }
    }

    /** Both ports picked automatically. */
    public static StackPorts any() {
        return new StackPorts(0, 0);
    }
}
