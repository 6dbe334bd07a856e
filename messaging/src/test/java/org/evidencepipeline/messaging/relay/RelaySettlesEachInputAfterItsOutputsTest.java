package org.evidencepipeline.messaging.relay;

import io.smallrye.mutiny.Uni;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.evidencepipeline.embedded.EmbeddedKafka;
import org.evidencepipeline.testsupport.TopicProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The relay on a real broker: an input is acknowledged only once every output is on the broker, dead-lettered alone
 * when one of its outputs is refused, the stage does not wait for the broker (unless await-outputs), and the outputs
 * in flight stay within max-in-flight. A record with thousands of outputs (the capturer's video parts) sends them a
 * few at a time and is settled before the call returns.
 */
class RelaySettlesEachInputAfterItsOutputsTest {
    static final String OUT = "relay.out.v1";
    /**
     * The broker refuses records over 20,000 bytes here. A record over the producer's batch.size (16 KiB) travels in a
     * batch of its own, so the refusal fails that record alone, never the small records lingering beside it; a topic
     * limit below batch.size would let one large record fail its whole batch.
     */
    static final String SMALL = "relay.small.v1";

    static EmbeddedKafka kafka;
    static KafkaProducer<String, byte[]> producer;

    @BeforeAll
    static void broker() {
        kafka = EmbeddedKafka.startInTempDir();
        kafka.createTopics(1, List.of(OUT));
        kafka.createTopics(1, List.of(SMALL), Map.of("max.message.bytes", "20000"));
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000),
                new StringSerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void stop() {
        producer.close();
        kafka.close();
    }

    /** An input whose ack and nack record what happened, and whether the outputs were all done at that moment. */
    static final class Input {
        final Message<byte[]> message;
        final CompletableFuture<String> settled = new CompletableFuture<>();

        Input(String key, List<CompletableFuture<?>> outputs) {
            message = Message.of(key.getBytes(StandardCharsets.UTF_8))
                    .withAck(() -> {
                        settled.complete("acked, outputs done: " + outputs.stream().allMatch(CompletableFuture::isDone));
                        return CompletableFuture.completedFuture(null);
                    })
                    .withNack(e -> {
                        settled.complete("nacked: " + e.getClass().getSimpleName());
                        return CompletableFuture.completedFuture(null);
                    });
        }
    }

    /** A real send, started only when the relay subscribes (as an emitter's Uni is). */
    static Uni<Void> send(String topic, String key, byte[] value, List<CompletableFuture<?>> started) {
        return Uni.createFrom().emitter(em -> {
            CompletableFuture<Object> f = new CompletableFuture<>();
            started.add(f);
            producer.send(new ProducerRecord<>(topic, key, value), (meta, e) -> {
                if (e != null) {
                    f.completeExceptionally(e);
                    em.fail(e);
                } else {
                    f.complete(meta);
                    em.complete(null);
                }
            });
        });
    }

    static CompletionStage<Void> deadLetter(Message<byte[]> in, Throwable reason) {
        return in.nack(reason);
    }

    @Test
    void eachInputIsAcknowledgedOnlyOnceAllItsOutputsAreOnTheBroker() throws Exception {
        Relay relay = new Relay(64, false);
        List<Input> inputs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            List<CompletableFuture<?>> started = new ArrayList<>();
            Input in = new Input("post-" + i, started);
            inputs.add(in);
            List<Uni<Void>> outputs = List.of(
                    send(OUT, "post-" + i, ("enriched " + i).getBytes(StandardCharsets.UTF_8), started),
                    send(OUT, "post-" + i, ("feed copy " + i).getBytes(StandardCharsets.UTF_8), started));
            relay.forward(in.message, "post " + i, outputs, RelaySettlesEachInputAfterItsOutputsTest::deadLetter)
                    .toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
        for (Input in : inputs) {
            assertThat(in.settled.get(15, TimeUnit.SECONDS)).isEqualTo("acked, outputs done: true");
        }
        assertThat(new TopicProbe(kafka.bootstrapServers()).readAll(OUT)).hasSizeGreaterThanOrEqualTo(40);
        assertThat(relay.inFlight()).isZero();
    }

    @Test
    void anInputWhoseOutputTheBrokerRefusesIsDeadLetteredAloneAndTheOthersAreAcknowledged() throws Exception {
        Relay relay = new Relay(64, false);
        List<Input> inputs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            List<CompletableFuture<?>> started = new ArrayList<>();
            Input in = new Input("post-" + i, started);
            inputs.add(in);
            byte[] value = (i == 2 ? "x".repeat(30_000) : "small " + i).getBytes(StandardCharsets.UTF_8);
            relay.forward(in.message, "post " + i, List.of(send(SMALL, "post-" + i, value, started)),
                    RelaySettlesEachInputAfterItsOutputsTest::deadLetter).toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
        assertThat(inputs.get(2).settled.get(15, TimeUnit.SECONDS)).isEqualTo("nacked: RecordTooLargeException");
        for (int i : new int[]{0, 1, 3, 4}) {
            assertThat(inputs.get(i).settled.get(15, TimeUnit.SECONDS)).isEqualTo("acked, outputs done: true");
        }
    }

    @Test
    void theStageGoesOnBeforeTheBrokerAnswersUnlessAwaitOutputsIsSet() throws Exception {
        CompletableFuture<Void> broker = new CompletableFuture<>();
        Input pipelined = new Input("a", List.of(broker));
        CompletionStage<Void> handedOff = new Relay(8, false).forward(pipelined.message, "a",
                List.of(Uni.createFrom().completionStage(broker)), RelaySettlesEachInputAfterItsOutputsTest::deadLetter);
        assertThat(handedOff.toCompletableFuture().isDone()).isTrue();
        assertThat(pipelined.settled).isNotDone();

        CompletableFuture<Void> broker2 = new CompletableFuture<>();
        Input awaited = new Input("b", List.of(broker2));
        CompletionStage<Void> settled = new Relay(8, true).forward(awaited.message, "b",
                List.of(Uni.createFrom().completionStage(broker2)), RelaySettlesEachInputAfterItsOutputsTest::deadLetter);
        assertThat(settled.toCompletableFuture().isDone()).isFalse();

        broker.complete(null);
        broker2.complete(null);
        assertThat(pipelined.settled.get(5, TimeUnit.SECONDS)).isEqualTo("acked, outputs done: true");
        settled.toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(awaited.settled.get()).isEqualTo("acked, outputs done: true");
    }

    @Test
    void aRecordWhoseOutputsWouldPassMaxInFlightWaitsUntilTheBrokerAcknowledgesEarlierOnes() throws Exception {
        Relay relay = new Relay(3, false);
        List<CompletableFuture<Void>> broker = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            CompletableFuture<Void> f = new CompletableFuture<>();
            broker.add(f);
            relay.forward(new Input("p" + i, List.of(f)).message, "p" + i, List.of(Uni.createFrom().completionStage(f)),
                    RelaySettlesEachInputAfterItsOutputsTest::deadLetter);
        }
        assertThat(relay.inFlight()).isEqualTo(3);

        CountDownLatch forwarded = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        ConcurrentLinkedQueue<String> order = new ConcurrentLinkedQueue<>();
        Thread fourth = new Thread(() -> {
            try {
                relay.forward(new Input("p3", List.of()).message, "p3", List.of(Uni.createFrom().voidItem()),
                        RelaySettlesEachInputAfterItsOutputsTest::deadLetter);
                order.add("fourth forwarded");
                forwarded.countDown();
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        fourth.start();
        assertThat(forwarded.await(300, TimeUnit.MILLISECONDS)).as("the fourth record waits while 3 outputs are in flight").isFalse();
        order.add("broker acknowledged one");
        broker.get(0).complete(null);
        assertThat(forwarded.await(5, TimeUnit.SECONDS)).isTrue();
        fourth.join(Duration.ofSeconds(5).toMillis());
        assertThat(failure.get()).isNull();
        assertThat(order).containsExactly("broker acknowledged one", "fourth forwarded");
        broker.get(1).complete(null);
        broker.get(2).complete(null);
        assertThat(relay.inFlight()).isZero();
    }

    @Test
    void aRecordWithThousandsOfOutputsSendsThemAFewAtATimeAndIsAcknowledgedAfterTheLast() throws Exception {
        Relay relay = new Relay(256, false);
        List<CompletableFuture<?>> started = new ArrayList<>();
        Input in = new Input("video", started);
        java.util.concurrent.atomic.AtomicInteger waiting = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger mostWaiting = new java.util.concurrent.atomic.AtomicInteger();
        List<Uni<Void>> outputs = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            outputs.add(send(OUT, "video", ("part " + i).getBytes(StandardCharsets.UTF_8), started)
                    .onSubscription().invoke(() -> mostWaiting.accumulateAndGet(waiting.incrementAndGet(), Math::max))
                    .eventually(waiting::decrementAndGet));
        }
        CompletionStage<Void> settled = relay.forwardAwaited(in.message, "video record", outputs, 16,
                RelaySettlesEachInputAfterItsOutputsTest::deadLetter);
        // Awaited whatever await-outputs says: the capturer takes its next request only after this one is settled.
        settled.toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertThat(in.settled).isCompletedWithValue("acked, outputs done: true");
        assertThat(started).hasSize(2_000);
        assertThat(mostWaiting.get()).isBetween(2, 16);
        assertThat(relay.inFlight()).isZero();
    }

    @Test
    void aRecordWithManyOutputsIsDeadLetteredWhenOneIsRefusedAndTheRestAreNotAllSent() throws Exception {
        Relay relay = new Relay(256, false);
        List<CompletableFuture<?>> started = new ArrayList<>();
        Input in = new Input("video", started);
        List<Uni<Void>> outputs = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            byte[] value = (i == 3 ? "x".repeat(30_000) : "part " + i).getBytes(StandardCharsets.UTF_8);
            outputs.add(send(SMALL, "video", value, started));
        }
        relay.forwardAwaited(in.message, "video record", outputs, 4, RelaySettlesEachInputAfterItsOutputsTest::deadLetter)
                .toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertThat(in.settled).isCompletedWithValue("nacked: RecordTooLargeException");
        assertThat(started).as("sending stops at the failure instead of going through all 500").hasSizeLessThan(500);
        assertThat(relay.inFlight()).isZero();
    }

    @Test
    void anAwaitedRecordHoldsAtMostItsConcurrencyOfTheSharedBound() throws Exception {
        Relay relay = new Relay(10, false);
        CompletableFuture<Void> broker = new CompletableFuture<>();
        List<Uni<Void>> outputs = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            outputs.add(Uni.createFrom().completionStage(broker));
        }
        Input in = new Input("video", List.of(broker));
        CompletionStage<Void> settled = relay.forwardAwaited(in.message, "video record", outputs, 4,
                RelaySettlesEachInputAfterItsOutputsTest::deadLetter);
        assertThat(relay.inFlight()).isEqualTo(4);
        assertThat(settled.toCompletableFuture()).isNotDone();
        broker.complete(null);
        settled.toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(in.settled).isCompletedWithValue("acked, outputs done: true");
        assertThat(relay.inFlight()).isZero();
    }
}
