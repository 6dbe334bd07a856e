package org.evidencepipeline.local;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The {@code --allow-cidrs CIDR[,CIDR]} option, checked before anything starts: a typo must be a usage error at
 * once, not a service that fails to start (or, worse, an allow-list quietly smaller than meant) a minute later.
 */
final class AllowCidrs {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:]*:[0-9a-fA-F:.]*");

    private AllowCidrs() {
    }

    /** The blocks of a comma-separated list, each normalised as written ({@code 127.0.0.0/8}); throws on any bad one. */
    static List<String> parse(String option) {
        List<String> out = new ArrayList<>();
        for (String raw : option.split(",", -1)) {
            out.add(check(raw.trim()));
        }
        return List.copyOf(out);
    }

    private static String check(String cidr) {
        if (cidr.isEmpty()) {
            throw new IllegalArgumentException("--allow-cidrs has an empty entry; give CIDR[,CIDR], e.g. 127.0.0.0/8,::1/128");
        }
        String[] parts = cidr.split("/", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException("--allow-cidrs entry '" + cidr + "' is not ADDRESS/PREFIX (e.g. 10.0.0.0/8)");
        }
        String address = parts[0];
        int bits;
        if (IPV4.matcher(address).matches()) {
            bits = 32;
            for (String octet : address.split("\\.")) {
                if (Integer.parseInt(octet) > 255) {
                    throw new IllegalArgumentException("--allow-cidrs entry '" + cidr + "': '" + address + "' is not an IPv4 address");
                }
            }
        } else if (IPV6.matcher(address).matches()) {
            bits = 128;
            try {
                // a literal containing ':' is parsed, never looked up in DNS
                if (InetAddress.getByName(address).getAddress().length != 16) {
                    throw new UnknownHostException(address);
                }
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("--allow-cidrs entry '" + cidr + "': '" + address + "' is not an IPv6 address");
            }
        } else {
            // Never resolved: a host name here would be looked up in DNS, and an allow-list must not depend on it.
            throw new IllegalArgumentException("--allow-cidrs entry '" + cidr + "': '" + address + "' is not an IPv4 or IPv6 address");
        }
        int prefix;
        try {
            prefix = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--allow-cidrs entry '" + cidr + "': prefix '" + parts[1] + "' is not a number");
        }
        if (prefix < 0 || prefix > bits) {
            throw new IllegalArgumentException("--allow-cidrs entry '" + cidr + "': prefix /" + prefix + " is out of range 0-" + bits);
        }
        return cidr;
    }
}
