package org.evidencepipeline.addresspolicy;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VettedResolverTest {

    @Test
    void aNameWithOneInternalAnswerAmongPublicOnesIsRefused() throws Exception {
        VettedResolver.Lookup hostile = host -> List.of(InetAddress.getByName("93.184.216.34"), InetAddress.getByName("169.254.169.254"));
        VettedResolver resolver = new VettedResolver(new AddressPolicy(List.of()), hostile);
        assertThatThrownBy(() -> resolver.lookup("rebind.example"))
                .isInstanceOf(RefusedAddressException.class)
                .hasMessageContaining("rebind.example resolves to 169.254.169.254")
                .hasMessageContaining("link-local");
    }

    @Test
    void publicAnswersArePassedThrough() throws Exception {
        List<InetAddress> answers = List.of(InetAddress.getByName("93.184.216.34"));
        VettedResolver resolver = new VettedResolver(new AddressPolicy(List.of()), host -> answers);
        assertThat(resolver.lookup("example.org")).isEqualTo(answers);
    }

    @Test
    void ipLiteralsAreVettedAsThemselvesIncludingBracketedIpv6() {
        VettedResolver strict = new VettedResolver(new AddressPolicy(List.of()));
        assertThatThrownBy(() -> strict.lookup("127.0.0.1")).isInstanceOf(RefusedAddressException.class).hasMessageContaining("loopback");
        assertThatThrownBy(() -> strict.lookup("[::1]")).isInstanceOf(RefusedAddressException.class).hasMessageContaining("loopback");
    }

    @Test
    void theAllowListOpensOnlyWhatItNamesAndIgnoresBlankEntries() throws Exception {
        VettedResolver local = new VettedResolver(AddressPolicy.allowing(List.of("127.0.0.1/32", " ")));
        assertThat(local.lookup("127.0.0.1")).containsExactly(InetAddress.getByName("127.0.0.1"));
        assertThatThrownBy(() -> local.lookup("127.0.0.2")).isInstanceOf(RefusedAddressException.class);
        assertThatThrownBy(() -> local.checkConnected(InetAddress.getByName("10.0.0.1"))).isInstanceOf(RefusedAddressException.class)
                .hasMessageContaining("private");
    }

    @Test
    void aMalformedAllowListEntryFailsInsteadOfBeingIgnored() {
        assertThatThrownBy(() -> AddressPolicy.allowing(List.of("localhost"))).isInstanceOf(IllegalArgumentException.class);
    }
}
