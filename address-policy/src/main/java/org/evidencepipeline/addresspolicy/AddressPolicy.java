package org.evidencepipeline.addresspolicy;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * Decides whether a stage may connect to an address. Feed, media and link URLs come from strangers, so anything that
 * reaches inside a network is refused unless an operator allow-listed it: loopback, RFC 1918 private,
 * link-local (incl. 169.254.169.254 cloud metadata), CGNAT, unique-local IPv6, multicast, unspecified,
 * broadcast, documentation/benchmark ranges, and IPv6 forms embedding IPv4 (mapped, compatible, NAT64,
 * 6to4, Teredo), which are judged by the IPv4 address they carry.
 */
public final class AddressPolicy {
    private record Rule(Cidr cidr, String why) {
    }

    private static final List<Rule> REFUSED = List.of(
            new Rule(Cidr.parse("0.0.0.0/8"), "is in 'this network' 0.0.0.0/8"),
            new Rule(Cidr.parse("10.0.0.0/8"), "is private (10.0.0.0/8)"),
            new Rule(Cidr.parse("100.64.0.0/10"), "is carrier-grade NAT (100.64.0.0/10)"),
            new Rule(Cidr.parse("127.0.0.0/8"), "is loopback"),
            new Rule(Cidr.parse("169.254.0.0/16"), "is link-local (169.254.0.0/16, cloud metadata)"),
            new Rule(Cidr.parse("172.16.0.0/12"), "is private (172.16.0.0/12)"),
            new Rule(Cidr.parse("192.0.0.0/24"), "is IETF protocol assignment (192.0.0.0/24)"),
            new Rule(Cidr.parse("192.0.2.0/24"), "is documentation (TEST-NET-1)"),
            new Rule(Cidr.parse("192.88.99.0/24"), "is 6to4 relay anycast"),
            new Rule(Cidr.parse("192.168.0.0/16"), "is private (192.168.0.0/16)"),
            new Rule(Cidr.parse("198.18.0.0/15"), "is benchmarking (198.18.0.0/15)"),
            new Rule(Cidr.parse("198.51.100.0/24"), "is documentation (TEST-NET-2)"),
            new Rule(Cidr.parse("203.0.113.0/24"), "is documentation (TEST-NET-3)"),
            new Rule(Cidr.parse("224.0.0.0/4"), "is multicast"),
            new Rule(Cidr.parse("240.0.0.0/4"), "is reserved (240.0.0.0/4, incl. broadcast)"),
            new Rule(Cidr.parse("::/128"), "is the unspecified address"),
            new Rule(Cidr.parse("::1/128"), "is loopback"),
            new Rule(Cidr.parse("fc00::/7"), "is unique-local IPv6 (fc00::/7)"),
            new Rule(Cidr.parse("fe80::/10"), "is link-local IPv6 (fe80::/10)"),
            new Rule(Cidr.parse("fec0::/10"), "is site-local IPv6 (fec0::/10)"),
            new Rule(Cidr.parse("ff00::/8"), "is multicast IPv6"),
            new Rule(Cidr.parse("2001:db8::/32"), "is documentation IPv6"),
            new Rule(Cidr.parse("100::/64"), "is discard-only IPv6"));

    private static final Cidr NAT64 = Cidr.parse("64:ff9b::/96");
    private static final Cidr NAT64_LOCAL = Cidr.parse("64:ff9b:1::/48");
    private static final Cidr SIX_TO_FOUR = Cidr.parse("2002::/16");
    private static final Cidr TEREDO = Cidr.parse("2001::/32");
    private static final Cidr COMPATIBLE = Cidr.parse("::/96");

    private final List<Cidr> allowed;

    /** @param allowed networks an operator explicitly permits (e.g. a local test server); empty in production */
    public AddressPolicy(List<Cidr> allowed) {
        this.allowed = List.copyOf(allowed);
    }

    /**
     * The policy of one service's {@code *.allow-cidrs} setting: blank entries are ignored, a malformed one fails
     * start-up (an operator typo must not silently open or close the network).
     */
    public static AddressPolicy allowing(List<String> cidrs) {
        return new AddressPolicy(cidrs == null ? List.of()
                : cidrs.stream().filter(s -> s != null && !s.isBlank()).map(Cidr::parse).toList());
    }

    /** The networks an operator allow-listed, for a start-up warning. */
    public List<Cidr> allowed() {
        return allowed;
    }

    /** Why the address is refused, or empty if it may be contacted. */
    public Optional<String> refusal(InetAddress address) {
        for (Cidr c : allowed) {
            if (c.contains(address)) {
                return Optional.empty();
            }
        }
        Optional<Inet4Address> embedded = embeddedIpv4(address);
        if (embedded.isPresent()) {
            return refusal(embedded.get()).map(why -> "embeds IPv4 " + embedded.get().getHostAddress() + " which " + why);
        }
        for (Rule r : REFUSED) {
            if (r.cidr().contains(address)) {
                return Optional.of(r.why());
            }
        }
        return Optional.empty();
    }

    /** The IPv4 address an IPv6 address carries in a transition form, if any. Java normalises ::ffff:a.b.c.d itself. */
    static Optional<Inet4Address> embeddedIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return Optional.empty();
        }
        byte[] a = address.getAddress();
        try {
            if (NAT64.contains(address) || NAT64_LOCAL.contains(address) || (COMPATIBLE.contains(address) && !isZeroOrOne(a))) {
                return Optional.of((Inet4Address) InetAddress.getByAddress(new byte[]{a[12], a[13], a[14], a[15]}));
            }
            if (isMapped(a)) {
                return Optional.of((Inet4Address) InetAddress.getByAddress(new byte[]{a[12], a[13], a[14], a[15]}));
            }
            if (SIX_TO_FOUR.contains(address)) {
                return Optional.of((Inet4Address) InetAddress.getByAddress(new byte[]{a[2], a[3], a[4], a[5]}));
            }
            if (TEREDO.contains(address)) {
                // Teredo: client IPv4 is the last 32 bits, inverted.
                return Optional.of((Inet4Address) InetAddress.getByAddress(new byte[]{(byte) ~a[12], (byte) ~a[13], (byte) ~a[14], (byte) ~a[15]}));
            }
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
        return Optional.empty();
    }

    private static boolean isMapped(byte[] a) {
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return a[10] == (byte) 0xff && a[11] == (byte) 0xff;
    }

    private static boolean isZeroOrOne(byte[] a) {
        for (int i = 0; i < 15; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return a[15] == 0 || a[15] == 1;
    }
}
