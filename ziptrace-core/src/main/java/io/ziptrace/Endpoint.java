package io.ziptrace;

import io.ziptrace.internal.IpLiterals;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.Objects;

/**
 * A network participant in a trace: the local service that records spans, or the remote peer
 * of a CLIENT, SERVER, PRODUCER or CONSUMER span.
 *
 * <p>Immutable. Addresses are IP literals only: ziptrace never resolves host names, so building
 * an endpoint never touches the network.
 */
public final class Endpoint {
  private final String serviceName;
  private final String ipv4;
  private final byte[] ipv4Bytes;
  private final String ipv6;
  private final byte[] ipv6Bytes;
  private final int port;

  private Endpoint(Builder b) {
    this.serviceName = b.serviceName;
    this.ipv4 = b.ipv4;
    this.ipv4Bytes = b.ipv4Bytes;
    this.ipv6 = b.ipv6;
    this.ipv6Bytes = b.ipv6Bytes;
    this.port = b.port;
  }

  /** Returns a builder for an endpoint with the given service name ({@code null} for none). */
  public static Builder builder(String serviceName) {
    return new Builder().serviceName(serviceName);
  }

  /** Returns an endpoint that only has a service name. */
  public static Endpoint of(String serviceName) {
    return builder(serviceName).build();
  }

  /** Returns a builder initialised with this endpoint's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.serviceName = serviceName;
    b.ipv4 = ipv4;
    b.ipv4Bytes = ipv4Bytes;
    b.ipv6 = ipv6;
    b.ipv6Bytes = ipv6Bytes;
    b.port = port;
    return b;
  }

  /** The service name as given (Zipkin lowercases it on storage), or {@code null}. */
  public String serviceName() {
    return serviceName;
  }

  /** The IPv4 address in dotted-quad form, or {@code null}. */
  public String ipv4() {
    return ipv4;
  }

  /** The IPv4 address as 4 bytes in network order, or {@code null}. A copy. */
  public byte[] ipv4Bytes() {
    return ipv4Bytes == null ? null : ipv4Bytes.clone();
  }

  /** The IPv6 address in canonical compressed form (e.g. {@code 2001:db8::1}), or {@code null}. */
  public String ipv6() {
    return ipv6;
  }

  /** The IPv6 address as 16 bytes in network order, or {@code null}. A copy. */
  public byte[] ipv6Bytes() {
    return ipv6Bytes == null ? null : ipv6Bytes.clone();
  }

  /** The port, or zero when unknown. */
  public int port() {
    return port;
  }

  /** True when no field is set; such an endpoint is omitted from encoded spans. */
  public boolean isEmpty() {
    return serviceName == null && ipv4 == null && ipv6 == null && port == 0;
  }

  @Override
  public boolean equals(Object o) {
    if (o == this) return true;
    if (!(o instanceof Endpoint)) return false;
    Endpoint that = (Endpoint) o;
    return Objects.equals(serviceName, that.serviceName)
        && Objects.equals(ipv4, that.ipv4)
        && Objects.equals(ipv6, that.ipv6)
        && port == that.port;
  }

  @Override
  public int hashCode() {
    return Objects.hash(serviceName, ipv4, ipv6, port);
  }

  @Override
  public String toString() {
    return "Endpoint{serviceName=" + serviceName + ", ipv4=" + ipv4 + ", ipv6=" + ipv6 + ", port=" + port + "}";
  }

  /** Builds an {@link Endpoint}. Not thread-safe. */
  public static final class Builder {
    private String serviceName;
    private String ipv4;
    private byte[] ipv4Bytes;
    private String ipv6;
    private byte[] ipv6Bytes;
    private int port;

    private Builder() {}

    /** Sets the service name; {@code null} or empty clears it. */
    public Builder serviceName(String serviceName) {
      this.serviceName = serviceName == null || serviceName.isEmpty() ? null : serviceName;
      return this;
    }

    /**
     * Sets the IPv4 address from a dotted-quad literal; {@code null} clears it.
     *
     * @throws IllegalArgumentException when the value is not an IPv4 literal
     */
    public Builder ipv4(String ipv4) {
      if (ipv4 == null) {
        this.ipv4 = null;
        this.ipv4Bytes = null;
        return this;
      }
      byte[] bytes = IpLiterals.parseIpv4(ipv4);
      if (bytes == null) throw new IllegalArgumentException("not an IPv4 literal: " + ipv4);
      this.ipv4Bytes = bytes;
      this.ipv4 = IpLiterals.formatIpv4(bytes);
      return this;
    }

    /**
     * Sets the IPv6 address from a literal; {@code null} clears it. An IPv4-mapped address sets
     * the IPv4 address instead.
     *
     * @throws IllegalArgumentException when the value is not an IPv6 literal
     */
    public Builder ipv6(String ipv6) {
      if (ipv6 == null) {
        this.ipv6 = null;
        this.ipv6Bytes = null;
        return this;
      }
      byte[] bytes = IpLiterals.parseIpv6(ipv6);
      if (bytes == null) throw new IllegalArgumentException("not an IPv6 literal: " + ipv6);
      return ipv6Bytes(bytes);
    }

    /**
     * Sets the IPv4 or IPv6 address from a literal of either family; returns {@code false} and
     * changes nothing when the value is not an IP literal (host names are never resolved).
     */
    public boolean parseIp(String ip) {
      if (ip == null) return false;
      byte[] v4 = IpLiterals.parseIpv4(ip);
      if (v4 != null) {
        this.ipv4Bytes = v4;
        this.ipv4 = IpLiterals.formatIpv4(v4);
        return true;
      }
      byte[] v6 = IpLiterals.parseIpv6(ip);
      if (v6 == null) return false;
      ipv6Bytes(v6);
      return true;
    }

    /** Sets the IPv4 or IPv6 address from an already-resolved address; {@code null} is ignored. */
    public Builder ip(InetAddress address) {
      if (address instanceof Inet4Address) {
        byte[] bytes = address.getAddress();
        this.ipv4Bytes = bytes;
        this.ipv4 = IpLiterals.formatIpv4(bytes);
      } else if (address instanceof Inet6Address) {
        ipv6Bytes(address.getAddress());
      }
      return this;
    }

    private Builder ipv6Bytes(byte[] bytes) {
      byte[] mapped = IpLiterals.ipv4Mapped(bytes);
      if (mapped != null) {
        this.ipv4Bytes = mapped;
        this.ipv4 = IpLiterals.formatIpv4(mapped);
        return this;
      }
      this.ipv6Bytes = Arrays.copyOf(bytes, 16);
      this.ipv6 = IpLiterals.formatIpv6(bytes);
      return this;
    }

    /**
     * Sets the port; zero clears it.
     *
     * @throws IllegalArgumentException when outside 0..65535
     */
    public Builder port(int port) {
      if (port < 0 || port > 0xffff) throw new IllegalArgumentException("invalid port: " + port);
      this.port = port;
      return this;
    }

    /** Returns the endpoint. */
    public Endpoint build() {
      return new Endpoint(this);
    }
  }
}
