package org.evidencepipeline.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code ./pipeline run --allow-cidrs}: every entry is checked before anything starts (a bad one is a usage error,
 * exit status 2, naming the entry), and the list becomes each fetching stage's own allow-list setting.
 */
class AllowCidrsOptionTest {

    @Test
    void validListsAreAccepted() {
        assertThat(AllowCidrs.parse("127.0.0.0/8")).containsExactly("127.0.0.0/8");
        assertThat(AllowCidrs.parse("127.0.0.0/8, ::1/128,10.0.0.0/8,fc00::/7,192.168.1.7/32"))
                .containsExactly("127.0.0.0/8", "::1/128", "10.0.0.0/8", "fc00::/7", "192.168.1.7/32");
    }

    @Test
    void badEntriesAreRefusedWithTheReason() {
        assertThatThrownBy(() -> AllowCidrs.parse("10.0.0.0/33")).hasMessageContaining("'10.0.0.0/33'").hasMessageContaining("0-32");
        assertThatThrownBy(() -> AllowCidrs.parse("::1/129")).hasMessageContaining("0-128");
        assertThatThrownBy(() -> AllowCidrs.parse("10.0.0.0")).hasMessageContaining("ADDRESS/PREFIX");
        assertThatThrownBy(() -> AllowCidrs.parse("300.1.1.1/8")).hasMessageContaining("not an IPv4 address");
        assertThatThrownBy(() -> AllowCidrs.parse("localhost/8")).hasMessageContaining("not an IPv4 or IPv6 address");
        assertThatThrownBy(() -> AllowCidrs.parse("127.0.0.0/8,,10.0.0.0/8")).hasMessageContaining("empty entry");
        assertThatThrownBy(() -> AllowCidrs.parse("10.0.0.0/x")).hasMessageContaining("not a number");
        assertThatThrownBy(() -> AllowCidrs.parse("1::2::3/64")).hasMessageContaining("not an IPv6 address");
    }

    @Test
    void badCidrIsAUsageErrorBeforeAnythingStarts(@TempDir Path dir) throws Exception {
        Path collections = Files.writeString(dir.resolve("collections.yaml"), "collections: []\n");
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        int status = new Pipeline(out, new Shutdown(out)).run(new String[] {"run", "--collections", collections.toString(),
                "--data-dir", dir.resolve("data").toString(), "--allow-cidrs", "127.0.0.0/8,10.0.0.0/33"});
        String printed = buffer.toString(StandardCharsets.UTF_8);
        assertThat(status).isEqualTo(2);
        assertThat(printed).startsWith("--allow-cidrs entry '10.0.0.0/33': prefix /33 is out of range 0-32\n")
                .contains("usage: ./pipeline");
        assertThat(dir.resolve("data")).doesNotExist();
    }

    @Test
    void demoRefusesTheOption() throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        assertThat(new Pipeline(out, new Shutdown(out)).run(new String[] {"demo", "--allow-cidrs", "10.0.0.0/8"})).isEqualTo(2);
        assertThat(buffer.toString(StandardCharsets.UTF_8)).contains("--allow-cidrs is for run");
    }

    @Test
    void theListBecomesEachFetchingStagesSetting() {
        List<String> cidrs = List.of("127.0.0.0/8", "::1/128");
        assertThat(LocalPipeline.allowCidrProperties("collector", cidrs)).isEqualTo(Map.of("collector.http.allow-cidrs", "127.0.0.0/8,::1/128"));
        assertThat(LocalPipeline.allowCidrProperties("enricher", cidrs)).isEqualTo(Map.of("enricher.links.allow-cidrs", "127.0.0.0/8,::1/128"));
        assertThat(LocalPipeline.allowCidrProperties("storer", cidrs)).isEqualTo(Map.of("storer.download.allow-cidrs", "127.0.0.0/8,::1/128"));
        assertThat(LocalPipeline.allowCidrProperties("capturer", cidrs)).isEqualTo(Map.of("capturer.proxy.allow-cidrs", "127.0.0.0/8,::1/128"));
        assertThat(LocalPipeline.allowCidrProperties("storer", List.of())).isEmpty();
        // handed over in the environment, as MicroProfile Config spells the settings there
        assertThat(LocalPipeline.ALLOW_CIDRS_SETTING.values()).extracting(LocalPipeline::environmentName)
                .containsExactlyInAnyOrder("COLLECTOR_HTTP_ALLOW_CIDRS", "ENRICHER_LINKS_ALLOW_CIDRS", "STORER_DOWNLOAD_ALLOW_CIDRS",
                        "CAPTURER_PROXY_ALLOW_CIDRS");
    }
}
