package io.kurir.devstack;

import java.util.Map;

/** The Kafka topics of the Kurir mail system with their partition counts. */
public final class KurirTopics {

    public static final Map<String, Integer> ALL = Map.of(
            "mail.maildrop", 4,
            "mail.incoming", 4,
            "mail.active", 4,
            "mail.deferred", 4,
            "mail.results", 4,
            "mail.hold", 1,
            "mail.corrupt", 1);

    private KurirTopics() {
    }
}
