package io.ziptrace.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import io.ziptrace.Endpoint;
import io.ziptrace.FinishedSpan;
import io.ziptrace.TraceContext;
import org.junit.jupiter.api.Test;

/** The close summary names the service whose spans a reporter carried. */
class ReportingServicesTest {
  final ReportingServices services = new ReportingServices();

  static FinishedSpan spanOf(Endpoint local) {
    return FinishedSpan.builder(TraceContext.builder().traceId(0, 1).spanId(1).build()).name("op").localEndpoint(local).build();
  }

  @Test
  void namesNothingBeforeASpanNamesAService() {
    services.saw(spanOf(null));

    assertThat(services.describe()).isNull();
  }

  @Test
  void namesTheOneServiceWhoseSpansItCarried() {
    Endpoint a = Endpoint.of("service_a");
    services.saw(spanOf(a));
    services.saw(spanOf(a));
    services.saw(spanOf(Endpoint.of(new String("service_a")))); // equal, not the same instance

    assertThat(services.describe()).isEqualTo("service_a");
  }

  @Test
  void saysSoWhenSpansOfOtherServicesCameToo() {
    services.saw(spanOf(Endpoint.of("service_a")));
    services.saw(spanOf(Endpoint.of("service_b")));
    services.saw(spanOf(Endpoint.of("service_a")));

    assertThat(services.describe()).isEqualTo("service_a and other services");
  }
}
