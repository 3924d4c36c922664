package io.ziptrace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class EndpointTest {
  @Test
  void ipv4AndPort() {
    Endpoint e = Endpoint.builder("api").ipv4("192.168.0.1").port(8080).build();

    assertThat(e.serviceName()).isEqualTo("api");
    assertThat(e.ipv4()).isEqualTo("192.168.0.1");
    assertThat(e.ipv4Bytes()).containsExactly(192, 168, 0, 1);
    assertThat(e.port()).isEqualTo(8080);
    assertThat(e.isEmpty()).isFalse();
  }

  @Test
  void ipv6IsCanonicalised() {
    Endpoint e = Endpoint.builder("api").ipv6("2001:DB8:0:0:0:0:0:1").build();

    assertThat(e.ipv6()).isEqualTo("2001:db8::1");
    assertThat(e.ipv6Bytes()).hasSize(16);
  }

  @Test
  void ipv4MappedIpv6BecomesIpv4() {
    Endpoint e = Endpoint.builder("api").ipv6("::ffff:10.1.2.3").build();

    assertThat(e.ipv4()).isEqualTo("10.1.2.3");
    assertThat(e.ipv6()).isNull();
  }

  @Test
  void parseIpNeverResolvesHostNames() {
    Endpoint.Builder b = Endpoint.builder("api");

    assertThat(b.parseIp("localhost")).isFalse();
    assertThat(b.parseIp("1.2.3.256")).isFalse();
    assertThat(b.parseIp("::1")).isTrue();
    assertThat(b.parseIp("127.0.0.1")).isTrue();
    assertThat(b.build().ipv4()).isEqualTo("127.0.0.1");
    assertThat(b.build().ipv6()).isEqualTo("::1");
  }

  @Test
  void fromInetAddress() throws Exception {
    Endpoint e = Endpoint.builder("api").ip(InetAddress.getByName("127.0.0.1")).ip(null).build();

    assertThat(e.ipv4()).isEqualTo("127.0.0.1");
  }

  @Test
  void invalidInputIsAClearError() {
    assertThatThrownBy(() -> Endpoint.builder("a").ipv4("1.2.3")).hasMessageContaining("1.2.3");
    assertThatThrownBy(() -> Endpoint.builder("a").ipv6("not:an:ip::x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Endpoint.builder("a").port(65536)).hasMessageContaining("65536");
  }

  @Test
  void emptyServiceNameIsAbsent() {
    Endpoint e = Endpoint.builder("").build();

    assertThat(e.serviceName()).isNull();
    assertThat(e.isEmpty()).isTrue();
    assertThat(Endpoint.of("x")).isEqualTo(Endpoint.builder("x").build());
  }
}
