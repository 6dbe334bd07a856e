package org.evidencepipeline.contracts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;

/**
 * The one JSON mapping of the contracts: ISO-8601 timestamps, unknown fields ignored (so an older
 * consumer reads a newer producer's additive change), bounded input sizes. Thread-safe.
 */
public final class EventCodec {
    /** Events larger than this are refused as poison rather than parsed. */
    public static final int MAX_EVENT_BYTES = 4 * 1024 * 1024;

    private final ObjectMapper mapper;

    public EventCodec() {
        JsonMapper m = JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .build();
        m.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxStringLength(MAX_EVENT_BYTES).maxNestingDepth(64).build());
        this.mapper = m;
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    public byte[] write(Object event) {
        try {
            return mapper.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + event.getClass().getSimpleName(), e);
        }
    }

    public String writeString(Object event) {
        try {
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + event.getClass().getSimpleName(), e);
        }
    }

    /**
     * Reads an event, turning every way the bytes can be wrong into one {@link InvalidEventException}
     * whose message says what was wrong, for the dead-letter reason.
     */
    public <T> T read(byte[] bytes, Class<T> type) {
        if (bytes == null) {
            throw new InvalidEventException("empty record (null value) where a " + type.getSimpleName() + " was expected");
        }
        if (bytes.length > MAX_EVENT_BYTES) {
            throw new InvalidEventException("record of " + bytes.length + " bytes exceeds the " + MAX_EVENT_BYTES + " byte event limit");
        }
        try {
            T value = mapper.readValue(bytes, type);
            if (value == null) {
                throw new InvalidEventException("JSON null where a " + type.getSimpleName() + " was expected");
            }
            return value;
        } catch (InvalidEventException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            String why = root instanceof IllegalArgumentException || root instanceof NullPointerException
                    ? root.getMessage() : firstLine(e.getMessage());
            throw new InvalidEventException("not a valid " + type.getSimpleName() + ": " + why, e);
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** Thrown for bytes that are not a valid event; the message is the dead-letter reason. */
    public static final class InvalidEventException extends RuntimeException {
        public InvalidEventException(String message) {
            super(message);
        }

        public InvalidEventException(String message, Throwable cause) {
            super(message, cause);
        }
    }

}
