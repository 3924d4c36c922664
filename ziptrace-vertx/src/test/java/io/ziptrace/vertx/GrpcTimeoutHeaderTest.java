package io.ziptrace.vertx;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Reading a gRPC call's deadline from its {@code grpc-timeout} header, which may be malformed. */
class GrpcTimeoutHeaderTest {
  @Test
  void everyUnitOfTheSpecificationIsRead() {
    assertThat(GrpcCalls.timeout("2H")).isEqualTo(Duration.ofHours(2));
    assertThat(GrpcCalls.timeout("90M")).isEqualTo(Duration.ofMinutes(90));
    assertThat(GrpcCalls.timeout("30S")).isEqualTo(Duration.ofSeconds(30));
    assertThat(GrpcCalls.timeout("1200m")).isEqualTo(Duration.ofMillis(1200));
    assertThat(GrpcCalls.timeout("15u")).isEqualTo(Duration.ofNanos(15_000));
    assertThat(GrpcCalls.timeout("99999999n")).isEqualTo(Duration.ofNanos(99_999_999));
    assertThat(GrpcCalls.timeout(" 5S ")).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void aMalformedOrMissingValueIsNoDeadline() {
    assertThat(GrpcCalls.timeout(null)).isNull();
    assertThat(GrpcCalls.timeout("")).isNull();
    assertThat(GrpcCalls.timeout("S")).isNull(); // no digits
    assertThat(GrpcCalls.timeout("5")).isNull(); // no unit
    assertThat(GrpcCalls.timeout("123456789S")).isNull(); // more than 8 digits
    assertThat(GrpcCalls.timeout("-1S")).isNull();
    assertThat(GrpcCalls.timeout("1.5S")).isNull();
    assertThat(GrpcCalls.timeout("10s")).isNull(); // units are case-sensitive: s is not one
    assertThat(GrpcCalls.timeout("10x")).isNull();
  }
}
