package io.kurir.devstack;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;

/**
 * Keeps the embedded servers' logging quiet.
 *
 * <p>Kafka logs through slf4j and log4j-api, zonky through slf4j; in this module both end in JBoss LogManager
 * (slf4j-jboss-logmanager, log4j2-jboss-logmanager), like in a Quarkus application. The categories below are set
 * to WARN (system property {@code kurir.devstack.log.level} overrides it) unless a level was configured for them
 * already. A Quarkus application configures its categories after its test resources started, so
 * {@code quarkus.log.category."kafka".level=INFO} in a service still wins.
 */
final class DevstackLogging {

    static final String LEVEL_PROPERTY = "kurir.devstack.log.level";

    private static final List<String> CATEGORIES = List.of(
            "kafka", "state.change.logger", "org.apache.kafka", "io.zonky.test.db.postgres");

    /** Strong references: loggers that nobody references can be collected, and their level with them. */
    private static final List<Object> PINNED = new CopyOnWriteArrayList<>();

    private static volatile boolean done;

    private DevstackLogging() {
    }

    static synchronized void quietInfrastructure() {
        if (done) {
            return;
        }
        done = true;
        Level level = parse(System.getProperty(LEVEL_PROPERTY, "WARN"));
        for (String category : CATEGORIES) {
            try {
                org.jboss.logmanager.Logger logger = org.jboss.logmanager.Logger.getLogger(category);
                if (logger.getLevel() == null) {
                    logger.setLevel(level);
                }
                PINNED.add(logger);
            } catch (LinkageError e) {
                // JBoss LogManager not usable here: fall back to java.util.logging
                java.util.logging.Logger logger = java.util.logging.Logger.getLogger(category);
                if (logger.getLevel() == null) {
                    logger.setLevel(level);
                }
                PINNED.add(logger);
            }
        }
    }

    private static Level parse(String name) {
        switch (name.trim().toUpperCase()) {
            case "TRACE": return Level.FINEST;
            case "DEBUG": return Level.FINE;
            case "INFO": return Level.INFO;
            case "WARN": case "WARNING": return Level.WARNING;
            case "ERROR": case "SEVERE": return Level.SEVERE;
            case "OFF": return Level.OFF;
            default:
                try {
                    return Level.parse(name.trim());
                } catch (IllegalArgumentException e) {
                    return Level.WARNING;
                }
        }
    }
}
