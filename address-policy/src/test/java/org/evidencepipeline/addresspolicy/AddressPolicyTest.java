package org.evidencepipeline.addresspolicy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AddressPolicyTest {
    private final AddressPolicy strict = new AddressPolicy(List.of());

    @ParameterizedTest(name = "{0} refused: {1}")
    @CsvSource(delimiter = '|', value = {
            "127.0.0.1            | loopback",
            "127.8.9.10           | loopback",
            "10.1.2.3             | private (10.0.0.0/8)",
            "172.16.5.4           | private (172.16.0.0/12)",
            "172.31.255.255       | private (172.16.0.0/12)",
            "192.168.1.1          | private (192.168.0.0/16)",
            "169.254.169.254      | link-local",
            "100.64.0.1           | carrier-grade NAT",
            "0.0.0.0              | 'this network'",
            "224.0.0.1            | multicast",
            "255.255.255.255      | reserved",
            "::1                  | loopback",
            "::                   | unspecified",
            "fd00::1              | unique-local",
            "fc12:3456::1         | unique-local",
            "fe80::1              | link-local IPv6",
            "ff02::1              | multicast IPv6",
            "::ffff:169.254.169.254 | link-local",
            "::ffff:10.0.0.1      | private",
            "64:ff9b::a9fe:a9fe   | embeds IPv4 169.254.169.254",
            "64:ff9b::7f00:1      | embeds IPv4 127.0.0.1",
            "2002:a9fe:a9fe::1    | embeds IPv4 169.254.169.254",
            "2002:0a00:0001::1    | embeds IPv4 10.0.0.1",
            "2001:0:4136:e378:8000:63bf:80ff:fffe | embeds IPv4 127.0.0.1",
            "::7f00:1             | embeds IPv4 127.0.0.1"
    })
    void refusesInternalAddressesInEveryForm(String address, String why) throws Exception {
        assertThat(strict.refusal(InetAddress.getByName(address.trim()))).hasValueSatisfying(r -> assertThat(r).contains(why.trim()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "93.184.216.34", "1.1.1.1", "2606:4700:4700::1111", "2a00:1450:4001:82b::200e",
            "64:ff9b::808:808", "172.32.0.1", "100.128.0.1"})
    void allowsPublicAddresses(String address) throws Exception {
        assertThat(strict.refusal(InetAddress.getByName(address))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::ffff:127.0.0.1"})
    void anOperatorAllowListOpensExactlyThatNetwork(String address) throws Exception {
        AddressPolicy demo = new AddressPolicy(List.of(Cidr.parse("127.0.0.0/8")));
        assertThat(demo.refusal(InetAddress.getByName(address))).isEmpty();
        assertThat(demo.refusal(InetAddress.getByName("169.254.169.254"))).isPresent();
        assertThat(demo.refusal(InetAddress.getByName("::1"))).isPresent();
    }
}
