package org.evidencepipeline.enricher.feeds;

import io.smallrye.mutiny.Multi;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import io.smallrye.common.annotation.Identifier;
import org.evidencepipeline.contracts.EventCodec;
import org.evidencepipeline.contracts.PostEnriched;
import org.evidencepipeline.contracts.Topics;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestStreamElementType;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * {@code GET /feeds/{collection}/stream?language=uk&platform=telegram&from=latest|earliest}: a collection's
 * topic feed as Server-Sent Events (one enriched post as JSON per event), for researchers without a Kafka
 * client. Each connection reads the feed topic with its own consumer (no committed offsets), so
 * connections never disturb each other or the pipeline.
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

    private final EventCodec codec = new EventCodec();

    @GET
    @Path("{collection}/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<PostEnriched> stream(@PathParam("collection") String collection, @QueryParam("language") String language,
                                      @QueryParam("platform") String platform, @QueryParam("from") String from) {
        if (!COLLECTION.matcher(collection).matches()) {
            throw new WebApplicationException(Response.status(400).type(MediaType.TEXT_PLAIN)
                    .entity("collection ids are 1-64 characters of a-z, 0-9, '.', '_' or '-'").build());
        }
        if (from != null && !from.equals("latest") && !from.equals("earliest")) {
            throw new WebApplicationException(Response.status(400).type(MediaType.TEXT_PLAIN)
                    .entity("from must be 'latest' (default) or 'earliest'").build());
        }
        String topic = Topics.collectionFeed(collection);
        metrics.counter("enricher.feed.streams.opened").increment();
        return Multi.createFrom().<PostEnriched>emitter(emitter -> {
            Thread reader = new Thread(() -> {
                try (KafkaConsumer<String, byte[]> consumer = consumer(from == null ? "latest" : from)) {
                    consumer.subscribe(List.of(topic));
                    while (!emitter.isCancelled()) {
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
                } catch (RuntimeException e) {
                    LOG.warnf("feed stream %s ended: %s", topic, e.getMessage());
                    emitter.fail(e);
                }
            }, "sse-" + collection);
            reader.setDaemon(true);
            reader.start();
        });
    }

    private KafkaConsumer<String, byte[]> consumer(String from) {
        Properties p = new Properties();
        kafkaConfig.forEach((k, v) -> {
            if (k.equals("bootstrap.servers") || k.startsWith("security.") || k.startsWith("sasl.") || k.startsWith("ssl.")) {
                p.put(k, v);
            }
        });
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "sse-" + UUID.randomUUID());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, from);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        return new KafkaConsumer<>(p);
    }
}
