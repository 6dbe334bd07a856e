package org.evidencepipeline.contracts;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HashesTest {
    @Test
    void knownDigestsOfBytesAndUtf8Text() {
        assertThat(Hashes.sha256Hex(new byte[0])).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(Hashes.sha256Hex("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(Hashes.sha256Hex("Харків")).isEqualTo(Hashes.sha256Hex("Харків".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}
