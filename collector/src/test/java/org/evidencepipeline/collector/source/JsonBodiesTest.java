package org.evidencepipeline.collector.source;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** JSON is UTF-8 (RFC 8259), but a UTF-8 BOM in front of it must be tolerated (the RFC allows a parser to ignore it). */
class JsonBodiesTest {
    @Test
    void utf8BomBeforeJsonIsIgnored() throws Exception {
        byte[] json = "{\"content\":\"Вибухи у Харкові\"}".getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[json.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(json, 0, withBom, 3, json.length);

        JsonNode node = Json.read(withBom, "test", "https://x.example/");

        assertThat(Json.text(node, "content")).isEqualTo("Вибухи у Харкові");
    }

    @Test
    void leadingWhitespaceBeforeJsonIsIgnored() throws Exception {
        JsonNode node = Json.read("\n\r\n  [{\"id\":\"1\"}]".getBytes(StandardCharsets.UTF_8), "test", "https://x.example/");

        assertThat(node.isArray()).isTrue();
        assertThat(Json.text(node.get(0), "id")).isEqualTo("1");
    }
}
