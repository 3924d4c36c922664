package io.ziptrace.propagation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.ziptrace.TraceContext;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class B3RoundTripTest {
  final TraceContext child = TraceContext.builder().traceId(0x463ac35c9f6413adL).spanId(0xa2fb4a1d1a96d312L)
      .parentId(0x0020000000000001L).sampled(true).build();

  @Test
  void multiHeaders() {
    assertThat(B3Propagation.multi().headers(child)).containsExactly(
        entry("x-b3-traceid", "463ac35c9f6413ad"),
        entry("x-b3-spanid", "a2fb4a1d1a96d312"),
        entry("x-b3-parentspanid", "0020000000000001"),
        entry("x-b3-sampled", "1"));
  }

  @Test
  void rootHasNoParentAndUndecidedHasNoSampled() {
    TraceContext root = TraceContext.builder().traceId(1L).spanId(1L).build();

    assertThat(B3Propagation.multi().headers(root)).containsOnlyKeys("x-b3-traceid", "x-b3-spanid");
    assertThat(B3Propagation.single().headers(root)).containsExactly(entry("b3", "0000000000000001-0000000000000001"));
  }

  @Test
  void debugIsSentAsFlags() {
    TraceContext debug = child.toBuilder().debug(true).build();

    assertThat(B3Propagation.multi().headers(debug)).containsEntry("x-b3-flags", "1").doesNotContainKey("x-b3-sampled");
    assertThat(B3Propagation.single().headers(debug))
        .containsExactly(entry("b3", "463ac35c9f6413ad-a2fb4a1d1a96d312-d-0020000000000001"));
  }

  @Test
  void singleHeader() {
    assertThat(B3Propagation.single().headers(child))
        .containsExactly(entry("b3", "463ac35c9f6413ad-a2fb4a1d1a96d312-1-0020000000000001"));
    assertThat(B3Propagation.single().headers(child.toBuilder().sampled(false).build()))
        .containsExactly(entry("b3", "463ac35c9f6413ad-a2fb4a1d1a96d312-0-0020000000000001"));
  }

  @Test
  void randomContextsSurviveBothForms() {
    Random random = new Random(3);
    for (int i = 0; i < 10_000; i++) {
      TraceContext.Builder b = TraceContext.builder()
          .traceId(random.nextBoolean() ? random.nextLong() : 0L, random.nextLong() | 1L)
          .spanId(random.nextLong() | 1L);
      if (random.nextBoolean()) b.parentId(random.nextLong() | 1L);
      int sampling = random.nextInt(4);
      if (sampling == 3) b.debug(true);
      else b.sampled(sampling == 0 ? null : sampling == 1);
      TraceContext context = b.build();

      for (B3Propagation propagation : new B3Propagation[] {B3Propagation.multi(), B3Propagation.single()}) {
        Map<String, String> headers = new HashMap<>(propagation.headers(context));
        TraceContext extracted = propagation.extract(headers, MapHeaders.GETTER).context();
        if (propagation == B3Propagation.single() && context.sampled() == null && context.parentId() != 0L) {
          // the single form cannot carry a parent id without a sampling state
          assertThat(extracted).isEqualTo(context.toBuilder().parentId(0L).build());
        } else {
          assertThat(extracted).isEqualTo(context);
        }
      }
    }
  }

  @Test
  void aThrowingGetterIsAnAbsentHeader() {
    HeaderGetter<Object> broken = (carrier, name) -> { throw new IllegalStateException("closed"); };

    assertThat(B3Propagation.multi().extract(new Object(), broken).isEmpty()).isTrue();
  }

  @Test
  void mapGetterIgnoresCase() {
    Map<String, String> headers = Map.of("X-B3-TraceId", "463ac35c9f6413ad", "X-B3-SPANID", "a2fb4a1d1a96d312");

    assertThat(B3Propagation.multi().extract(headers, MapHeaders.GETTER).context()).isNotNull();
  }
}
