package org.evidencepipeline.local;

import org.evidencepipeline.embedded.EmbeddedKafka;
import org.evidencepipeline.embedded.FreePorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real collector build (quarkus-run.jar) in a child JVM: without API tokens it does not start and says
 * which settings to give (before it needs a broker); with pipeline.api.auth=none it starts against a real
 * embedded broker, open, with a WARN.
 */
class ServiceWithoutApiCredentialsRefusesToStartIT {
    private static final Path HOME = Path.of(System.getProperty("pipeline.home", "../..")).toAbsolutePath().normalize();

    private static Process start(Path log, int port, String bootstrap, String... properties) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx160m", "-Dquarkus.http.port=" + port, "-Dkafka.bootstrap.servers=" + bootstrap,
                "-Dquarkus.otel.traces.sampler.arg=0"));
        for (String p : properties) {
            command.add("-D" + p);
        }
        command.addAll(List.of("-jar", HOME.resolve("collector/target/quarkus-app/quarkus-run.jar").toString()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        // Nothing from this JVM's environment may hand the child a token.
        pb.environment().keySet().removeIf(k -> k.startsWith("PIPELINE_API"));
        return pb.start();
    }

    @Test
    void withoutTokensTheServiceExitsAndSaysWhatToSet(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("collector.log");
        Process p = start(log, FreePorts.next(), "127.0.0.1:9"); // no broker: it must stop before needing one
        try {
            assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("the service ended by itself").isTrue();
            assertThat(p.exitValue()).isNotZero();
            assertThat(Files.readString(log)).contains("refusing to start: no admin API token", "PIPELINE_API_ADMIN_TOKEN",
                    "pipeline.api.admin-token-file", "pipeline.api.auth=none").doesNotContain("Listening on");
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void withAuthNoneTheServiceStartsOpenAndWarns(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("collector.log");
        int port = FreePorts.next();
        EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"));
        kafka.createTopics(1, LocalPipeline.TOPICS);
        // No archive here: this is about the API, and a collector without one refuses to start unless told to keep no fetches.
        Process p = start(log, port, kafka.bootstrapServers(), "pipeline.api.auth=none", "collector.scheduler-enabled=false",
                "collector.evidence.store=none");
        try {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> collections = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(150).toNanos();
            while (collections == null && System.nanoTime() < deadline && p.isAlive()) {
                try {
                    collections = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/collections"))
                            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                } catch (java.io.IOException notYet) {
                    Thread.sleep(250);
                }
            }
            assertThat(collections).as("the service answered; log:\n" + Files.readString(log)).isNotNull();
            assertThat(collections.statusCode()).as("open without a token").isEqualTo(200);
            assertThat(Files.readString(log)).contains("WARN").contains("pipeline.api.auth=none: the REST API is open to anyone");
        } finally {
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            kafka.close();
        }
    }
}
