package io.kurir.gateway.transport;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicInteger;

/** SMTP session and reply metrics for /q/metrics. */
@ApplicationScoped
public class GatewayMetrics {

    private final MeterRegistry registry;
    private final AtomicInteger active = new AtomicInteger();

    public GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
        registry.gauge("kurir_smtp_sessions_active", active);
    }

    void connected() {
        active.incrementAndGet();
        registry.counter("kurir_smtp_connections_total").increment();
    }

    void disconnected() {
        active.decrementAndGet();
    }

    void reply(int code) {
        registry.counter("kurir_smtp_replies_total", "code", Integer.toString(code)).increment();
    }

    /** A client that did not wait for the greeting or pipelined where it may not. */
    void improperPipelining() {
        registry.counter("kurir_smtp_improper_pipelining_total").increment();
    }

    void queued(long size) {
        registry.counter("kurir_smtp_messages_queued_total").increment();
        registry.summary("kurir_smtp_message_size_bytes").record(size);
    }
}
