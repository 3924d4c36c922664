package io.ziptrace.propagation;

import static org.assertj.core.api.Assertions.assertThat;

import io.ziptrace.IncomingContext;
import io.ziptrace.TraceContext;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NoPropagationTest {
  @Test
  void writesNothingAndReadsNothing() {
    TraceContext context = TraceContext.builder().traceId(1L).spanId(2L).sampled(true).build();
    Map<String, String> incoming = B3Propagation.multi().headers(context);

    assertThat(Propagation.none().headers(context)).isEmpty();
    assertThat(Propagation.none().extract(incoming, MapHeaders.GETTER)).isSameAs(IncomingContext.EMPTY);
    assertThat(Propagation.none().keys()).isEmpty();
  }
}
