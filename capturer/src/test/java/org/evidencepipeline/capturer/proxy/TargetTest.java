package org.evidencepipeline.capturer.proxy;

import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TargetTest {
    @Test
    void anAbsoluteFormTargetKeepsItsPathAndQueryBytesAndDropsTheFragment() throws IOException {
        Target t = Target.absolute("http://Example.ORG:8080/a%20b?q={x}|y#frag");
        assertThat(t.host()).isEqualTo("example.org");
        assertThat(t.port()).isEqualTo(8080);
        assertThat(t.pathAndQuery()).isEqualTo("/a%20b?q={x}|y");
        assertThat(t.url()).isEqualTo("http://example.org:8080/a%20b?q={x}|y");
    }

    @Test
    void theDefaultPortIsLeftOutOfUrlAndHostAndAnEmptyPathIsTheRoot() throws IOException {
        Target plain = Target.absolute("http://example.org");
        assertThat(plain.port()).isEqualTo(80);
        assertThat(plain.url()).isEqualTo("http://example.org/");
        assertThat(Target.absolute("http://example.org?x=1").pathAndQuery()).isEqualTo("/?x=1");
        Target tls = Target.authority("https", "example.org:443", "/p");
        assertThat(tls.hostHeader()).isEqualTo("example.org");
        assertThat(tls.withScheme("wss").url()).isEqualTo("wss://example.org/p");
    }

    @Test
    void ipv6AuthoritiesKeepTheirBracketsInUrlsButNotForResolving() throws IOException {
        Target t = Target.authority("https", "[::1]:8443", "/");
        assertThat(t.bareHost()).isEqualTo("::1");
        assertThat(t.url()).isEqualTo("https://[::1]:8443/");
    }

    @Test
    void userinfoIsNeverPassedOnAndMalformedPortsAreRejected() throws IOException {
        assertThat(Target.absolute("http://user:secret@example.org/").url()).isEqualTo("http://example.org/");
        assertThatThrownBy(() -> Target.absolute("http://example.org:99999/")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> Target.absolute("http://example.org:x/")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> Target.absolute("/relative")).isInstanceOf(IOException.class);
    }
}
