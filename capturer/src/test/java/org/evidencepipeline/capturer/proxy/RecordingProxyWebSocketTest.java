package org.evidencepipeline.capturer.proxy;

import org.evidencepipeline.contracts.PageProvenance;
import org.evidencepipeline.testsupport.WebSocketReplayServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcResponse;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class RecordingProxyWebSocketTest {
    @TempDir
    Path work;

    @Test
    void anAllowedHandshakeIsRecordedAndFramesAreRelayedUntilTheSessionFinishes() throws Exception {
        try (WebSocketReplayServer ws = WebSocketReplayServer.start(path -> List.of("hello"));
             RecordingProxy proxy = RecordingProxy.start(ProxyFixture.settings(work), ProxyFixture.only127001(), ProxyFixture.CA);
             ProxySession session = proxy.begin("w1")) {
            String hostPort = ws.url("/stream").substring("ws://".length(), ws.url("/stream").indexOf("/stream"));
            // as Chromium does for ws:// through an HTTP proxy: a CONNECT tunnel, then the handshake in plain text
            try (Socket tunnel = ProxyClient.connect(proxy.address(), hostPort)) {
                OutputStream out = tunnel.getOutputStream();
                out.write(("GET /stream?cursor=1 HTTP/1.1\r\nHost: " + hostPort + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                InputStream in = tunnel.getInputStream();
                assertThat(ProxyClient.line(in)).startsWith("HTTP/1.1 101");
                assertThat(ProxyClient.headers(in)).containsEntry("sec-websocket-accept", "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
                byte[] frame = in.readNBytes(7);
                assertThat(frame[0] & 0xFF).isEqualTo(0x81);
                assertThat(frame[1]).isEqualTo((byte) 5);
                assertThat(new String(frame, 2, 5, StandardCharsets.UTF_8)).isEqualTo("hello");

                PageRecording recording = session.finish();
                assertThat(in.read()).as("finish closes the relayed WebSocket").isEqualTo(-1);
                assertThat(ws.requests()).containsExactly("/stream?cursor=1");
                RecordedExchange e = recording.exchanges().get(0);
                assertThat(e.url()).isEqualTo("ws://" + hostPort + "/stream?cursor=1");
                assertThat(e.status()).isEqualTo(101);
                assertThat(e.resolvedAddress()).isEqualTo("127.0.0.1");
                List<Integer> statuses = new ArrayList<>();
                try (WarcReader reader = new WarcReader(recording.warc())) {
                    for (Optional<WarcRecord> r = reader.next(); r.isPresent(); r = reader.next()) {
                        if (r.get() instanceof WarcResponse res) {
                            statuses.add(res.http().status());
                            assertThat(res.target()).isEqualTo(e.url());
                        }
                    }
                }
                assertThat(statuses).containsExactly(101);
            }
        }
    }

    @Test
    void aHandshakeToARefusedAddressIsRefused() throws Exception {
        try (ScriptedOrigin inside = ScriptedOrigin.start("127.0.0.2", null, r -> ScriptedOrigin.ok("text/plain", new byte[0]));
             RecordingProxy proxy = RecordingProxy.start(ProxyFixture.settings(work), ProxyFixture.only127001(), ProxyFixture.CA);
             ProxySession session = proxy.begin("w2")) {
            String hostPort = "127.0.0.2:" + inside.port();
            ProxyClient.Response refused = ProxyClient.send(proxy.address(), ("GET http://" + hostPort + "/ws HTTP/1.1\r\nHost: "
                    + hostPort + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            PageRecording recording = session.finish();

            assertThat(refused.status()).isEqualTo(403);
            assertThat(inside.requests()).isEmpty();
            assertThat(recording.exchanges()).isEmpty();
            assertThat(recording.refused()).extracting(PageProvenance.RefusedRequest::url).containsExactly("ws://" + hostPort + "/ws");
        }
    }
}
