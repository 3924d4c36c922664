package io.ziptrace.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Parses and formats IP address literals without any name resolution. Internal: not part of the
 * supported API.
 */
public final class IpLiterals {
  private IpLiterals() {}

  /** Returns the 4 bytes of a dotted-quad IPv4 literal, or {@code null} if it is not one. */
  public static byte[] parseIpv4(String s) {
    int len = s.length();
    if (len < 7 || len > 15) return null;
    byte[] out = new byte[4];
    int part = 0;
    int value = 0;
    int digits = 0;
    for (int i = 0; i <= len; i++) {
      char c = i == len ? '.' : s.charAt(i);
      if (c == '.') {
        if (digits == 0 || part > 3) return null;
        out[part++] = (byte) value;
        value = 0;
        digits = 0;
      } else if (c >= '0' && c <= '9') {
        if (digits > 0 && value == 0) return null; // no leading zeros: they are octal to some parsers
        value = value * 10 + (c - '0');
        if (++digits > 3 || value > 255) return null;
      } else {
        return null;
      }
    }
    return part == 4 ? out : null;
  }

  /** Returns the 16 bytes of an IPv6 literal (brackets and zone allowed), or {@code null}. */
  public static byte[] parseIpv6(String s) {
    String literal = s;
    if (literal.length() > 2 && literal.charAt(0) == '[' && literal.charAt(literal.length() - 1) == ']') {
      literal = literal.substring(1, literal.length() - 1);
    }
    int zone = literal.indexOf('%');
    if (zone >= 0) literal = literal.substring(0, zone);
    if (literal.length() < 2 || literal.length() > 45 || literal.indexOf(':') < 0) return null;
    for (int i = 0; i < literal.length(); i++) {
      char c = literal.charAt(i);
      boolean ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' || c == '.';
      if (!ok) return null; // guarantees InetAddress below parses a literal and never does a DNS lookup
    }
    try {
      byte[] bytes = InetAddress.getByName(literal).getAddress();
      if (bytes.length == 4) { // an IPv4-mapped literal: the JDK hands back the IPv4 address
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(bytes, 0, mapped, 12, 4);
        return mapped;
      }
      return bytes;
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /** Returns the IPv4 address embedded in an IPv4-mapped IPv6 address, or {@code null}. */
  public static byte[] ipv4Mapped(byte[] ipv6) {
    for (int i = 0; i < 10; i++) if (ipv6[i] != 0) return null;
    if (ipv6[10] != (byte) 0xff || ipv6[11] != (byte) 0xff) return null;
    return new byte[] {ipv6[12], ipv6[13], ipv6[14], ipv6[15]};
  }

  /** Formats 4 bytes as a dotted quad. */
  public static String formatIpv4(byte[] b) {
    return (b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + "." + (b[3] & 0xff);
  }

  /** Formats 16 bytes in RFC 5952 form: lowercase, longest run of two or more zero groups as {@code ::}. */
  public static String formatIpv6(byte[] b) {
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
    int bestStart = -1;
    int bestLen = 1;
    for (int i = 0; i < 8; ) {
      if (groups[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && groups[j] == 0) j++;
      if (j - i > bestLen) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j;
    }
    StringBuilder sb = new StringBuilder(39);
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        sb.append("::");
        i += bestLen - 1;
        continue;
      }
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') sb.append(':');
      sb.append(Integer.toHexString(groups[i]));
    }
    return sb.toString();
  }
}
