package org.evidencepipeline.enricher.feeds;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.evidencepipeline.apiauth.RequiresRole;
import org.evidencepipeline.apiauth.Role;
import org.evidencepipeline.contracts.EventCodec;
import org.evidencepipeline.contracts.PostEnriched;
import org.evidencepipeline.contracts.Topics;
import org.evidencepipeline.enricher.EnricherConfig;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestStreamElementType;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

/**
 * {@code GET /feeds/{collection}/stream?language=uk&platform=telegram&from=latest|earliest}: a collection's
 * topic feed as Server-Sent Events (one enriched post as JSON per event), for researchers without a Kafka
 * client. Each connection reads the feed topic with its own consumer (no committed offsets) on a reader
 * thread off the event loop, so connections never disturb each other or the pipeline. Open streams are
 * bounded ({@code enricher.feeds.stream.*}): past the instance's maximum a request gets 503, past one
 * address's maximum 429, both with Retry-After; a client that disconnects frees its slot at once.
 */
@Path("/feeds")
public class FeedStreamResource {
    private static final Logger LOG = Logger.getLogger(FeedStreamResource.class);
    private static final Pattern COLLECTION = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    /** The service's Kafka client settings (bootstrap servers, TLS/SASL), as the channels use them. */
    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    @Inject
    io.micrometer.core.instrument.MeterRegistry metrics;

    @Inject
    StreamSlots slots;

    @Inject
    FeedStreamReaders readers;

    @Inject
    EnricherConfig config;

    private final EventCodec codec = new EventCodec();

    @RequiresRole(Role.READER)
    @GET
    @Path("{collection}/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<PostEnriched> stream(@PathParam("collection") String collection, @QueryParam("language") String language,
                                      @QueryParam("platform") String platform, @QueryParam("from") String from,
                                      @Context HttpServerRequest request) {
        if (!COLLECTION.matcher(collection).matches()) {
            throw new WebApplicationException(Response.status(400).type(MediaType.TEXT_PLAIN)
                    .entity("collection ids are 1-64 characters of a-z, 0-9, '.', '_' or '-'").build());
        }
        if (from != null && !from.equals("latest") && !from.equals("earliest")) {
            throw new WebApplicationException(Response.status(400).type(MediaType.TEXT_PLAIN)
                    .entity("from must be 'latest' (default) or 'earliest'").build());
        }
        StreamSlots.Slot slot = admit(request);
        String topic = Topics.collectionFeed(collection);
        metrics.counter("enricher.feed.streams.opened").increment();
        return Multi.createFrom().<PostEnriched>emitter(emitter -> {
            AtomicReference<KafkaConsumer<String, byte[]>> open = new AtomicReference<>();
            // The client went away (or the stream failed): wake the blocked poll so the reader ends now.
            emitter.onTermination(() -> {
                KafkaConsumer<String, byte[]> c = open.get();
                if (c != null) {
                    c.wakeup();
                }
            });
            try {
                readers.run(() -> read(topic, from == null ? "latest" : from, language, platform, emitter, open, slot));
            } catch (RuntimeException e) { // the executor refused (shutting down): nothing runs, give the slot back
                slot.release();
                emitter.fail(e);
            }
        });
    }

    private StreamSlots.Slot admit(HttpServerRequest request) {
        String client = request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
        StreamAdmission admission = slots.admit(client);
        if (admission instanceof StreamAdmission.Admitted admitted) {
            return admitted.slot();
        }
        long retryAfter = Math.max(1, config.feeds().stream().retryAfter().toSeconds());
        boolean clientFull = admission instanceof StreamAdmission.ClientFull;
        metrics.counter("enricher.feed.streams.refused", "reason", clientFull ? "client-full" : "instance-full").increment();
        throw new WebApplicationException(Response.status(clientFull ? 429 : 503).header("Retry-After", retryAfter)
                .type(MediaType.TEXT_PLAIN).entity(clientFull
                        ? "too many open streams from this address (" + ((StreamAdmission.ClientFull) admission).max() + "); close one or retry later"
                        : "this instance serves its maximum of open streams (" + ((StreamAdmission.InstanceFull) admission).max() + "); retry later")
                .build());
    }

    /** On a reader thread: the blocking consumer loop, until the client goes away. Always closes the consumer and frees the slot. */
    private void read(String topic, String from, String language, String platform, MultiEmitter<? super PostEnriched> emitter,
                      AtomicReference<KafkaConsumer<String, byte[]>> open, StreamSlots.Slot slot) {
        try (KafkaConsumer<String, byte[]> consumer = consumer(from)) {
            open.set(consumer);
            if (emitter.isCancelled()) {
                return; // gone before the consumer existed, so no wakeup reached it
            }
            consumer.subscribe(List.of(topic));
            while (!emitter.isCancelled() && !Thread.currentThread().isInterrupted()) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    PostEnriched post;
                    try {
                        post = codec.read(r.value(), PostEnriched.class);
                    } catch (EventCodec.InvalidEventException e) {
                        continue; // the enricher only writes valid events; never break a researcher's stream
                    }
                    if ((language == null || language.equals(post.language().code()))
                            && (platform == null || platform.equals(post.post().platform()))) {
                        emitter.emit(post);
                    }
                }
            }
        } catch (WakeupException | InterruptException e) {
            // the client went away or the service stops: a normal end
        } catch (RuntimeException e) {
            LOG.warnf("feed stream %s ended: %s", topic, e.getMessage());
            emitter.fail(e);
        } finally {
            slot.release();
        }
    }

    private KafkaConsumer<String, byte[]> consumer(String from) {
        Properties p = new Properties();
        kafkaConfig.forEach((k, v) -> {
            if (k.equals("bootstrap.servers") || k.startsWith("security.") || k.startsWith("sasl.") || k.startsWith("ssl.")) {
                p.put(k, v);
            }
        });
        String id = "sse-" + UUID.randomUUID();
        p.put(ConsumerConfig.GROUP_ID_CONFIG, id);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, id);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, from);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        return new KafkaConsumer<>(p);
    }
}
