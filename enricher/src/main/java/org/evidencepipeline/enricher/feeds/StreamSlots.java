package org.evidencepipeline.enricher.feeds;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.evidencepipeline.enricher.EnricherConfig;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Counts the open SSE streams, per instance and per client address, so that requests can never start more
 * readers (each a thread and a Kafka consumer) than configured. A slot is taken before the stream starts and
 * given back once its reader has closed its consumer.
 */
@ApplicationScoped
public class StreamSlots {
    private final int maxStreams;
    private final int maxPerClient;
    private final Map<String, Integer> perClient = new HashMap<>();
    private int open;

    public StreamSlots(EnricherConfig config, MeterRegistry metrics) {
        this.maxStreams = config.feeds().stream().maxStreams();
        this.maxPerClient = config.feeds().stream().maxStreamsPerClient();
        Gauge.builder("enricher.feed.streams.active", this, StreamSlots::open)
                .description("SSE feed streams open now (each holds a thread and a Kafka consumer)").register(metrics);
    }

    public synchronized StreamAdmission admit(String client) {
        int ofClient = perClient.getOrDefault(client, 0);
        if (ofClient >= maxPerClient) {
            return new StreamAdmission.ClientFull(maxPerClient);
        }
        if (open >= maxStreams) {
            return new StreamAdmission.InstanceFull(maxStreams);
        }
        open++;
        perClient.put(client, ofClient + 1);
        return new StreamAdmission.Admitted(new Slot(client));
    }

    public synchronized int open() {
        return open;
    }

    private synchronized void release(String client) {
        open--;
        perClient.computeIfPresent(client, (c, n) -> n > 1 ? n - 1 : null);
    }

    /** One open stream's place; releasing it twice gives back one place. */
    public final class Slot {
        private final String client;
        private final AtomicBoolean released = new AtomicBoolean();

        private Slot(String client) {
            this.client = client;
        }

        public void release() {
            if (released.compareAndSet(false, true)) {
                StreamSlots.this.release(client);
            }
        }
    }
}
