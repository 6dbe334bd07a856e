package org.evidencepipeline.collector;

import org.evidencepipeline.contracts.Hashes;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.DefaultBean;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.evidencepipeline.collector.collection.CollectionRegistry;
import org.evidencepipeline.collector.collection.CollectionValidator;
import org.evidencepipeline.collector.cursor.CursorStore;
import io.minio.MinioClient;
import io.minio.messages.RetentionMode;
import org.evidencepipeline.archive.ArchiveStore;
import org.evidencepipeline.archive.S3Requests;
import org.evidencepipeline.archive.StorageException;
import org.evidencepipeline.collector.evidence.FetchArchive;
import org.evidencepipeline.collector.evidence.FetchWarc;
import org.evidencepipeline.collector.evidence.S3FetchArchive;
import org.evidencepipeline.collector.http.HostThrottle;
import org.evidencepipeline.collector.http.PoliteFetcher;
import org.evidencepipeline.collector.publish.PostPublisher;
import org.evidencepipeline.collector.run.SourceRunner;
import org.evidencepipeline.collector.run.SourceStatusBoard;
import org.evidencepipeline.collector.source.SourceAdapter;
import org.evidencepipeline.collector.source.bluesky.jetstream.JetstreamAdapter;
import org.evidencepipeline.collector.source.bluesky.BlueskyAdapter;
import org.evidencepipeline.collector.source.mastodon.MastodonAdapter;
import org.evidencepipeline.collector.source.reddit.RedditAdapter;
import org.evidencepipeline.collector.source.rss.RssAdapter;
import org.evidencepipeline.collector.source.telegram.TelegramAdapter;
import org.evidencepipeline.contracts.ToolInfo;
import org.evidencepipeline.addresspolicy.AddressPolicy;
import org.evidencepipeline.addresspolicy.VettedResolver;
import org.jboss.logging.Logger;

import org.evidencepipeline.collector.source.BearerToken;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Wires the collector's plain classes together; each stays testable without CDI. */
@ApplicationScoped
public class CollectorBeans {
    private static final Logger LOG = Logger.getLogger(CollectorBeans.class);

    @Produces
    @DefaultBean
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    PoliteFetcher fetcher(CollectorConfig config, Clock clock, VettedResolver resolver) {
        CollectorConfig.Http http = config.http();
        return new PoliteFetcher(http.userAgent(), http.connectTimeout(), http.requestTimeout(), http.maxBodyBytes(),
                new HostThrottle(http.minIntervalPerHost(), http.maxBackoff(), clock), clock,
                new PoliteFetcher.Safety(resolver, http.maxRedirects(), http.allowPlainHttpTokens()));
    }

    /** The one resolver every collector connection goes through (HTTP fetches and Jetstream). */
    @Produces
    @Singleton
    VettedResolver resolver(CollectorConfig config) {
        AddressPolicy policy = AddressPolicy.allowing(config.http().allowCidrs().orElse(List.of()));
        if (!policy.allowed().isEmpty()) {
            LOG.warnf("collector fetches may reach internal networks %s (collector.http.allow-cidrs)", policy.allowed());
        }
        return new VettedResolver(policy);
    }

    @Produces
    @Singleton
    List<SourceAdapter> adapters(PoliteFetcher fetcher, Clock clock, CollectorConfig config, VettedResolver resolver) {
        CollectorConfig.Jetstream j = config.jetstream();
        BearerToken tokens = new BearerToken(System::getenv, Path.of(config.secretsDir()));
        return List.of(new RssAdapter(fetcher), new MastodonAdapter(fetcher, clock, tokens),
                new RedditAdapter(fetcher, clock, tokens), new TelegramAdapter(fetcher),
                new BlueskyAdapter(fetcher, clock, tokens),
                new JetstreamAdapter(config.http().userAgent(), config.http().connectTimeout(),
                        new JetstreamAdapter.Limits(j.maxFrameBytes(), j.maxQueuedFrames(), j.allowInsecureWebsocket(),
                                j.maxWindowBytes()), resolver, clock));
    }

    @Produces
    @Singleton
    CollectionRegistry registry(List<SourceAdapter> adapters) {
        return new CollectionRegistry(new CollectionValidator(
                adapters.stream().map(SourceAdapter::type).collect(Collectors.toSet()),
                adapters.stream().collect(Collectors.toMap(SourceAdapter::type, a -> a::paramProblems))));
    }

    @Produces
    @Singleton
    CursorStore cursorStore(CollectorConfig config, @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        return new CursorStore(kafkaConfig, config.cursor().topic());
    }

    void closeCursorStore(@Disposes CursorStore store) {
        store.close();
    }

    @Produces
    @Singleton
    SourceStatusBoard board(MeterRegistry registry, Clock clock) {
        return new SourceStatusBoard(registry, clock);
    }

    @Produces
    @Singleton
    ToolInfo tool(CollectorConfig config, @ConfigProperty(name = "quarkus.application.version", defaultValue = "dev") String version) {
        return new ToolInfo("collector", version, configHash(config));
    }

    @Produces
    @Singleton
    SourceRunner runner(List<SourceAdapter> adapters, CursorStore cursors, PostPublisher publisher, SourceStatusBoard board,
                        ToolInfo tool, CollectorConfig config, Clock clock, FetchArchive fetches) {
        Map<String, SourceAdapter> byType = adapters.stream().collect(Collectors.toMap(SourceAdapter::type, Function.identity()));
        return new SourceRunner(byType, cursors, publisher, board, tool, config.cursor().rememberedPosts(), clock, fetches);
    }

    @Produces
    @Singleton
    FetchArchive fetchArchive(CollectorConfig config, ToolInfo tool, Clock clock, MeterRegistry registry) {
        CollectorConfig.Evidence e = config.evidence();
        switch (e.store()) {
            case "none" -> {
                LOG.warn("collector.evidence.store=none: fetches are not preserved and posts carry no source evidence");
                return FetchArchive.NONE;
            }
            case "s3" -> {
                String endpoint = e.endpoint().orElseThrow(() -> new IllegalStateException(
                        "collector.evidence.endpoint (COLLECTOR_EVIDENCE_ENDPOINT) is not set: it is the archive the collector"
                                + " preserves fetches in; set it, or collector.evidence.store=none to keep no fetches"));
                // every request the fetch WARCs cost, counted by method (archive_s3_requests_total)
                MinioClient client = S3Requests.boundTo(registry).minioBuilder().endpoint(endpoint).region(e.region())
                        .credentials(e.accessKey().orElseThrow(() -> new IllegalStateException("collector.evidence.access-key"
                                        + " (COLLECTOR_EVIDENCE_ACCESS_KEY) is not set")),
                                e.secretKey().orElseThrow(() -> new IllegalStateException("collector.evidence.secret-key"
                                        + " (COLLECTOR_EVIDENCE_SECRET_KEY) is not set")))
                        .build();
                ArchiveStore store = new ArchiveStore(client, e.bucket(), e.retention(), RetentionMode.valueOf(e.retentionMode()));
                try {
                    store.ensureBucket();
                } catch (StorageException ex) {
                    // Not fatal: a poll whose fetch cannot be preserved publishes nothing and is retried.
                    LOG.warnf("archive not reachable at start: %s", ex.getMessage());
                }
                return new S3FetchArchive(store, new FetchWarc(tool), clock);
            }
            default -> throw new IllegalStateException("collector.evidence.store is s3 or none, not " + e.store());
        }
    }

    /** A short hash of the settings that change what is collected, recorded with every post. */
    static String configHash(CollectorConfig config) {
        String s = config.http().userAgent() + "|" + config.http().maxBodyBytes() + "|" + config.cursor().rememberedPosts();
        return Hashes.sha256Hex(s).substring(0, 16);
    }
}
