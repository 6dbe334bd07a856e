package org.evidencepipeline.capturer.capture;

import org.evidencepipeline.addresspolicy.AddressPolicy;
import org.evidencepipeline.addresspolicy.Cidr;
import org.evidencepipeline.addresspolicy.VettedResolver;
import org.evidencepipeline.contracts.PageCaptureOutcome;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class UrlCheckTest {
    /** A name that resolves inside, as hostile DNS would answer it. */
    private final VettedResolver resolver = new VettedResolver(new AddressPolicy(List.of(Cidr.parse("127.0.0.1/32"))),
            host -> host.equals("inside.example") ? List.of(InetAddress.getByName("10.1.2.3")) : List.of(InetAddress.getByName(host)));
    private final UrlCheck check = new UrlCheck(resolver);

    @Test
    void privateAddressIsRefusedWithTheAddress() {
        assertThat(check.check("http://192.168.1.10/admin", "c1")).get()
                .isInstanceOfSatisfying(PageCaptureOutcome.Refused.class, r -> assertThat(r.reason()).contains("192.168.1.10"));
    }

    @Test
    void aNameThatResolvesInsideIsRefused() {
        assertThat(check.check("https://inside.example/p", "c1")).get()
                .isInstanceOfSatisfying(PageCaptureOutcome.Refused.class, r -> assertThat(r.reason()).contains("10.1.2.3"));
    }

    @Test
    void onlyHttpAndHttpsAreCaptured() {
        assertThat(check.check("file:///etc/passwd", "c1")).get()
                .isInstanceOfSatisfying(PageCaptureOutcome.Refused.class, r -> assertThat(r.reason()).contains("file:"));
        assertThat(check.check("javascript:alert(1)", "c1")).get().isInstanceOf(PageCaptureOutcome.Refused.class);
        assertThat(check.check("/relative/path", "c1")).get().isInstanceOf(PageCaptureOutcome.Refused.class);
    }

    @Test
    void credentialsInTheUrlAreRefused() {
        assertThat(check.check("http://user:secret@127.0.0.1/p", "c1")).get()
                .isInstanceOfSatisfying(PageCaptureOutcome.Refused.class, r -> assertThat(r.reason()).doesNotContain("secret"));
    }

    @Test
    void anAllowedAddressPasses() {
        assertThat(check.check("http://127.0.0.1:8080/page", "c1")).isEmpty();
    }
}
