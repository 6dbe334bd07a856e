package org.evidencepipeline.enricher.feeds;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.evidencepipeline.testsupport.ApiTestTokens;
import org.evidencepipeline.testsupport.KafkaBrokerResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.management.ObjectName;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The SSE stream's bounds through the real broker: 3 streams per instance, 2 per client address. Clients are
 * raw HTTP/1.1 sockets bound to different loopback addresses (127.0.0.1, .2, .3), so each is its own client
 * and closing one is a real disconnect.
 */
@QuarkusTest
@TestProfile(FeedStreamLimitsTest.SmallLimits.class)
@QuarkusTestResource(KafkaBrokerResource.class)
class FeedStreamLimitsTest {
    public static class SmallLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("enricher.feeds.stream.max-streams", "3",
                    "enricher.feeds.stream.max-streams-per-client", "2",
                    "enricher.feeds.stream.retry-after", "7s");
        }
    }

    @TestHTTPResource("/")
    URL base;

    private final List<Stream> opened = new ArrayList<>();

    /** One HTTP/1.1 request on its own socket from {@code from}; the status line and headers are read, the body is left open. */
    record Stream(Socket socket, int status, Map<String, String> headers) implements AutoCloseable {
        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private Stream open(String from) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
        socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5000);
        socket.setSoTimeout(20_000);
        socket.getOutputStream().write(("GET /feeds/limits/stream HTTP/1.1\r\nHost: " + base.getHost() + "\r\n"
                + "Accept: text/event-stream\r\nAuthorization: " + ApiTestTokens.bearer(ApiTestTokens.READER) + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        String statusLine = in.readLine();
        assertThat(statusLine).as("status line").startsWith("HTTP/1.1 ");
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).trim().toLowerCase(), line.substring(colon + 1).trim());
        }
        Stream stream = new Stream(socket, Integer.parseInt(statusLine.split(" ")[1]), headers);
        opened.add(stream);
        return stream;
    }

    @Inject
    StreamSlots slots;

    /** Every earlier stream is gone: slots given back, consumers closed, reader threads ended. */
    @BeforeEach
    void nothingOpen() {
        await().atMost(Duration.ofSeconds(20)).until(() -> slots.open() == 0 && openConsumers() == 0 && readerThreads() == 0);
    }

    @AfterEach
    void closeAll() {
        opened.forEach(Stream::close);
    }

    private static long openConsumers() throws Exception { // a KafkaConsumer registers this MBean until it is closed
        return ManagementFactory.getPlatformMBeanServer()
                .queryNames(new ObjectName("kafka.consumer:type=app-info,id=sse-*"), null).size();
    }

    private static long readerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith(FeedStreamReaders.THREAD_PREFIX)).count();
    }

    @Test
    void aClientPastItsShareGets429AndTheInstancePastItsMaximumGets503BothWithRetryAfter() throws Exception {
        assertThat(open("127.0.0.1").status()).isEqualTo(200);
        assertThat(open("127.0.0.1").status()).isEqualTo(200);
        Stream third = open("127.0.0.1");
        assertThat(third.status()).isEqualTo(429);
        assertThat(third.headers()).containsEntry("retry-after", "7");

        assertThat(open("127.0.0.2").status()).as("another client still has room").isEqualTo(200);
        Stream full = open("127.0.0.3");
        assertThat(full.status()).isEqualTo(503);
        assertThat(full.headers()).containsEntry("retry-after", "7");
    }

    @Test
    void aClosedStreamFreesItsSlotAndLeavesNoThreadOrConsumerBehind() throws Exception {
        Stream a = open("127.0.0.1");
        Stream b = open("127.0.0.2");
        Stream c = open("127.0.0.3");
        assertThat(List.of(a.status(), b.status(), c.status())).containsOnly(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> openConsumers() == 3);
        assertThat(slots.open()).isEqualTo(3);
        assertThat(open("127.0.0.4").status()).isEqualTo(503);

        b.close(); // the client goes away
        await().atMost(Duration.ofSeconds(20)).until(() -> openConsumers() == 2 && slots.open() == 2);
        await().atMost(Duration.ofSeconds(20)).until(() -> open("127.0.0.5").status() == 200);

        closeAll();
        opened.clear();
        await().atMost(Duration.ofSeconds(20)).until(() -> slots.open() == 0 && openConsumers() == 0 && readerThreads() == 0);
    }
}
