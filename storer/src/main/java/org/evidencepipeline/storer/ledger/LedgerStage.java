package org.evidencepipeline.storer.ledger;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.evidencepipeline.archive.ArchiveStore;
import org.evidencepipeline.archive.timestamp.TimestampClient;
import org.evidencepipeline.ledger.checkpoint.CheckpointSigner;
import org.evidencepipeline.ledger.index.LedgerIndex;
import org.evidencepipeline.ledger.service.CheckpointMaker;
import org.evidencepipeline.ledger.service.CheckpointPolicy;
import org.evidencepipeline.ledger.service.LedgerAppender;
import org.evidencepipeline.ledger.service.LedgerAppenderSettings;
import org.evidencepipeline.storer.StorerConfig;
import org.jboss.logging.Logger;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Runs the custody ledger's writer ({@link LedgerAppender}) on its own thread while the storer is up, when
 * {@code storer.ledger.enabled}; stops it (after the append in hand) on shutdown. The signer key is read from
 * {@code storer.ledger.signer-key-file} and never logged; the prod profile refuses to start without it, since an
 * unsigned ledger proves nothing to a third party.
 */
@ApplicationScoped
public class LedgerStage {
    private static final Logger LOG = Logger.getLogger(LedgerStage.class);

    @Inject
    StorerConfig config;
    @Inject
    ArchiveStore store;
    @Inject
    MeterRegistry registry;
    @Inject
    Clock clock;
    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafka;

    private volatile LedgerAppender appender;
    private Thread thread;

    void start(@Observes StartupEvent event) {
        StorerConfig.Ledger ledger = config.ledger();
        if (!ledger.enabled()) {
            LOG.info("custody ledger writer is off (storer.ledger.enabled=false)");
            return;
        }
        Optional<CheckpointSigner> signer = signer(ledger, LaunchMode.current());
        Optional<TimestampClient> tsa = config.timestamp().tsaUrl().filter(u -> !u.isBlank())
                .map(u -> new TimestampClient(URI.create(u), config.timestamp().timeout()));
        LedgerAppender a = new LedgerAppender(settings(ledger, kafka), store, Optional.of(new LedgerIndex(store)),
                new CheckpointMaker(ledger.origin(), signer, tsa, clock), new MicrometerLedgerMetrics(registry), clock);
        appender = a;
        thread = new Thread(a, "ledger-appender");
        thread.setDaemon(true);
        thread.start();
        LOG.infof("custody ledger writer started (origin %s, checkpoint every %d entries or %s%s)", ledger.origin(),
                ledger.checkpointEvery(), ledger.checkpointInterval(), tsa.isPresent() ? ", each checkpoint time-stamped" : "");
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        LedgerAppender a = appender;
        if (a != null) {
            a.stop();
            if (!a.awaitStopped(Duration.ofSeconds(10))) {
                LOG.warn("ledger writer did not stop within 10 s; its next start resumes from the ledger's commit point");
            }
        }
    }

    /** The running appender, or empty when the ledger is off. */
    public Optional<LedgerAppender> appender() {
        return Optional.ofNullable(appender);
    }

    static LedgerAppenderSettings settings(StorerConfig.Ledger ledger, Map<String, Object> kafka) {
        LedgerAppenderSettings d = LedgerAppenderSettings.defaults(kafka);
        return new LedgerAppenderSettings(kafka, d.topic(), d.groupId(), ledger.batchMax(), ledger.dedupWindow(),
                new CheckpointPolicy(ledger.checkpointEvery(), ledger.checkpointInterval()), d.pollTimeout(),
                d.maxRetryDelay(), d.deadLetterTopic());
    }

    /** The checkpoint signer from the key file; in prod a missing file setting is a start-up failure. */
    static Optional<CheckpointSigner> signer(StorerConfig.Ledger ledger, LaunchMode mode) {
        Optional<String> file = ledger.signerKeyFile().filter(f -> !f.isBlank());
        if (file.isEmpty()) {
            if (mode == LaunchMode.NORMAL && !ledger.allowUnsigned()) {
                throw new IllegalStateException("storer.ledger.signer-key-file is required in production (a note signer key "
                        + "from ./pipeline ledger-key, mounted from a Secret); storer.ledger.allow-unsigned=true starts without "
                        + "one (nothing is signed), storer.ledger.enabled=false without the ledger writer");
            }
            if (mode == LaunchMode.NORMAL) {
                LOG.warn("storer.ledger.allow-unsigned: the custody ledger keeps its tree but signs no checkpoint; verify "
                        + "reports every object as not checkpointed until storer.ledger.signer-key-file is set");
            }
            return Optional.empty();
        }
        CheckpointSigner signer;
        try {
            signer = CheckpointSigner.fromFile(Path.of(file.get()), "storer.ledger.signer-key-file");
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(e.getMessage());
        }
        if (ledger.verifierKey().isPresent() && !ledger.verifierKey().get().isBlank()
                && !ledger.verifierKey().get().trim().equals(signer.verifierKey())) {
            throw new IllegalStateException("storer.ledger.verifier-key does not match the key in storer.ledger.signer-key-file");
        }
        LOG.infof("ledger checkpoints are signed by %s", signer.verifierKey());
        return Optional.of(signer);
    }
}
