package io.kurir.mail.payload;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * JSON for the topic payloads, and the Kafka serializers and deserializers that every producer
 * and consumer uses (one class per topic record, never copies).
 *
 * <p>A payload whose {@code version} is newer than this code knows fails deserialization with a
 * clear message instead of being half-understood.
 */
public final class PayloadJson {

    static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private static final System.Logger LOG = System.getLogger(PayloadJson.class.getName());

    private PayloadJson() {
    }

    public static byte[] toBytes(Object payload) {
        try {
            return MAPPER.writeValueAsBytes(payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static <T> T fromBytes(byte[] json, Class<T> type, int supportedVersion) {
        try {
            int version = peekVersion(json);
            if (version < 1 || version > supportedVersion) {
                throw new SerializationException(type.getSimpleName() + " version " + version
                        + " not supported (this build reads up to " + supportedVersion + ")");
            }
            return MAPPER.readValue(json, type);
        } catch (IOException e) {
            throw new SerializationException("malformed " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The top-level {@code version} field, read by streaming up to it (every payload writes it
     * first), so that a record is parsed once, not into a tree and then again into its type.
     * -1 when there is none, or it is not a number.
     */
    private static int peekVersion(byte[] json) throws IOException {
        try (JsonParser p = MAPPER.getFactory().createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new JsonParseException(p, "a payload is a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("version".equals(name)) {
                    return value == JsonToken.VALUE_NUMBER_INT ? p.getIntValue() : -1;
                }
                p.skipChildren();
            }
            return -1;
        }
    }

    /** Serializer for any payload record. */
    public static class JsonSerializer implements Serializer<Object> {
        @Override
        public byte[] serialize(String topic, Object data) {
            return data == null ? null : toBytes(data);
        }
    }

    abstract static class VersionedDeserializer<T> implements Deserializer<T> {
        private final Class<T> type;
        private final int version;

        VersionedDeserializer(Class<T> type, int version) {
            this.type = type;
            this.version = version;
        }

        @Override
        public T deserialize(String topic, byte[] data) {
            if (data == null) {
                return null;
            }
            try {
                return fromBytes(data, type, version);
            } catch (SerializationException e) {
                // the consumer skips the record (fail-on-deserialization-failure=false); say why here
                LOG.log(System.Logger.Level.ERROR, topic + ": cannot read record: " + e.getMessage());
                throw e;
            }
        }
    }

    public static class MaildropDeserializer extends VersionedDeserializer<MaildropRecord> {
        public MaildropDeserializer() {
            super(MaildropRecord.class, MaildropRecord.VERSION);
        }
    }

    public static class IncomingDeserializer extends VersionedDeserializer<IncomingRecord> {
        public IncomingDeserializer() {
            super(IncomingRecord.class, IncomingRecord.VERSION);
        }
    }

    public static class ActiveDeserializer extends VersionedDeserializer<ActiveRecord> {
        public ActiveDeserializer() {
            super(ActiveRecord.class, ActiveRecord.VERSION);
        }
    }

    public static class ReportDeserializer extends VersionedDeserializer<DeliveryReport> {
        public ReportDeserializer() {
            super(DeliveryReport.class, DeliveryReport.VERSION);
        }
    }

    public static class CorruptDeserializer extends VersionedDeserializer<CorruptRecord> {
        public CorruptDeserializer() {
            super(CorruptRecord.class, CorruptRecord.VERSION);
        }
    }
}
